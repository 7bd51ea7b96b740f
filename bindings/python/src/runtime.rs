//! The one tokio runtime shared by `Client` (blocking) and `AsyncClient` (asyncio), and the
//! helpers that run futures on it from Python.
//!
//! The runtime is per process: after `os.fork()` the child's first call builds a new one (the
//! parent's worker threads do not exist in the child), and clients rebuild their connection
//! pools too (`client::Shared::core`). Panics never cross into Python as `PanicException`: they
//! are caught here and raised as `okta_admin.OktaError`.

use std::cell::{Cell, OnceCell};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{ContextExt, Runtime as GenericRuntime};
use pyo3_async_runtimes::TaskLocals;
use tokio::runtime::Runtime;

use crate::errors::internal_error;

/// How often a blocking call wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

struct Slot {
    pid: u32,
    runtime: Runtime,
    /// The thread that completes asyncio calls (see [`SharedRuntime::spawn_blocking`]).
    completer: std::sync::mpsc::Sender<Job>,
}

/// Work for the completer thread.
type Job = Box<dyn FnOnce() + Send>;

static SLOT: AtomicPtr<Slot> = AtomicPtr::new(std::ptr::null_mut());

/// The runtime of this process, built on first use (and again in a forked child).
pub fn runtime() -> &'static Runtime {
    &slot().runtime
}

/// The runtime and completer thread of this process.
fn slot() -> &'static Slot {
    let pid = std::process::id();
    let current = SLOT.load(Ordering::Acquire);
    // SAFETY: slots are leaked, never freed, so a pointer once stored stays valid.
    if let Some(slot) = unsafe { current.as_ref() } {
        if slot.pid == pid {
            return slot;
        }
    }
    // One worker: a call's task and its connection's task then share a thread, one wake-up
    // fewer per call (sequential gets on the canned server: 175 → 144 µs, median of 8 runs;
    // 32 in flight unchanged). Python holds the GIL for the decoding anyway.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("okta-admin")
        .enable_all()
        .build()
        .expect("could not start the tokio runtime");
    let fresh = Box::into_raw(Box::new(Slot { pid, runtime, completer: start_completer() }));
    match SLOT.compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire) {
        // The previous slot (another process's runtime, or none) is leaked on purpose: a runtime
        // inherited through fork cannot be shut down safely.
        // SAFETY: `fresh` was just leaked from a Box and is now published for good.
        Ok(_) => unsafe { &*fresh },
        Err(winner) => {
            // Another thread of this process won the race; use its runtime.
            // SAFETY: `fresh` was never published; `winner` is a leaked, valid slot.
            unsafe {
                drop(Box::from_raw(fresh));
                &*winner
            }
        }
    }
}

/// Runs `future` on the shared runtime and waits for it with the GIL released, waking up
/// regularly so that Ctrl-C (`KeyboardInterrupt`) interrupts the wait and cancels the call.
pub fn block_on<T, F>(py: Python<'_>, future: F) -> PyResult<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let rt = runtime();
    let mut handle = rt.spawn(async move {
        keep_thread_state();
        future.await
    });
    loop {
        // The timer is created inside the runtime (`timeout` needs its time driver).
        let waited = py.detach(|| rt.block_on(async { tokio::time::timeout(SIGNAL_CHECK, &mut handle).await }));
        match waited {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(join)) => return Err(internal_error(py, &join_message(join))),
            Err(_elapsed) => {
                if let Err(interrupt) = py.check_signals() {
                    handle.abort();
                    return Err(interrupt);
                }
            }
        }
    }
}

/// Wraps a future so that a panic inside it becomes an `okta_admin.OktaError` instead of
/// aborting the task (and, for asyncio, instead of pyo3's `RustPanic`).
pub async fn catch_panic<T>(future: impl Future<Output = PyResult<T>>) -> PyResult<T> {
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(Python::attach(|py| internal_error(py, &panic_message(&*panic)))),
    }
}

/// Runs `f`, turning a panic into an `okta_admin.OktaError`.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => Err(internal_error(py, &panic_message(&*panic))),
    }
}

/// Turns `future` into an asyncio awaitable that runs on the shared runtime.
pub fn into_awaitable<'py, T, F>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    F: Future<Output = PyResult<T>> + Send + 'static,
{
    guard(py, || pyo3_async_runtimes::generic::future_into_py::<SharedRuntime, _, T>(py, catch_panic(future)))
}

fn join_message(join: tokio::task::JoinError) -> String {
    if join.is_panic() {
        panic_message(&*join.into_panic())
    } else {
        "the call was cancelled".to_owned()
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    format!("internal error in okta_admin (please report it): {detail}")
}

thread_local! {
    /// Whether this thread keeps a Python thread state for good (see [`keep_thread_state`]).
    static KEEPS_THREAD_STATE: Cell<bool> = const { Cell::new(false) };
}

/// Gives the current thread (the runtime's worker, the completer) a Python thread state it keeps.
/// A thread that takes the GIL without one creates one and deletes it again each time, and the
/// frame stack that maps and unmaps costs a TLB shootdown across the CPUs: with 32 asyncio calls
/// in flight, over half the process's time when each call was completed on a blocking-pool
/// thread; with `DEBUG` logging, 143 -> 262 µs per sequential get (each record is logged from the
/// worker). Blocks until the GIL is free, once per thread.
fn keep_thread_state() {
    KEEPS_THREAD_STATE.with(|kept| {
        if !kept.replace(true) {
            // SAFETY: the interpreter is initialised (this module is loaded in it) and this
            // thread holds no GIL: `PyGILState_Ensure` takes it with a thread state that is never
            // released, and `PyEval_SaveThread` gives the GIL back, keeping that state.
            unsafe {
                pyo3::ffi::PyGILState_Ensure();
                pyo3::ffi::PyEval_SaveThread();
            }
        }
    });
}

/// Starts the completer thread: it runs the jobs sent to it, each batch of waiting jobs under
/// one hold of the GIL.
fn start_completer() -> std::sync::mpsc::Sender<Job> {
    let (sender, jobs) = std::sync::mpsc::channel::<Job>();
    // Without the thread (it could not be started), `spawn_blocking` falls back to the
    // runtime's blocking pool.
    let _ = std::thread::Builder::new().name("okta-admin-completer".into()).spawn(move || {
        keep_thread_state();
        while let Ok(first) = jobs.recv() {
            Python::attach(|_py| {
                for job in std::iter::once(first).chain(jobs.try_iter()) {
                    // A job's panic is its own (pyo3-async-runtimes reports it); the thread goes on.
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                }
            });
        }
    });
    sender
}

/// What [`SharedRuntime`] spawns: a task on the runtime, or a job sent to the completer thread
/// (which reports no outcome: it is done when it is run).
pub enum Handle {
    Task(tokio::task::JoinHandle<()>),
    Sent,
}

impl Future for Handle {
    type Output = Result<(), tokio::task::JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        match self.get_mut() {
            Handle::Task(handle) => Pin::new(handle).poll(cx),
            Handle::Sent => std::task::Poll::Ready(Ok(())),
        }
    }
}

/// Tasks of asyncio calls not yet finished, their clean-up included (it touches Python objects).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts one task from its spawn until it is dropped.
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Called at interpreter exit (`atexit`, before finalization): waits, with the GIL released, up
/// to `QUIESCE_LIMIT` for the runtime's asyncio tasks to finish their clean-up, so that no worker
/// thread touches Python while the interpreter is being torn down (which aborts the process).
#[pyfunction]
pub fn _quiesce(py: Python<'_>) {
    let started = std::time::Instant::now();
    py.detach(|| {
        while IN_FLIGHT.load(Ordering::Acquire) > 0 && started.elapsed() < QUIESCE_LIMIT {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// How long interpreter exit waits for asyncio tasks at most.
const QUIESCE_LIMIT: Duration = Duration::from_secs(5);

/// [`runtime()`] as a pyo3-async-runtimes runtime, so that awaitables run on the same,
/// fork-aware runtime as blocking calls.
pub struct SharedRuntime;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl GenericRuntime for SharedRuntime {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = Handle;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let task = InFlight::start();
        Handle::Task(runtime().spawn(async move {
            let _task = task;
            keep_thread_state();
            fut.await;
        }))
    }

    /// pyo3-async-runtimes completes every asyncio call here (`set_result` under the GIL): on
    /// the completer thread, which takes the GIL once for all the results waiting, instead of a
    /// blocking-pool thread per call that each creates a Python thread state and deletes it again.
    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        let task = InFlight::start();
        let job: Job = Box::new(move || {
            let _task = task;
            f();
        });
        if let Err(unsent) = slot().completer.send(job) {
            // The completer thread is gone (it never exits by itself): run the job on the pool.
            return Handle::Task(runtime().spawn_blocking(unsent.0));
        }
        Handle::Sent
    }
}

impl ContextExt for SharedRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|c| c.get().cloned())
            .unwrap_or_default()
    }
}
