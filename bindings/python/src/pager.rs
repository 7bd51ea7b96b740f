//! Lazy pagination for Python: iterators over items (one page in memory) and over pages, on
//! top of the core's [`okta_admin_runtime::Paginated`], which follows `Link: rel="next"`.
//!
//! `Pager` (blocking) and `AsyncPager` (asyncio) share one state; a page's JSON stays in Rust
//! until each item is handed out, so only the items the caller reaches become Python objects.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use okta_admin_runtime::{Error, Paginated};
use pyo3::exceptions::{PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyType};
use serde_json::value::RawValue;
use tokio::sync::Mutex;

use crate::convert::wrap;
use crate::decode::{self, Item};
use crate::errors::to_py_err;
use crate::outcome::Outcome;
use crate::runtime::{block_on, guard, into_awaitable};

struct State {
    pages: Paginated<Box<RawValue>>,
    buffer: VecDeque<Item>,
    /// The response the buffered items came from.
    last: Option<Meta>,
    /// Progress: pages and items fetched so far (shared with the pager, outside the lock).
    progress: Arc<Progress>,
}

/// Pages and items fetched so far (readable while a fetch is under way).
#[derive(Default)]
pub struct Progress {
    pages: AtomicU64,
    items: AtomicU64,
}

impl Progress {
    fn get(&self) -> (u64, u64) {
        (self.pages.load(Ordering::Relaxed), self.items.load(Ordering::Relaxed))
    }
}

#[derive(Clone)]
struct Meta {
    status: u16,
    next_url: Option<String>,
    request_id: Option<String>,
    headers: Vec<(String, String)>,
}

type Shared = Arc<Mutex<State>>;

fn shared(pages: Paginated<Box<RawValue>>, progress: Arc<Progress>) -> Shared {
    Arc::new(Mutex::new(State {
        pages,
        buffer: VecDeque::new(),
        last: None,
        progress,
    }))
}

/// The next item, fetching the next page when the buffered one is used up.
async fn next_item(state: Shared) -> Result<Option<Item>, Error> {
    let mut state = state.lock().await;
    loop {
        if let Some(item) = state.buffer.pop_front() {
            return Ok(Some(item));
        }
        if !fetch_page(&mut state).await? {
            return Ok(None);
        }
    }
}

/// The rest of the current page, or the next page.
async fn next_page(state: Shared) -> Result<Option<(Vec<Item>, Meta)>, Error> {
    let mut state = state.lock().await;
    if state.buffer.is_empty() && !fetch_page(&mut state).await? {
        return Ok(None);
    }
    let items = state.buffer.drain(..).collect();
    let meta = state.last.clone().unwrap_or(Meta {
        status: 200,
        next_url: None,
        request_id: None,
        headers: Vec::new(),
    });
    Ok(Some((items, meta)))
}

/// Fetches one page into the buffer; false when there are no more pages.
async fn fetch_page(state: &mut State) -> Result<bool, Error> {
    let Some(page) = state.pages.next_page().await? else {
        return Ok(false);
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in &page.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match headers.iter_mut().find(|(n, _)| n == name.as_str()) {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(&value);
            }
            None => headers.push((name.as_str().to_owned(), value)),
        }
    }
    let request_id = headers
        .iter()
        .find(|(n, _)| n == "x-okta-request-id")
        .map(|(_, v)| v.clone());
    state.last = Some(Meta {
        status: page.status,
        next_url: page.next.as_ref().map(|u| u.to_string()),
        request_id,
        headers,
    });
    state.progress.pages.fetch_add(1, Ordering::Relaxed);
    state.progress.items.fetch_add(page.items.len() as u64, Ordering::Relaxed);
    let status = page.status;
    state.buffer.extend(page.items.into_iter().map(|json| Item { json, status }));
    Ok(true)
}

/// Pops a buffered item without waiting, when no fetch is under way.
fn buffered(state: &Shared) -> Option<Item> {
    state.try_lock().ok()?.buffer.pop_front()
}

fn generic_alias(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let py = cls.py();
    let alias = py.import("types")?.getattr("GenericAlias")?;
    Ok(alias.call1((cls, item))?.unbind())
}

/// One page of a list: its items (as models) and response metadata.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct Page {
    /// The items of this page.
    #[pyo3(get)]
    items: Py<PyList>,
    /// The HTTP status.
    #[pyo3(get)]
    status: u16,
    /// The `rel="next"` URL of this page, if any.
    #[pyo3(get)]
    next_url: Option<String>,
    /// The `X-Okta-Request-Id` header.
    #[pyo3(get)]
    request_id: Option<String>,
    headers: Vec<(String, String)>,
}

#[pymethods]
impl Page {
    /// Response headers, lower-case names; repeated headers are joined with `, `.
    #[getter]
    fn headers(&self) -> HashMap<String, String> {
        self.headers.iter().cloned().collect()
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.items.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.items.bind(py).try_iter()?.into_any())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let next = match &self.next_url {
            Some(url) => format!("'{url}'"),
            None => "None".to_owned(),
        };
        format!(
            "Page(items=<{} items>, status={}, next_url={next})",
            self.items.bind(py).len(),
            self.status,
        )
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        generic_alias(cls, item)
    }
}

fn make_page(py: Python<'_>, items: Vec<Item>, meta: Meta, spec: &str) -> PyResult<Page> {
    let list = PyList::empty(py);
    for item in &items {
        list.append(wrap(py, spec, decode::item(py, item)?)?)?;
    }
    Ok(Page {
        items: list.unbind(),
        status: meta.status,
        next_url: meta.next_url,
        request_id: meta.request_id,
        headers: meta.headers,
    })
}

/// Items of a paginated list, fetched lazily one page at a time. Iterate it for items, or use
/// `pages()` / `next_page()` for whole pages.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct Pager {
    state: Shared,
    item: Arc<str>,
    progress: Arc<Progress>,
}

impl Pager {
    pub fn new(pages: Paginated<Box<RawValue>>, item: Arc<str>) -> Pager {
        let progress = Arc::new(Progress::default());
        let state = shared(pages, Arc::clone(&progress));
        Pager { state, item, progress }
    }
}

#[pymethods]
impl Pager {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guard(py, || {
            let value = match buffered(&self.state) {
                Some(value) => value,
                None => match block_on(py, next_item(self.state.clone()))? {
                    Ok(Some(value)) => value,
                    Ok(None) => return Ok(None),
                    Err(error) => return Err(to_py_err(py, &error)),
                },
            };
            Ok(Some(Outcome::Item(value, self.item.clone()).into_pyobject(py)?.unbind()))
        })
    }

    /// The rest of the current page, or the next page; `None` when there are no more.
    fn next_page(&self, py: Python<'_>) -> PyResult<Option<Page>> {
        guard(py, || match block_on(py, next_page(self.state.clone()))? {
            Ok(Some((items, meta))) => make_page(py, items, meta, &self.item).map(Some),
            Ok(None) => Ok(None),
            Err(error) => Err(to_py_err(py, &error)),
        })
    }

    /// An iterator over the remaining pages.
    fn pages(&self) -> PageIterator {
        PageIterator {
            state: self.state.clone(),
            item: self.item.clone(),
        }
    }

    /// Every remaining item, as a list (fetches all pages).
    fn to_list(slf: &Bound<'_, Self>) -> PyResult<Py<PyList>> {
        let list = PyList::empty(slf.py());
        for item in slf.try_iter()? {
            list.append(item?)?;
        }
        Ok(list.unbind())
    }

    fn __repr__(&self) -> String {
        format!("Pager[{}]", self.item.trim_start_matches('['))
    }

    /// Progress: how many pages have been fetched so far.
    #[getter]
    fn pages_fetched(&self) -> u64 {
        self.progress.get().0
    }

    /// Progress: how many items those pages held.
    #[getter]
    fn items_fetched(&self) -> u64 {
        self.progress.get().1
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        generic_alias(cls, item)
    }
}

/// Pages of a `Pager`, fetched lazily.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct PageIterator {
    state: Shared,
    item: Arc<str>,
}

#[pymethods]
impl PageIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Page>> {
        guard(py, || match block_on(py, next_page(self.state.clone()))? {
            Ok(Some((items, meta))) => make_page(py, items, meta, &self.item).map(Some),
            Ok(None) => Ok(None),
            Err(error) => Err(to_py_err(py, &error)),
        })
    }
}

/// The asyncio twin of `Pager`: `async for item in pager`, `pages()`, `await next_page()`.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct AsyncPager {
    state: Shared,
    item: Arc<str>,
    progress: Arc<Progress>,
}

impl AsyncPager {
    pub fn new(pages: Paginated<Box<RawValue>>, item: Arc<str>) -> AsyncPager {
        let progress = Arc::new(Progress::default());
        let state = shared(pages, Arc::clone(&progress));
        AsyncPager { state, item, progress }
    }
}

/// A page as the result of an awaitable.
struct PageOutcome(Result<Option<(Vec<Item>, Meta)>, Error>, Arc<str>);

impl<'py> IntoPyObject<'py> for PageOutcome {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Ok(Some((items, meta))) => Ok(Bound::new(py, make_page(py, items, meta, &self.1)?)?.into_any()),
            Ok(None) => Ok(py.None().into_bound(py)),
            Err(error) => Err(to_py_err(py, &error)),
        }
    }
}

#[pymethods]
impl AsyncPager {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// Progress: how many pages have been fetched so far.
    #[getter]
    fn pages_fetched(&self) -> u64 {
        self.progress.get().0
    }

    /// Progress: how many items those pages held.
    #[getter]
    fn items_fetched(&self) -> u64 {
        self.progress.get().1
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            if let Some(value) = buffered(&self.state) {
                let item = Outcome::Item(value, self.item.clone()).into_pyobject(py)?;
                return Ok(Bound::new(py, Ready(Some(item.unbind())))?.into_any());
            }
            let (state, item) = (self.state.clone(), self.item.clone());
            into_awaitable(py, async move {
                match next_item(state).await {
                    Ok(Some(value)) => Ok(Outcome::Item(value, item)),
                    Ok(None) => Err(PyStopAsyncIteration::new_err(())),
                    Err(error) => Ok(Outcome::Failed(error)),
                }
            })
        })
    }

    /// Awaitable: the rest of the current page, or the next page; `None` when there are no more.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (state, item) = (self.state.clone(), self.item.clone());
        into_awaitable(py, async move { Ok(PageOutcome(next_page(state).await, item)) })
    }

    /// An async iterator over the remaining pages.
    fn pages(&self) -> AsyncPageIterator {
        AsyncPageIterator {
            state: self.state.clone(),
            item: self.item.clone(),
        }
    }

    /// Awaitable: every remaining item, as a list (fetches all pages).
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (state, item) = (self.state.clone(), self.item.clone());
        into_awaitable(py, async move {
            let mut items = Vec::new();
            loop {
                match next_page(state.clone()).await {
                    Ok(Some((page, _))) => items.extend(page),
                    Ok(None) => return Ok(ItemList(Ok(items), item)),
                    Err(error) => return Ok(ItemList(Err(error), item)),
                }
            }
        })
    }

    fn __repr__(&self) -> String {
        format!("AsyncPager[{}]", self.item.trim_start_matches('['))
    }

    #[classmethod]
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        generic_alias(cls, item)
    }
}

struct ItemList(Result<Vec<Item>, Error>, Arc<str>);

impl<'py> IntoPyObject<'py> for ItemList {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self.0.map_err(|error| to_py_err(py, &error))?;
        let list = PyList::empty(py);
        for item in &items {
            list.append(wrap(py, &self.1, decode::item(py, item)?)?)?;
        }
        Ok(list.into_any())
    }
}

/// Pages of an `AsyncPager`, fetched lazily.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct AsyncPageIterator {
    state: Shared,
    item: Arc<str>,
}

#[pymethods]
impl AsyncPageIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (state, item) = (self.state.clone(), self.item.clone());
        into_awaitable(py, async move {
            match next_page(state).await {
                Ok(None) => Err(PyStopAsyncIteration::new_err(())),
                other => Ok(PageOutcome(other, item)),
            }
        })
    }
}

/// An awaitable that is already done (an item from the buffered page).
#[pyclass(module = "okta_admin._native")]
struct Ready(Option<Py<PyAny>>);

#[pymethods]
impl Ready {
    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let value = self.0.take().unwrap_or_else(|| py.None());
        Err(PyStopIteration::new_err((value,)))
    }
}
