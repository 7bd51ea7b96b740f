//! `Client` and `AsyncClient`: configuration, resource accessors (`client.users`), option views
//! (`client.with_options(...)`) and raw requests (`client.request(...)`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use okta_admin_runtime::{Config, Error};
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

use crate::config::{self, ConfigArgs, ConfigView};
use crate::errors::to_py_err;
use crate::invoke;
use crate::hatch::{extend_options, request_call, Limits, Reply, Response, ViewOptions};
use crate::runtime::{block_on, guard, into_awaitable};

/// What every resource object and call holds: the configuration, the core client and the
/// view's call options.
pub type ClientRef = Arc<Shared>;

/// What all views of one client share.
struct Base {
    config: Config,
    /// The core client of the process that built it (rebuilt after `os.fork()`, since the
    /// parent's connections and runtime are unusable in the child).
    core: Mutex<(u32, okta_admin_runtime::Client)>,
}

impl Base {
    fn core(&self) -> okta_admin_runtime::Client {
        let mut slot = self.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pid = std::process::id();
        if slot.0 != pid {
            if let Ok(fresh) = okta_admin_runtime::Client::new(self.config.clone()) {
                *slot = (pid, fresh);
            }
        }
        slot.1.clone()
    }
}

pub struct Shared {
    base: Arc<Base>,
    /// The options of a `with_options` view (`None` for the client itself).
    view: Option<ViewOptions>,
}

impl Shared {
    fn new(config: Config) -> Result<Shared, Error> {
        let core = okta_admin_runtime::Client::new(config.clone())?;
        Ok(Shared {
            base: Arc::new(Base {
                config,
                core: Mutex::new((std::process::id(), core)),
            }),
            view: None,
        })
    }

    /// The core client (cheap: `Arc` clones), with this view's call options.
    pub fn core(&self) -> okta_admin_runtime::Client {
        let core = self.base.core();
        match &self.view {
            Some(view) => core.with_options(view.options.clone()),
            None => core,
        }
    }

    fn config(&self) -> &Config {
        &self.base.config
    }

    fn repr(&self, class: &str) -> String {
        let config = self.config();
        let mut out = format!(
            "{class}(org_url='{}', auth='{} <redacted>', max_retries={}",
            config.org_url().as_str().trim_end_matches('/'),
            config.auth().authorization_mode(),
            config.max_retries()
        );
        if let Some(view) = &self.view {
            out.push_str(&format!(", options=[{}]", view.summary.join(", ")));
        }
        out.push(')');
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn with_options(
        &self,
        py: Python<'_>,
        query: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        limits: Limits,
        capture_response: bool,
    ) -> PyResult<ClientRef> {
        let view = extend_options(py, self.view.as_ref(), query, headers, body, limits, capture_response)?;
        Ok(Arc::new(Shared {
            base: self.base.clone(),
            view: Some(view),
        }))
    }

    fn last_response(&self) -> Option<Response> {
        self.view.as_ref()?.options.last_response().map(Response::new)
    }

    fn close(&self) {
        self.base.core().close();
    }
}

fn new_shared(py: Python<'_>, args: ConfigArgs<'_>) -> PyResult<ClientRef> {
    crate::logging::refresh();
    let config = config::build(py, args)?;
    Shared::new(config).map(Arc::new).map_err(|error| to_py_err(py, &error))
}

static RESOURCES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `okta_admin._resources`: the generated resource classes and the table of their names.
fn resources(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    Ok(RESOURCES.get_or_try_init(py, || Ok::<_, PyErr>(py.import("okta_admin._resources")?.into_any().unbind()))?.bind(py))
}

/// The resource object `name` of a client, made on first access and kept in `cache`. It holds a
/// [`Calls`] handle (the shared core, not the client object), so the cache makes no reference
/// cycle and a dropped client still closes its connections at once.
fn resource(slf: &Bound<'_, PyAny>, cache: &Resources, shared: &ClientRef, name: &str, is_async: bool, class: &'static str) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(name) {
        return Ok(found.clone_ref(py));
    }
    let calls = Calls { shared: shared.clone(), is_async, class };
    let found = resources(py)?.call_method1("resource", (calls, name, is_async))?;
    if found.is_none() {
        return Err(PyAttributeError::new_err(format!("'{class}' object has no attribute '{name}'")));
    }
    let found = found.unbind();
    cache.lock().unwrap_or_else(|p| p.into_inner()).insert(name.to_owned(), found.clone_ref(py));
    Ok(found)
}

/// The resource objects a client has made, by accessor name.
type Resources = Mutex<HashMap<String, Py<PyAny>>>;

/// What the generated resource classes call: the one native entry of every operation
/// (`_call`, `_paginate`) over the client's shared core.
#[pyclass(frozen, module = "okta_admin._native", name = "_Calls")]
pub struct Calls {
    shared: ClientRef,
    is_async: bool,
    /// The client class, for `repr`.
    class: &'static str,
}

#[pymethods]
impl Calls {
    /// Sends operation `op` of the runtime's table with `values` (one per parameter), the whole
    /// `body` and its `content_type`; the result is wrapped as the model `wrap` names.
    #[pyo3(signature = (op, wrap, values, body=None, content_type=None))]
    fn _call(
        &self,
        py: Python<'_>,
        op: usize,
        wrap: &str,
        values: &Bound<'_, PyTuple>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        if self.is_async {
            invoke::call_async(py, &self.shared, op, wrap, values, body, content_type)
        } else {
            invoke::call_sync(py, &self.shared, op, wrap, values, body, content_type)
        }
    }

    /// The lazy pages of list operation `op`: at most `max_pages`, or polling every `poll`
    /// seconds (`tail`).
    #[pyo3(signature = (op, wrap, values, max_pages=None, poll=None))]
    fn _paginate(&self, py: Python<'_>, op: usize, wrap: &str, values: &Bound<'_, PyTuple>, max_pages: Option<u64>, poll: Option<f64>) -> PyResult<Py<PyAny>> {
        invoke::paginate(py, &self.shared, op, wrap, values, invoke::Paging { max_pages, poll }, self.is_async)
    }

    fn __repr__(&self) -> String {
        self.shared.repr(self.class)
    }
}

fn dir(slf: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut names: Vec<String> = slf.get_type().dir()?.extract()?;
    names.extend(resources(slf.py())?.getattr("RESOURCES")?.extract::<Vec<String>>()?);
    names.sort();
    names.dedup();
    Ok(names)
}

/// The `#[pymethods]` block of a client: the constructor and what both clients have in common,
/// then the class's own methods (pyo3 expands no macros inside `#[pymethods]`, so the whole
/// block is the macro).
macro_rules! client_methods {
    ($class:ident, $is_async:expr, { $($own:tt)* }) => {
        #[pymethods]
        impl $class {
        #[new]
        #[pyo3(signature = (org_url=None, token=None, *, bearer_token=None, authorization_mode=None, client_id=None, scopes=None, private_key=None, key_id=None, client_assertion=None, dpop=None, proxy=None, user_agent=None, timeout=None, connect_timeout=None, max_retries=None, max_rate_limit_wait=None, max_response_bytes=None, pacing=None))]
        #[allow(clippy::too_many_arguments)]
        fn new<'py>(
            py: Python<'py>,
            org_url: Option<String>,
            token: Option<String>,
            bearer_token: Option<String>,
            authorization_mode: Option<String>,
            client_id: Option<String>,
            scopes: Option<Bound<'py, PyAny>>,
            private_key: Option<Bound<'py, PyAny>>,
            key_id: Option<String>,
            client_assertion: Option<String>,
            dpop: Option<bool>,
            proxy: Option<Bound<'py, PyAny>>,
            user_agent: Option<String>,
            timeout: Option<f64>,
            connect_timeout: Option<f64>,
            max_retries: Option<u32>,
            max_rate_limit_wait: Option<f64>,
            max_response_bytes: Option<u64>,
            pacing: Option<bool>,
        ) -> PyResult<Self> {
            let args = ConfigArgs {
                org_url,
                token,
                bearer_token,
                authorization_mode,
                client_id,
                scopes,
                private_key,
                key_id,
                client_assertion,
                dpop,
                proxy,
                user_agent,
                timeout,
                connect_timeout,
                max_retries,
                max_rate_limit_wait,
                max_response_bytes,
                pacing,
            };
            Ok($class::from(new_shared(py, args)?))
        }

        fn __getattr__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<PyAny>> {
            if name.starts_with("__") {
                return Err(PyAttributeError::new_err(format!("'{}' object has no attribute '{name}'", stringify!($class))));
            }
            let this = slf.get();
            resource(slf.as_any(), &this.resources, &this.shared, name, $is_async, stringify!($class))
        }

        fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
            dir(slf.as_any())
        }

        fn __repr__(&self) -> String {
            self.shared.repr(stringify!($class))
        }

        /// The org URL requests go to.
        #[getter]
        fn org_url(&self) -> String {
            self.shared.config().org_url().as_str().trim_end_matches('/').to_owned()
        }

        /// The `User-Agent` sent with every request.
        #[getter]
        fn user_agent(&self) -> String {
            self.shared.config().user_agent().to_owned()
        }

        /// The resolved configuration (never any secret).
        #[getter]
        fn config(&self) -> ConfigView {
            ConfigView {
                config: self.shared.config().clone(),
            }
        }

        /// A view of this client (same connection pool and credentials) whose every call gets
        /// these options: extra `query` parameters and `headers`, a raw JSON `body` sent instead of
        /// the typed one, a `timeout` (seconds), `max_retries` and `max_response_bytes` for each
        /// call, and, with
        /// `capture_response=True`, the raw response of its latest successful call kept in
        /// `view.last_response`. Options add up when views are made from views.
        #[pyo3(signature = (*, query=None, headers=None, body=None, timeout=None, max_retries=None, max_response_bytes=None, capture_response=false))]
        #[allow(clippy::too_many_arguments)]
        fn with_options(
            &self,
            py: Python<'_>,
            query: Option<&Bound<'_, PyAny>>,
            headers: Option<&Bound<'_, PyAny>>,
            body: Option<&Bound<'_, PyAny>>,
            timeout: Option<f64>,
            max_retries: Option<u32>,
            max_response_bytes: Option<u64>,
            capture_response: bool,
        ) -> PyResult<Self> {
            let limits = Limits { timeout, max_retries, max_response_bytes };
            let shared = self.shared.with_options(py, query, headers, body, limits, capture_response)?;
            Ok($class::from(shared))
        }

        /// The raw response (`status`, `headers`, `body`, `json()`) of the latest successful call
        /// made through this view; `None` before one, or without `capture_response=True`.
        #[getter]
        fn last_response(&self) -> Option<Response> {
            self.shared.last_response()
        }

            $($own)*
        }
    };
}

/// A blocking Okta client: `client.users.get(user_id)`, `for user in client.users.list(): …`.
///
/// `Client(org_url=None, token=None, *, bearer_token=None, authorization_mode=None,
/// client_id=None, scopes=None, private_key=None, key_id=None, client_assertion=None, dpop=None,
/// proxy=None, user_agent=None, timeout=None, connect_timeout=None, max_retries=None,
/// max_rate_limit_wait=None, max_response_bytes=None, pacing=None)`. Settings left out come from Okta's SDK configuration chain:
/// `~/.okta/okta.yaml`, `./okta.yaml`, then `OKTA_CLIENT_*` variables. Timeouts are in seconds
/// (`timeout=0`: no request timeout). Calls release the GIL while they wait.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct Client {
    shared: ClientRef,
    resources: Resources,
}

impl From<ClientRef> for Client {
    fn from(shared: ClientRef) -> Self {
        Client { shared, resources: Resources::default() }
    }
}

client_methods!(Client, false, {
    /// Sends a request to any path of the org (for endpoints the generated API lacks) with the
    /// client's credentials, retries and errors; returns the 2xx `Response`. `path` starts with
    /// `/` and has no query, fragment or `.`/`..` segment; `{name}` placeholders are filled from
    /// `path_params`, each value percent-encoded as one segment.
    #[pyo3(signature = (method, path, *, query=None, headers=None, json=None, body=None, content_type=None, path_params=None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        query: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        body: Option<&Bound<'_, PyAny>>,
        content_type: Option<&str>,
        path_params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let call = request_call(py, method, path, query, headers, json, body, content_type, path_params)?;
            let core = self.shared.core();
            let reply = block_on(py, async move { Reply(core.send_raw(call).await) })?;
            Ok(reply.into_pyobject(py)?.unbind())
        })
    }

    /// An `AsyncClient` sharing this client's configuration, connection pool and options.
    fn to_async(&self) -> AsyncClient {
        AsyncClient::from(self.shared.clone())
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// Closes the client (see `close`).
    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.shared.close();
        false
    }

    /// Closes the client and every view of it (`with_options`, `to_async`): idle connections
    /// close at once, calls under way finish, later calls raise `ClientClosedError`.
    fn close(&self) {
        self.shared.close();
    }

    /// True once `close()` was called on this client or a view of it.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.core().is_closed()
    }
});

/// An asyncio Okta client: `await client.users.get(user_id)`,
/// `async for user in client.users.list(): …`. Same arguments as `Client`.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct AsyncClient {
    shared: ClientRef,
    resources: Resources,
}

impl From<ClientRef> for AsyncClient {
    fn from(shared: ClientRef) -> Self {
        AsyncClient { shared, resources: Resources::default() }
    }
}

client_methods!(AsyncClient, true, {
    /// Awaitable: like `Client.request`.
    #[pyo3(signature = (method, path, *, query=None, headers=None, json=None, body=None, content_type=None, path_params=None))]
    #[allow(clippy::too_many_arguments)]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        query: Option<&Bound<'py, PyAny>>,
        headers: Option<&Bound<'py, PyAny>>,
        json: Option<&Bound<'py, PyAny>>,
        body: Option<&Bound<'py, PyAny>>,
        content_type: Option<&str>,
        path_params: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let call = request_call(py, method, path, query, headers, json, body, content_type, path_params)?;
            let core = self.shared.core();
            into_awaitable(py, async move { Ok(Reply(core.send_raw(call).await)) })
        })
    }

    /// A blocking `Client` sharing this client's configuration, connection pool and options.
    fn to_sync(&self) -> Client {
        Client::from(self.shared.clone())
    }

    fn __aenter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let this: Py<AsyncClient> = slf.clone().unbind();
        into_awaitable(slf.py(), async move { Ok(this) })
    }

    /// Closes the client (see `close`).
    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(&self, py: Python<'py>, _args: &Bound<'py, pyo3::types::PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.close();
        into_awaitable(py, async move { Ok(false) })
    }

    /// Awaitable: closes the client and every view of it (`with_options`, `to_sync`): idle
    /// connections close at once, calls under way finish, later calls raise `ClientClosedError`.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.close();
        into_awaitable(py, async move { Ok(()) })
    }

    /// True once `close()` was called on this client or a view of it.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.core().is_closed()
    }
});
