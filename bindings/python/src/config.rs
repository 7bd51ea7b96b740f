//! Client configuration for Python: the constructor's keyword arguments, converted from their
//! Python forms (a scopes list or string, a path-like private key, a proxy dict or URL, seconds)
//! into the core's [`Overrides`], the highest layer of Okta's configuration chain. Everything
//! else (how settings merge with `okta.yaml` and `OKTA_CLIENT_*`, which combinations are refused,
//! how errors name a setting) is the core's, the same as in every language.
//!
//! Nothing here formats a token, key, assertion or proxy password.

use std::time::Duration;

use okta_admin_runtime::{Auth, Config, Error, Overrides, Proxy, Spelling};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use reqwest::Url;

use crate::errors::to_py_err;

/// The keyword arguments of `Client(...)` / `AsyncClient(...)`.
pub struct ConfigArgs<'py> {
    pub org_url: Option<String>,
    pub token: Option<String>,
    pub bearer_token: Option<String>,
    pub authorization_mode: Option<String>,
    pub client_id: Option<String>,
    pub scopes: Option<Bound<'py, PyAny>>,
    pub private_key: Option<Bound<'py, PyAny>>,
    pub key_id: Option<String>,
    pub client_assertion: Option<String>,
    pub dpop: Option<bool>,
    pub proxy: Option<Bound<'py, PyAny>>,
    pub user_agent: Option<String>,
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub max_retries: Option<u32>,
    pub max_rate_limit_wait: Option<f64>,
    pub max_response_bytes: Option<u64>,
    pub pacing: Option<bool>,
}

fn config_error(message: impl Into<String>) -> Error {
    Error::Config(message.into())
}

fn seconds(name: &str, value: Option<f64>) -> Result<Option<Duration>, Error> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .map_err(|_| config_error(format!("`{name}` (keyword argument) must be a non-negative number of seconds, not {s}")))
        })
        .transpose()
}

/// `scopes=`: a string (comma or space separated) or a list of strings.
fn scopes_list(value: &Bound<'_, PyAny>) -> PyResult<Result<Vec<String>, Error>> {
    let items: Vec<String> = if let Ok(s) = value.cast::<PyString>() {
        vec![s.to_cow()?.into_owned()]
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() || value.hasattr("__iter__")? {
        let mut out = Vec::new();
        for item in value.try_iter()? {
            let item = item?;
            match item.cast::<PyString>() {
                Ok(s) => out.push(s.to_cow()?.into_owned()),
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "scopes must be strings, not {}",
                        item.get_type().name()?
                    )))
                }
            }
        }
        out
    } else {
        return Err(PyTypeError::new_err(format!(
            "scopes must be a list of strings or a string, not {}",
            value.get_type().name()?
        )));
    };
    let scopes: Vec<String> = items
        .iter()
        .flat_map(|s| s.split([' ', ',']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        return Ok(Err(config_error("scopes= (argument): no scopes given")));
    }
    Ok(Ok(scopes))
}

/// `private_key=`: PEM or JWK text, or a path (`str` or `os.PathLike`).
fn private_key_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let py = value.py();
    match py.import("os")?.call_method1("fspath", (value,)) {
        Ok(path) => match path.cast::<PyString>() {
            Ok(path) => Ok(path.to_cow()?.into_owned()),
            Err(_) => Err(PyTypeError::new_err(
                "private_key must be PEM or JWK text, or a str path",
            )),
        },
        Err(_) => Err(PyTypeError::new_err(format!(
            "private_key must be PEM or JWK text, or a path, not {}",
            value.get_type().name()?
        ))),
    }
}

/// `proxy=`: `{"host", "port", "username", "password"}` or a URL `http://user:pass@host:port`.
fn proxy_arg(value: &Bound<'_, PyAny>) -> PyResult<Result<Proxy, Error>> {
    let bad = |why: &str| Ok(Err(config_error(format!("proxy= (argument): {why}"))));
    if let Ok(url) = value.cast::<PyString>() {
        let url = url.to_cow()?;
        // The URL is not echoed: it may hold a password.
        let Ok(parsed) = Url::parse(url.trim()) else {
            return bad("not a URL like http://host:port or a dict with host and port");
        };
        let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
            return bad("the proxy URL has no host");
        };
        let Some(port) = parsed.port_or_known_default() else {
            return bad("the proxy URL has no port");
        };
        if !matches!(parsed.path(), "" | "/") || parsed.query().is_some() || parsed.fragment().is_some() {
            return bad("the proxy URL must not have a path, query or fragment");
        }
        let mut proxy = Proxy::new(format!("{}://{host}", parsed.scheme()), port);
        if !parsed.username().is_empty() {
            let user = percent_decode(parsed.username());
            let password = percent_decode(parsed.password().unwrap_or(""));
            proxy = proxy.with_credentials(user, password);
        }
        return Ok(Ok(proxy));
    }
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "proxy must be a dict (host, port, username, password) or a URL string, not {}",
            value.get_type().name()?
        )));
    };
    for key in dict.keys() {
        let key: String = key.extract()?;
        if !matches!(key.as_str(), "host" | "port" | "username" | "password") {
            return bad(&format!(
                "unknown key {key:?} (expected host, port, username, password)"
            ));
        }
    }
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> { Ok(dict.get_item(key)?.filter(|v| !v.is_none())) };
    let Some(host) = get("host")? else {
        return bad("no host");
    };
    let host: String = host.extract()?;
    let Some(port) = get("port")? else {
        return bad("no port");
    };
    let port: u16 = match port.extract::<u16>() {
        Ok(port) => port,
        Err(_) => match port.extract::<String>().ok().and_then(|p| p.trim().parse().ok()) {
            Some(port) => port,
            None => return bad("port must be a number 1-65535"),
        },
    };
    let mut proxy = Proxy::new(host, port);
    if let Some(user) = get("username")? {
        let password: String = match get("password")? {
            Some(p) => p.extract()?,
            None => String::new(),
        };
        proxy = proxy.with_credentials(user.extract::<String>()?, password);
    }
    Ok(Ok(proxy))
}

/// Decodes `%XX` escapes (of a proxy URL's user name or password).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Builds the configuration; `Err(Error)` becomes `okta_admin.ConfigError`, a `PyErr` is an
/// argument of the wrong type (`TypeError`) or value (`ValueError`).
pub fn build(py: Python<'_>, args: ConfigArgs<'_>) -> PyResult<Config> {
    build_result(py, args)?.map_err(|error| to_py_err(py, &error))
}

fn build_result(py: Python<'_>, args: ConfigArgs<'_>) -> PyResult<Result<Config, Error>> {
    macro_rules! tri {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            }
        };
    }
    let mut overrides = Overrides::new(Spelling::Keyword);
    overrides.request_timeout = tri!(seconds("timeout", args.timeout)).map(|t| (!t.is_zero()).then_some(t));
    overrides.connect_timeout = tri!(seconds("connect_timeout", args.connect_timeout));
    overrides.max_rate_limit_wait = tri!(seconds("max_rate_limit_wait", args.max_rate_limit_wait));
    overrides.max_response_bytes = args.max_response_bytes;
    overrides.pacing = args.pacing;
    overrides.max_retries = args.max_retries;
    overrides.org_url = args.org_url;
    overrides.token = args.token;
    overrides.bearer_token = args.bearer_token;
    overrides.authorization_mode = args.authorization_mode;
    overrides.client_id = args.client_id;
    overrides.key_id = args.key_id;
    overrides.client_assertion = args.client_assertion;
    overrides.dpop = args.dpop;
    overrides.user_agent = args.user_agent;
    if let Some(scopes) = args.scopes.as_ref().filter(|s| !s.is_none()) {
        overrides.scopes = Some(tri!(scopes_list(scopes)?));
    }
    if let Some(key) = args.private_key.as_ref().filter(|k| !k.is_none()) {
        overrides.private_key = Some(private_key_text(key)?);
    }
    if let Some(proxy) = args.proxy.as_ref().filter(|p| !p.is_none()) {
        overrides.proxy = Some(tri!(proxy_arg(proxy)?));
    }
    let v = py.version_info();
    overrides.platform = Some(format!("okta-admin-python/{} python/{}.{}.{}", env!("CARGO_PKG_VERSION"), v.major, v.minor, v.patch));
    Ok(overrides.build())
}

/// `Config.authorization_mode` etc.: the resolved configuration, without secrets.
#[pyclass(frozen, module = "okta_admin._native", name = "Config")]
pub struct ConfigView {
    pub(crate) config: Config,
}

/// A Python string literal.
fn py_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[pymethods]
impl ConfigView {
    /// The org URL requests go to.
    #[getter]
    fn org_url(&self) -> String {
        self.config.org_url().as_str().trim_end_matches('/').to_owned()
    }

    /// `SSWS`, `Bearer`, `PrivateKey` or `JWT`.
    #[getter]
    fn authorization_mode(&self) -> &'static str {
        self.config.auth().authorization_mode()
    }

    /// The OAuth client id (`None` for API and bearer tokens).
    #[getter]
    fn client_id(&self) -> Option<String> {
        match self.config.auth() {
            Auth::OAuth(oauth) => Some(oauth.client_id().to_owned()),
            _ => None,
        }
    }

    /// The OAuth scopes requested (empty for API and bearer tokens).
    #[getter]
    fn scopes(&self) -> Vec<String> {
        match self.config.auth() {
            Auth::OAuth(oauth) => oauth.scopes().to_vec(),
            _ => Vec::new(),
        }
    }

    /// The `kid` of OAuth client assertions, if set.
    #[getter]
    fn key_id(&self) -> Option<String> {
        match self.config.auth() {
            Auth::OAuth(oauth) => oauth.key_id().map(str::to_owned),
            _ => None,
        }
    }

    /// Whether OAuth tokens are DPoP-bound from the first token request.
    #[getter]
    fn dpop(&self) -> bool {
        matches!(self.config.auth(), Auth::OAuth(oauth) if oauth.dpop())
    }

    /// The explicit proxy as `{"host", "port", "username"}` (never the password), or `None`.
    #[getter]
    fn proxy<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(proxy) = self.config.proxy() else {
            return Ok(None);
        };
        let dict = PyDict::new(py);
        dict.set_item("host", proxy.host())?;
        dict.set_item("port", proxy.port())?;
        dict.set_item("username", proxy.username())?;
        Ok(Some(dict))
    }

    /// The full `User-Agent`.
    #[getter]
    fn user_agent(&self) -> String {
        self.config.user_agent().to_owned()
    }

    /// The request timeout in seconds (`None`: no limit).
    #[getter]
    fn timeout(&self) -> Option<f64> {
        self.config.request_timeout().map(secs)
    }

    /// The connect timeout in seconds.
    #[getter]
    fn connect_timeout(&self) -> f64 {
        secs(self.config.connect_timeout())
    }

    /// How many times a failed request is retried.
    #[getter]
    fn max_retries(&self) -> u32 {
        self.config.max_retries()
    }

    /// Total seconds one call may wait for rate limits to reset.
    #[getter]
    fn max_rate_limit_wait(&self) -> f64 {
        secs(self.config.max_rate_limit_wait())
    }

    /// Whether calls wait for a spent rate-limit bucket to reset instead of drawing a 429.
    #[getter]
    fn pacing(&self) -> bool {
        self.config.pacing()
    }

    /// The largest response body a call reads, in bytes.
    #[getter]
    fn max_response_bytes(&self) -> u64 {
        self.config.max_response_bytes()
    }

    fn __repr__(&self) -> String {
        let mut out = format!(
            "Config(org_url='{}', authorization_mode='{}'",
            self.org_url(),
            self.authorization_mode()
        );
        if let Auth::OAuth(oauth) = self.config.auth() {
            let scopes: Vec<String> = oauth.scopes().iter().map(|s| py_str(s)).collect();
            out.push_str(&format!(
                ", client_id={}, scopes=[{}]",
                py_str(oauth.client_id()),
                scopes.join(", ")
            ));
            if let Some(kid) = oauth.key_id() {
                out.push_str(&format!(", key_id={}", py_str(kid)));
            }
            out.push_str(&format!(", dpop={}", if oauth.dpop() { "True" } else { "False" }));
        }
        out.push_str(", credentials=<redacted>");
        if let Some(proxy) = self.config.proxy() {
            out.push_str(&format!(
                ", proxy={}",
                py_str(&format!("{}:{}", proxy.host(), proxy.port()))
            ));
        }
        let timeout = match self.timeout() {
            Some(t) => format!("{t:?}"),
            None => "None".into(),
        };
        out.push_str(&format!(
            ", timeout={timeout}, connect_timeout={:?}, max_retries={})",
            self.connect_timeout(),
            self.max_retries()
        ));
        out
    }
}
