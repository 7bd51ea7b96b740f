//! Client configuration: org URL, credentials, timeouts and retry budget.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::error::{Error, Result};

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// How requests authenticate. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// An Okta API token, sent as `Authorization: SSWS <token>`.
    Ssws(String),
    /// An OAuth 2.0 access token, sent as `Authorization: Bearer <token>`.
    Bearer(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Ssws(_) => f.write_str("Ssws(<redacted>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
        }
    }
}

impl Auth {
    /// The `Authorization` header value, marked sensitive so that it is never logged.
    fn header_value(&self) -> Result<HeaderValue> {
        let (scheme, token) = match self {
            Auth::Ssws(token) => ("SSWS", token),
            Auth::Bearer(token) => ("Bearer", token),
        };
        if token.trim().is_empty() {
            return Err(Error::Config(format!("the {scheme} token is empty")));
        }
        let mut value =
            HeaderValue::from_str(&format!("{scheme} {}", token.trim())).map_err(|_| {
                Error::Config(format!(
                    "the {scheme} token contains characters that are not allowed in an HTTP header"
                ))
            })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// A validated client configuration; build one with [`Config::builder`] or [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    org_url: Url,
    auth: Auth,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    max_retries: u32,
    max_rate_limit_wait: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("org_url", &self.org_url.as_str())
            .field("auth", &self.auth)
            .field("user_agent", &self.user_agent())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_rate_limit_wait", &self.max_rate_limit_wait)
            .finish()
    }
}

impl Config {
    /// Starts a configuration for the org at `org_url`, e.g. `https://dev-123456.okta.com`.
    pub fn builder(org_url: impl Into<String>) -> ConfigBuilder {
        ConfigBuilder {
            org_url: org_url.into(),
            auth: None,
            user_agent: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            max_retries: DEFAULT_MAX_RETRIES,
            max_rate_limit_wait: DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }

    /// Reads the configuration from the environment variables of Okta's official SDKs
    /// (see [`ConfigBuilder::from_env`]).
    pub fn from_env() -> Result<Config> {
        ConfigBuilder::from_env()?.build()
    }

    /// The org URL, normalized (no trailing slash beyond the root).
    pub fn org_url(&self) -> &Url {
        &self.org_url
    }

    /// The credentials.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// The full `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        // Built from a `&str` in `build`, so it is valid UTF-8.
        self.user_agent.to_str().unwrap_or_default()
    }

    /// Timeout for establishing a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Timeout for a whole request attempt, body included (`None`: no limit).
    pub fn request_timeout(&self) -> Option<Duration> {
        self.request_timeout
    }

    /// How many times a failed request is retried (0 disables retries).
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Total time one call may spend waiting for rate limits to reset.
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    pub(crate) fn authorization_header(&self) -> &HeaderValue {
        &self.authorization
    }

    pub(crate) fn user_agent_header(&self) -> &HeaderValue {
        &self.user_agent
    }
}

/// Builds a [`Config`]; every setting but the credentials has a default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    org_url: String,
    auth: Option<Auth>,
    user_agent: Option<String>,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    max_retries: u32,
    max_rate_limit_wait: Duration,
}

impl ConfigBuilder {
    /// A builder filled from the environment variables of Okta's official SDKs, which later
    /// builder calls override: `OKTA_CLIENT_ORGURL` and `OKTA_CLIENT_TOKEN` (required),
    /// `OKTA_CLIENT_AUTHORIZATIONMODE` (`SSWS`, the default, or `Bearer`),
    /// `OKTA_CLIENT_RATELIMIT_MAXRETRIES`, and `OKTA_CLIENT_REQUESTTIMEOUT` /
    /// `OKTA_CLIENT_CONNECTIONTIMEOUT` in seconds (a request timeout of 0 means none).
    pub fn from_env() -> Result<ConfigBuilder> {
        let org_url = env("OKTA_CLIENT_ORGURL")?.ok_or_else(|| {
            Error::Config("OKTA_CLIENT_ORGURL is not set (e.g. https://dev-123456.okta.com)".into())
        })?;
        let token = env("OKTA_CLIENT_TOKEN")?
            .ok_or_else(|| Error::Config("OKTA_CLIENT_TOKEN is not set".into()))?;
        let auth = match env("OKTA_CLIENT_AUTHORIZATIONMODE")? {
            None => Auth::Ssws(token),
            Some(mode) if mode.eq_ignore_ascii_case("SSWS") => Auth::Ssws(token),
            Some(mode) if mode.eq_ignore_ascii_case("Bearer") => Auth::Bearer(token),
            Some(mode) => {
                return Err(Error::Config(format!(
                    "OKTA_CLIENT_AUTHORIZATIONMODE={mode} is not supported; use SSWS or Bearer"
                )))
            }
        };
        let mut builder = Config::builder(org_url).auth(auth);
        if let Some(n) = env_number("OKTA_CLIENT_RATELIMIT_MAXRETRIES")? {
            builder.max_retries = u32::try_from(n).unwrap_or(u32::MAX);
        }
        if let Some(secs) = env_number("OKTA_CLIENT_REQUESTTIMEOUT")? {
            builder.request_timeout = (secs > 0).then(|| Duration::from_secs(secs));
        }
        if let Some(secs) = env_number("OKTA_CLIENT_CONNECTIONTIMEOUT")? {
            if secs > 0 {
                builder.connect_timeout = Duration::from_secs(secs);
            }
        }
        Ok(builder)
    }

    /// Sets the credentials (required).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Appends `extra` (e.g. `my-tool/1.2`) to the `User-Agent`.
    pub fn user_agent(mut self, extra: impl Into<String>) -> Self {
        self.user_agent = Some(extra.into());
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout for each request attempt, body included (default 60 s; `None`: no limit).
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How many times a failed request is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Total time one call may wait for rate limits to reset (default 60 s). When the next
    /// wait would go past it, the call fails with [`Error::RateLimited`] instead.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// Validates the settings.
    pub fn build(self) -> Result<Config> {
        let org_url = parse_org_url(&self.org_url)?;
        let auth = self
            .auth
            .ok_or_else(|| Error::Config("no credentials: call .auth(Auth::Ssws(token))".into()))?;
        let authorization = auth.header_value()?;
        let mut user_agent = format!("okta-admin-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(extra) = self
            .user_agent
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            user_agent.push(' ');
            user_agent.push_str(extra);
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::Config("the user agent contains characters not allowed in an HTTP header".into())
        })?;
        Ok(Config {
            org_url,
            auth,
            authorization,
            user_agent,
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            max_retries: self.max_retries,
            max_rate_limit_wait: self.max_rate_limit_wait,
        })
    }
}

/// Checks that the org URL is https (or http to a loopback host) and normalizes its path.
fn parse_org_url(raw: &str) -> Result<Url> {
    // The input is not echoed on a parse failure: it may be a token passed by mistake.
    let mut url = Url::parse(raw.trim()).map_err(|e| {
        Error::Config(format!(
            "the org URL is not an absolute URL ({e}); expected e.g. https://dev-123456.okta.com"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the org URL must not contain a user name or password".into(),
        ));
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()).map(str::to_owned) else {
        return Err(Error::Config(
            "the org URL has no host; expected e.g. https://dev-123456.okta.com".into(),
        ));
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "the org URL {url} uses plain http, which would send the API token unencrypted; \
                 use https://{host} (plain http is accepted only for loopback hosts such as \
                 http://127.0.0.1 or http://localhost)"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "the org URL scheme {other}: is not supported; use https://{host}"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "the org URL {url} must not have a query or fragment"
        )));
    }
    if let Some((label, domain)) = host.split_once('.') {
        let okta_domain = matches!(domain, "okta.com" | "oktapreview.com" | "okta-emea.com");
        if let Some(org) = label.strip_suffix("-admin").filter(|_| okta_domain) {
            return Err(Error::Config(format!(
                "the org URL {url} is the admin console; use https://{org}.{domain} instead"
            )));
        }
    }
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// True for `localhost`, 127.0.0.0/8 and `::1`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Reads an environment variable; unset or blank is `None`.
fn env(name: &str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config(format!("{name} is not valid UTF-8")))
        }
    }
}

/// Reads a non-negative integer environment variable.
fn env_number(name: &str) -> Result<Option<u64>> {
    env(name)?
        .map(|value| {
            value.parse().map_err(|_| {
                Error::Config(format!("{name}={value} is not a non-negative whole number"))
            })
        })
        .transpose()
}
