//! `Client` and `AsyncClient`: configuration, and resource accessors (`client.users`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use okta_admin::{Auth, Config, ConfigBuilder, Error};
use pyo3::exceptions::{PyAttributeError, PyValueError};
use pyo3::prelude::*;

use crate::errors::to_py_err;
use crate::generated;
use crate::runtime::into_awaitable;

/// What every resource object and call holds: the configuration and the core client.
pub type ClientRef = Arc<Shared>;

pub struct Shared {
    config: Config,
    /// The core client of the process that built it (rebuilt after `os.fork()`, since the
    /// parent's connections and runtime are unusable in the child).
    core: Mutex<(u32, okta_admin::Client)>,
}

impl Shared {
    fn new(config: Config) -> Result<Shared, Error> {
        let core = okta_admin::Client::new(config.clone())?;
        Ok(Shared {
            config,
            core: Mutex::new((std::process::id(), core)),
        })
    }

    /// The core client (cheap: an `Arc` clone).
    pub fn core(&self) -> okta_admin::Client {
        let mut slot = self.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pid = std::process::id();
        if slot.0 != pid {
            if let Ok(fresh) = okta_admin::Client::new(self.config.clone()) {
                *slot = (pid, fresh);
            }
        }
        slot.1.clone()
    }

    fn repr(&self, class: &str) -> String {
        let scheme = match self.config.auth() {
            Auth::Ssws(_) => "SSWS",
            Auth::Bearer(_) => "Bearer",
            _ => "OAuth",
        };
        format!(
            "{class}(org_url='{}', auth='{scheme} <redacted>', max_retries={})",
            self.config.org_url().as_str().trim_end_matches('/'),
            self.config.max_retries()
        )
    }
}

/// Reads an environment variable; unset or blank is `None`.
fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn seconds(name: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .map_err(|_| PyValueError::new_err(format!("{name} must be a non-negative number of seconds, not {s}")))
        })
        .transpose()
}

/// Builds the configuration: explicit arguments win over `OKTA_CLIENT_*` variables.
///
/// When neither `org_url` nor a token is passed, the whole environment chain of the core applies
/// (`OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN`, `OKTA_CLIENT_AUTHORIZATIONMODE`,
/// `OKTA_CLIENT_RATELIMIT_MAXRETRIES`, `OKTA_CLIENT_REQUESTTIMEOUT`, …).
#[allow(clippy::too_many_arguments)]
fn build_config(
    py: Python<'_>,
    org_url: Option<String>,
    token: Option<String>,
    bearer_token: Option<String>,
    timeout: Option<f64>,
    connect_timeout: Option<f64>,
    max_retries: Option<u32>,
    max_rate_limit_wait: Option<f64>,
    user_agent: Option<String>,
) -> PyResult<Result<Config, Error>> {
    let explicit = match (token, bearer_token) {
        (Some(_), Some(_)) => {
            return Ok(Err(Error::Config("pass either token= (SSWS) or bearer_token=, not both".into())))
        }
        (Some(token), None) => Some(Auth::Ssws(token)),
        (None, Some(token)) => Some(Auth::Bearer(token)),
        (None, None) => None,
    };
    let timeout = seconds("timeout", timeout)?;
    let connect_timeout = seconds("connect_timeout", connect_timeout)?;
    let max_rate_limit_wait = seconds("max_rate_limit_wait", max_rate_limit_wait)?;
    let mut builder = if org_url.is_none() && explicit.is_none() {
        match ConfigBuilder::from_env() {
            Ok(builder) => builder,
            Err(error) => return Ok(Err(error)),
        }
    } else {
        let Some(org_url) = org_url.or_else(|| env("OKTA_CLIENT_ORGURL")) else {
            return Ok(Err(Error::Config(
                "no org URL: pass org_url= or set OKTA_CLIENT_ORGURL (e.g. https://dev-123456.okta.com)".into(),
            )));
        };
        let mut builder = Config::builder(org_url);
        if explicit.is_none() {
            let Some(token) = env("OKTA_CLIENT_TOKEN") else {
                return Ok(Err(Error::Config(
                    "no API token: pass token= (or bearer_token=) or set OKTA_CLIENT_TOKEN".into(),
                )));
            };
            let bearer = env("OKTA_CLIENT_AUTHORIZATIONMODE").is_some_and(|m| m.eq_ignore_ascii_case("Bearer"));
            builder = builder.auth(if bearer { Auth::Bearer(token) } else { Auth::Ssws(token) });
        }
        builder
    };
    if let Some(auth) = explicit {
        builder = builder.auth(auth);
    }
    if let Some(timeout) = timeout {
        builder = builder.request_timeout((!timeout.is_zero()).then_some(timeout));
    }
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(retries) = max_retries {
        builder = builder.max_retries(retries);
    }
    if let Some(wait) = max_rate_limit_wait {
        builder = builder.max_rate_limit_wait(wait);
    }
    let v = py.version_info();
    let python = format!("{}.{}.{}", v.major, v.minor, v.patch);
    let mut agent = format!("okta-admin-python/{} python/{python}", env!("CARGO_PKG_VERSION"));
    if let Some(extra) = user_agent.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        agent.push(' ');
        agent.push_str(extra);
    }
    builder = builder.user_agent(agent);
    Ok(builder.build())
}

#[allow(clippy::too_many_arguments)]
fn new_shared(
    py: Python<'_>,
    org_url: Option<String>,
    token: Option<String>,
    bearer_token: Option<String>,
    timeout: Option<f64>,
    connect_timeout: Option<f64>,
    max_retries: Option<u32>,
    max_rate_limit_wait: Option<f64>,
    user_agent: Option<String>,
) -> PyResult<ClientRef> {
    let config = build_config(
        py,
        org_url,
        token,
        bearer_token,
        timeout,
        connect_timeout,
        max_retries,
        max_rate_limit_wait,
        user_agent,
    )?;
    config
        .and_then(Shared::new)
        .map(Arc::new)
        .map_err(|error| to_py_err(py, &error))
}

fn resource(py: Python<'_>, shared: &ClientRef, name: &str, is_async: bool, class: &str) -> PyResult<Py<PyAny>> {
    generated::resource(py, shared, name, is_async)
        .unwrap_or_else(|| Err(PyAttributeError::new_err(format!("'{class}' object has no attribute '{name}'"))))
}

fn dir(slf: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let mut names: Vec<String> = slf.get_type().dir()?.extract()?;
    names.extend(generated::RESOURCES.iter().map(|r| (*r).to_owned()));
    names.sort();
    Ok(names)
}

/// A blocking Okta client: `client.users.get(user_id)`, `for user in client.users.list(): …`.
///
/// `Client(org_url=None, token=None, *, bearer_token=None, timeout=None, connect_timeout=None,
/// max_retries=None, max_rate_limit_wait=None, user_agent=None)`. Arguments left out come from
/// `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN` (and the other `OKTA_CLIENT_*` variables of Okta's
/// SDKs). Timeouts are in seconds (`timeout=0`: no request timeout). Calls release the GIL
/// while they wait.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct Client {
    shared: ClientRef,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (org_url=None, token=None, *, bearer_token=None, timeout=None, connect_timeout=None, max_retries=None, max_rate_limit_wait=None, user_agent=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        org_url: Option<String>,
        token: Option<String>,
        bearer_token: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<u32>,
        max_rate_limit_wait: Option<f64>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        let shared = new_shared(
            py,
            org_url,
            token,
            bearer_token,
            timeout,
            connect_timeout,
            max_retries,
            max_rate_limit_wait,
            user_agent,
        )?;
        Ok(Client { shared })
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        resource(py, &self.shared, name, false, "Client")
    }

    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        dir(slf.as_any())
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Client")
    }

    /// The org URL requests go to.
    #[getter]
    fn org_url(&self) -> String {
        self.shared.config.org_url().as_str().trim_end_matches('/').to_owned()
    }

    /// The `User-Agent` sent with every request.
    #[getter]
    fn user_agent(&self) -> String {
        self.shared.config.user_agent().to_owned()
    }

    /// An `AsyncClient` sharing this client's configuration and connection pool.
    fn to_async(&self) -> AsyncClient {
        AsyncClient {
            shared: self.shared.clone(),
        }
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        false
    }

    /// Nothing to release explicitly (connections close when the client is garbage collected);
    /// kept for symmetry with other clients.
    fn close(&self) {}
}

/// An asyncio Okta client: `await client.users.get(user_id)`,
/// `async for user in client.users.list(): …`. Same arguments as `Client`.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct AsyncClient {
    shared: ClientRef,
}

#[pymethods]
impl AsyncClient {
    #[new]
    #[pyo3(signature = (org_url=None, token=None, *, bearer_token=None, timeout=None, connect_timeout=None, max_retries=None, max_rate_limit_wait=None, user_agent=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        org_url: Option<String>,
        token: Option<String>,
        bearer_token: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<u32>,
        max_rate_limit_wait: Option<f64>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        let shared = new_shared(
            py,
            org_url,
            token,
            bearer_token,
            timeout,
            connect_timeout,
            max_retries,
            max_rate_limit_wait,
            user_agent,
        )?;
        Ok(AsyncClient { shared })
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        resource(py, &self.shared, name, true, "AsyncClient")
    }

    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        dir(slf.as_any())
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncClient")
    }

    /// The org URL requests go to.
    #[getter]
    fn org_url(&self) -> String {
        self.shared.config.org_url().as_str().trim_end_matches('/').to_owned()
    }

    /// The `User-Agent` sent with every request.
    #[getter]
    fn user_agent(&self) -> String {
        self.shared.config.user_agent().to_owned()
    }

    /// A blocking `Client` sharing this client's configuration and connection pool.
    fn to_sync(&self) -> Client {
        Client {
            shared: self.shared.clone(),
        }
    }

    fn __aenter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let this: Py<AsyncClient> = slf.clone().unbind();
        into_awaitable(slf.py(), async move { Ok(this) })
    }

    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(&self, py: Python<'py>, _args: &Bound<'py, pyo3::types::PyTuple>) -> PyResult<Bound<'py, PyAny>> {
        into_awaitable(py, async move { Ok(false) })
    }

    /// Awaitable no-op, kept for symmetry with other clients.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        into_awaitable(py, async move { Ok(()) })
    }
}
