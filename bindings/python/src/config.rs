//! Client configuration for Python: the chain of Okta's official SDKs
//! (`~/.okta/okta.yaml` < `./okta.yaml` < `OKTA_CLIENT_*`, read by the core's
//! [`ConfigBuilder::from_sources`], the engine of [`ConfigBuilder::from_env`]) with the
//! constructor's keyword arguments as its highest layer.
//!
//! Credential arguments (`token=`, `client_id=`, `scopes=`, `private_key=`, …) enter the chain as
//! if they were `OKTA_CLIENT_*` variables set above every other source, so that they merge key
//! by key with `okta.yaml` and the environment exactly as the SDKs' sources do (e.g. `scopes=`
//! overrides the scopes of an `okta.yaml` that holds the client id and key), and are checked by
//! the same code. Error messages then name the argument (`private_key= (argument): …`) instead
//! of the variable. Timeouts, retries and the proxy are set with explicit builder calls.
//!
//! Nothing here formats a token, key, assertion or proxy password.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use okta_admin_runtime::{Auth, Config, ConfigBuilder, Error, Proxy};
use pyo3::exceptions::{PyTypeError, PyValueError};
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
}

/// An argument that enters the chain as an `OKTA_CLIENT_*` variable.
struct Injected {
    env: &'static str,
    value: String,
    /// What error messages call it: `token= (argument)`, `authorization_mode (from private_key=)`.
    source: String,
}

/// Where the chain looks a setting up, and the argument that sets it, for "is not set" hints.
const HINTS: &[(&str, &str)] = &[
    ("OKTA_CLIENT_ORGURL", "org_url"),
    ("OKTA_CLIENT_TOKEN", "token"),
    ("OKTA_CLIENT_CLIENTID", "client_id"),
    ("OKTA_CLIENT_SCOPES", "scopes"),
    ("OKTA_CLIENT_PRIVATEKEY", "private_key"),
    ("OKTA_CLIENT_CLIENTASSERTION", "client_assertion"),
    ("OKTA_CLIENT_PROXY_PORT", "proxy"),
];

fn config_error(message: impl Into<String>) -> Error {
    Error::Config(message.into())
}

/// A string argument: `None` when not given; an error when given but blank (the chain would
/// otherwise skip it silently and use a lower source).
fn text(name: &str, value: Option<String>) -> Result<Option<String>, Error> {
    match value {
        Some(v) if v.trim().is_empty() => Err(config_error(format!("{name}= (argument) is empty"))),
        other => Ok(other.map(|v| v.trim().to_owned())),
    }
}

fn seconds(name: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .map_err(|_| PyValueError::new_err(format!("{name} must be a non-negative number of seconds, not {s}")))
        })
        .transpose()
}

/// `scopes=`: a string (comma or space separated) or a list of strings.
fn scopes_text(value: &Bound<'_, PyAny>) -> PyResult<Result<String, Error>> {
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
    let joined = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        return Ok(Err(config_error("scopes= (argument): no scopes given")));
    }
    Ok(Ok(joined))
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
    let bytes = text.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A probe builder for checks: any org and token, so that only the setting under test can fail.
fn probe() -> ConfigBuilder {
    Config::builder("https://probe.okta.com").auth(Auth::Ssws("probe".into()))
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
    let timeout = seconds("timeout", args.timeout)?;
    let connect_timeout = seconds("connect_timeout", args.connect_timeout)?;
    let max_rate_limit_wait = seconds("max_rate_limit_wait", args.max_rate_limit_wait)?;

    let org_url = tri!(text("org_url", args.org_url));
    let token = tri!(text("token", args.token));
    let bearer_token = tri!(text("bearer_token", args.bearer_token));
    let mode = tri!(text("authorization_mode", args.authorization_mode));
    let client_id = tri!(text("client_id", args.client_id));
    let key_id = tri!(text("key_id", args.key_id));
    let client_assertion = tri!(text("client_assertion", args.client_assertion));
    let user_agent = tri!(text("user_agent", args.user_agent));
    let scopes = match &args.scopes {
        Some(scopes) if !scopes.is_none() => Some(tri!(scopes_text(scopes)?)),
        _ => None,
    };
    let private_key = match &args.private_key {
        Some(key) if !key.is_none() => Some(tri!(text("private_key", Some(private_key_text(key)?)))),
        _ => None,
    }
    .flatten();
    let proxy = match &args.proxy {
        Some(proxy) if !proxy.is_none() => Some(tri!(proxy_arg(proxy)?)),
        _ => None,
    };

    if token.is_some() && bearer_token.is_some() {
        return Ok(Err(config_error(
            "pass either token= (SSWS) or bearer_token=, not both",
        )));
    }
    let static_token = token.is_some() || bearer_token.is_some();
    if static_token && (private_key.is_some() || client_assertion.is_some()) {
        return Ok(Err(config_error(
            "pass either a token (token=, bearer_token=) or OAuth credentials (private_key=, client_assertion=), not both",
        )));
    }
    if let Some(agent) = &user_agent {
        if agent.chars().any(char::is_control) {
            return Ok(Err(config_error(
                "user_agent= (argument): contains control characters (CR, LF, …), which are not allowed in an HTTP header",
            )));
        }
    }

    let mut injected: Vec<Injected> = Vec::new();
    let mut inject = |env: &'static str, value: String, source: String| injected.push(Injected { env, value, source });
    let argument = |name: &str| format!("{name}= (argument)");
    if let Some(url) = org_url {
        inject("OKTA_CLIENT_ORGURL", url, argument("org_url"));
    }
    // The authorization mode: given, or implied by the credential passed.
    match (&mode, &token, &bearer_token, &client_assertion, &private_key) {
        (Some(mode), ..) => {
            if bearer_token.is_some() && !mode.eq_ignore_ascii_case("bearer") {
                return Ok(Err(config_error(format!(
                    "authorization_mode= (argument): {mode:?} does not go with bearer_token= (use token= instead)"
                ))));
            }
            inject(
                "OKTA_CLIENT_AUTHORIZATIONMODE",
                mode.clone(),
                argument("authorization_mode"),
            );
        }
        (None, Some(_), ..) => inject(
            "OKTA_CLIENT_AUTHORIZATIONMODE",
            "SSWS".into(),
            "authorization mode implied by token=".into(),
        ),
        (None, _, Some(_), ..) => inject(
            "OKTA_CLIENT_AUTHORIZATIONMODE",
            "Bearer".into(),
            "authorization mode implied by bearer_token=".into(),
        ),
        (None, _, _, Some(_), _) => inject(
            "OKTA_CLIENT_AUTHORIZATIONMODE",
            "JWT".into(),
            "authorization mode implied by client_assertion=".into(),
        ),
        (None, _, _, _, Some(_)) => inject(
            "OKTA_CLIENT_AUTHORIZATIONMODE",
            "PrivateKey".into(),
            "authorization mode implied by private_key=".into(),
        ),
        _ => {}
    }
    if let Some(token) = token {
        inject("OKTA_CLIENT_TOKEN", token, argument("token"));
    }
    if let Some(token) = bearer_token {
        inject("OKTA_CLIENT_TOKEN", token, argument("bearer_token"));
    }
    if let Some(id) = client_id {
        inject("OKTA_CLIENT_CLIENTID", id, argument("client_id"));
    }
    if let Some(scopes) = scopes {
        inject("OKTA_CLIENT_SCOPES", scopes, argument("scopes"));
    }
    if let Some(key) = private_key {
        inject("OKTA_CLIENT_PRIVATEKEY", key, argument("private_key"));
    }
    if let Some(kid) = key_id {
        inject("OKTA_CLIENT_KID", kid, argument("key_id"));
    }
    if let Some(assertion) = client_assertion {
        inject("OKTA_CLIENT_CLIENTASSERTION", assertion, argument("client_assertion"));
    }
    if let Some(dpop) = args.dpop {
        inject("OKTA_CLIENT_DPOPENABLED", dpop.to_string(), argument("dpop"));
    }
    if let Some(agent) = user_agent {
        inject("OKTA_CLIENT_USERAGENT", agent, argument("user_agent"));
    }

    let overrides: HashMap<&str, &str> = injected.iter().map(|i| (i.env, i.value.as_str())).collect();
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let chain = ConfigBuilder::from_sources(home.as_deref(), &cwd, |name| {
        overrides
            .get(name)
            .map(|v| (*v).to_owned())
            .or_else(|| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    });
    let mut builder = tri!(chain.map_err(|e| rename(e, &injected)));

    if let Some(proxy) = proxy {
        if let Err(Error::Config(why)) = probe().proxy(proxy.clone()).build() {
            return Ok(Err(config_error(format!("proxy= (argument): {why}"))));
        }
        builder = builder.proxy(proxy);
    }
    if let Some(timeout) = timeout {
        builder = builder.request_timeout((!timeout.is_zero()).then_some(timeout));
    }
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(retries) = args.max_retries {
        builder = builder.max_retries(retries);
    }
    if let Some(wait) = max_rate_limit_wait {
        builder = builder.max_rate_limit_wait(wait);
    }

    // The User-Agent: the binding's marker, then the chain's `userAgent` (argument, env or
    // okta.yaml). The chain's value is read back through a probe build in which every other
    // setting is valid; when the probe fails, the user agent itself is bad and the real build
    // below reports it with its source.
    let probe_agent = builder
        .clone()
        .org_url("https://probe.okta.com")
        .auth(Auth::Ssws("probe".into()))
        .proxy(Proxy::new("127.0.0.1", 1))
        .request_timeout(None)
        .connect_timeout(Duration::from_secs(1))
        .max_retries(0)
        .build();
    if let Ok(probe) = probe_agent {
        let core_prefix = probe.user_agent().split(' ').next().unwrap_or_default().to_owned();
        let extra = probe.user_agent()[core_prefix.len()..].trim().to_owned();
        let v = py.version_info();
        let mut agent = format!(
            "okta-admin-python/{} python/{}.{}.{}",
            env!("CARGO_PKG_VERSION"),
            v.major,
            v.minor,
            v.patch
        );
        if !extra.is_empty() {
            agent.push(' ');
            agent.push_str(&extra);
        }
        builder = builder.user_agent(agent);
    }
    Ok(builder.build().map_err(|e| rename(e, &injected)))
}

/// Names arguments rather than the variables they were passed as, and adds the argument to
/// "set OKTA_CLIENT_X or okta.client.x" hints.
fn rename(error: Error, injected: &[Injected]) -> Error {
    let Error::Config(mut message) = error else {
        return error;
    };
    for i in injected {
        message = message.replace(&format!("{} (env)", i.env), &i.source);
    }
    for (env, arg) in HINTS {
        message = message.replace(
            &format!("{env} or okta.client."),
            &format!("{arg}=, {env} or okta.client."),
        );
    }
    Error::Config(message)
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
