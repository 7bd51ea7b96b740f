//! Client configuration: org URL, credentials, proxy, timeouts and retry budget, set
//! explicitly or read from the chain of Okta's official SDKs (see [`ConfigBuilder::from_env`]).

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::auth::chain;
use crate::auth::keys::ParsedKey;
use crate::error::{Error, Result};
pub use crate::credentials::Auth;
pub use crate::proxy::Proxy;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);
/// The default limit of a response body: well above the largest real page (200 users with
/// every profile attribute are a few MiB), far below what would hurt a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// The smallest response body limit accepted.
const MIN_RESPONSE_BYTES: u64 = 1024;

/// A validated client configuration; build one with [`Config::builder`] or [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    org_url: Url,
    auth: Auth,
    authorization: Option<HeaderValue>,
    oauth_key: Option<Arc<ParsedKey>>,
    proxy: Option<Proxy>,
    user_agent: HeaderValue,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    max_retries: u32,
    max_rate_limit_wait: Duration,
    max_response_bytes: u64,
    pacing: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("org_url", &self.org_url.as_str())
            .field("auth", &self.auth)
            .field("proxy", &self.proxy)
            .field("user_agent", &self.user_agent())
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_rate_limit_wait", &self.max_rate_limit_wait)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("pacing", &self.pacing)
            .finish()
    }
}

impl Config {
    /// Starts a configuration for the org at `org_url`, e.g. `https://dev-123456.okta.com`.
    pub fn builder(org_url: impl Into<String>) -> ConfigBuilder {
        ConfigBuilder {
            org_url: org_url.into(),
            org_url_from: OrgUrlFrom::Explicit,
            auth: None,
            auth_error: None,
            pending: Vec::new(),
            proxy: None,
            user_agent: None,
            platform: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            max_retries: DEFAULT_MAX_RETRIES,
            max_rate_limit_wait: DEFAULT_MAX_RATE_LIMIT_WAIT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            pacing: true,
        }
    }

    /// Reads the configuration the way Okta's official SDKs do: `~/.okta/okta.yaml`, then
    /// `./okta.yaml`, then `OKTA_CLIENT_*` environment variables (see
    /// [`ConfigBuilder::from_env`]).
    pub fn from_env() -> Result<Config> {
        ConfigBuilder::from_env()?.build()
    }

    /// The same as [`Config::from_env`]: the full chain of Okta's official SDKs.
    pub fn load() -> Result<Config> {
        Config::from_env()
    }

    /// The org URL, normalized (no trailing slash beyond the root).
    pub fn org_url(&self) -> &Url {
        &self.org_url
    }

    /// The credentials.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// The explicit proxy, if any (the standard proxy variables apply otherwise).
    pub fn proxy(&self) -> Option<&Proxy> {
        self.proxy.as_ref()
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

    /// Whether calls wait for a spent rate-limit bucket to reset instead of drawing a 429
    /// (default on).
    pub fn pacing(&self) -> bool {
        self.pacing
    }

    /// The largest response body a call reads (default 64 MiB); a longer one fails with
    /// [`Error::TooLarge`](crate::Error::TooLarge).
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// The fixed `Authorization` header (`None` for OAuth).
    pub(crate) fn authorization_header(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }

    /// The parsed private key of [`Auth::OAuth`] (`None` for other credentials).
    pub(crate) fn oauth_key(&self) -> Option<&Arc<ParsedKey>> {
        self.oauth_key.as_ref()
    }

    pub(crate) fn user_agent_header(&self) -> &HeaderValue {
        &self.user_agent
    }
}

/// Where a builder's org URL came from.
#[derive(Debug, Clone)]
enum OrgUrlFrom {
    Explicit,
    /// The configuration chain, e.g. `okta.client.orgUrl from ./okta.yaml`.
    Chain(String),
    /// Nowhere: why, and where it was looked for.
    Missing(String),
}

/// A setting the configuration chain may have found invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    UserAgent,
    RequestTimeout,
    ConnectTimeout,
    MaxRetries,
    Proxy,
}

/// Builds a [`Config`]; every setting but the credentials has a default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    org_url: String,
    /// Where the org URL came from, for error messages.
    org_url_from: OrgUrlFrom,
    auth: Option<Auth>,
    /// Why the configuration chain found no usable credentials.
    auth_error: Option<String>,
    /// Invalid settings found by the configuration chain, by setting; an explicit call for
    /// the setting drops its entry.
    pending: Vec<(Setting, String)>,
    proxy: Option<Proxy>,
    user_agent: Option<String>,
    /// A binding's product tokens (`okta-admin-python/0.1.0 python/3.11.7`).
    platform: Option<String>,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    max_retries: u32,
    max_rate_limit_wait: Duration,
    max_response_bytes: u64,
    pacing: bool,
}

impl ConfigBuilder {
    /// A builder filled the way Okta's official SDKs configure themselves; later builder calls
    /// override it. Sources, lowest to highest precedence: `~/.okta/okta.yaml`, `./okta.yaml`,
    /// then environment variables:
    ///
    /// | `okta.yaml` (`okta: client: …`) | environment | |
    /// |---|---|---|
    /// | `orgUrl` | `OKTA_CLIENT_ORGURL` | required |
    /// | `authorizationMode` | `OKTA_CLIENT_AUTHORIZATIONMODE` | `SSWS` (default), `Bearer`, `PrivateKey`, `JWT` |
    /// | `token` | `OKTA_CLIENT_TOKEN` | for `SSWS` and `Bearer` |
    /// | `clientId` | `OKTA_CLIENT_CLIENTID` | for `PrivateKey` and `JWT` |
    /// | `scopes` (list) | `OKTA_CLIENT_SCOPES` (comma or space separated) | for `PrivateKey` and `JWT` |
    /// | `privateKey` | `OKTA_CLIENT_PRIVATEKEY` | PEM or JWK text, or a file path |
    /// | `kid` / `privateKeyId` | `OKTA_CLIENT_KID` / `OKTA_CLIENT_PRIVATEKEYID` | optional |
    /// | `clientAssertion` | `OKTA_CLIENT_CLIENTASSERTION` | for `JWT`: a pre-signed assertion |
    /// | `dpopEnabled` | `OKTA_CLIENT_DPOPENABLED` | `true` to use DPoP from the start |
    /// | `userAgent` | `OKTA_CLIENT_USERAGENT` | appended to the `User-Agent` |
    /// | `requestTimeout` | `OKTA_CLIENT_REQUESTTIMEOUT` | seconds; 0 means none |
    /// | `connectionTimeout` | `OKTA_CLIENT_CONNECTIONTIMEOUT` | seconds |
    /// | `rateLimit: maxRetries` | `OKTA_CLIENT_RATELIMIT_MAXRETRIES` | |
    /// | `proxy: host, port, username, password` | `OKTA_CLIENT_PROXY_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD` | |
    ///
    /// A missing or invalid setting fails in [`build`](ConfigBuilder::build) (unless a builder
    /// call replaced it), naming the key and its source, e.g.
    /// `okta.client.requestTimeout from ./okta.yaml: "soon" is not a non-negative whole number`.
    /// Only an unreadable or malformed `okta.yaml` fails here.
    pub fn from_env() -> Result<ConfigBuilder> {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(std::path::PathBuf::from);
        let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
        ConfigBuilder::from_sources(home.as_deref(), &cwd, |name| {
            std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
        })
    }

    /// The same chain as [`ConfigBuilder::from_env`].
    pub fn load() -> Result<ConfigBuilder> {
        ConfigBuilder::from_env()
    }

    /// [`ConfigBuilder::from_env`] with the sources given: `home` is the home directory
    /// (`home/.okta/okta.yaml`; `None` skips it), `cwd` the directory of `okta.yaml`, and `env`
    /// looks up one environment variable. Relative private key paths resolve against `cwd`,
    /// and `~/…` against `home`.
    pub fn from_sources(
        home: Option<&Path>,
        cwd: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder> {
        ConfigBuilder::from_layers(home, cwd, &env, &chain::Explicit::default())
    }

    /// The chain with settings given in code as its highest layer (see [`Overrides`](crate::Overrides)).
    pub(crate) fn from_layers(
        home: Option<&Path>,
        cwd: &Path,
        env: &dyn Fn(&str) -> Option<String>,
        explicit: &chain::Explicit,
    ) -> Result<ConfigBuilder> {
        let loaded = chain::load(home, cwd, env, explicit).map_err(Error::Config)?;
        let mut builder = Config::builder(String::new());
        match loaded.org_url {
            Ok((url, source)) => {
                builder.org_url = url;
                builder.org_url_from = OrgUrlFrom::Chain(source);
            }
            Err(missing) => builder.org_url_from = OrgUrlFrom::Missing(missing),
        }
        match loaded.auth {
            Ok(auth) => builder.auth = Some(auth),
            Err(missing) => builder.auth_error = Some(missing),
        }
        fn take<T>(
            pending: &mut Vec<(Setting, String)>,
            setting: Setting,
            result: std::result::Result<Option<T>, String>,
        ) -> Option<T> {
            result
                .map_err(|e| pending.push((setting, e)))
                .ok()
                .flatten()
        }
        let pending = &mut builder.pending;
        builder.user_agent = take(pending, Setting::UserAgent, loaded.user_agent);
        builder.proxy = take(pending, Setting::Proxy, loaded.proxy);
        if let Some(timeout) = take(pending, Setting::RequestTimeout, loaded.request_timeout) {
            builder.request_timeout = timeout;
        }
        if let Some(timeout) = take(pending, Setting::ConnectTimeout, loaded.connect_timeout) {
            builder.connect_timeout = timeout;
        }
        if let Some(retries) = take(pending, Setting::MaxRetries, loaded.max_retries) {
            builder.max_retries = retries;
        }
        Ok(builder)
    }

    /// Forgets the chain's complaint about `setting`, which an explicit call just replaced.
    fn replace(&mut self, setting: Setting) {
        self.pending.retain(|(s, _)| *s != setting);
    }

    /// Sets the org URL, e.g. `https://dev-123456.okta.com`.
    pub fn org_url(mut self, org_url: impl Into<String>) -> Self {
        self.org_url = org_url.into();
        self.org_url_from = OrgUrlFrom::Explicit;
        self
    }

    /// Sends every request through `proxy` instead of the `HTTPS_PROXY`-style variables.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self.replace(Setting::Proxy);
        self
    }

    /// Sets the credentials (required).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self.auth_error = None;
        self
    }

    /// Appends `extra` (e.g. `my-tool/1.2`) to the `User-Agent`.
    pub fn user_agent(mut self, extra: impl Into<String>) -> Self {
        self.user_agent = Some(extra.into());
        self.replace(Setting::UserAgent);
        self
    }

    /// A language binding's product tokens, sent in the `User-Agent` between the core's and
    /// the `userAgent` setting (e.g. `okta-admin-node/0.1.0 node/20.20.2`).
    pub fn platform(mut self, tokens: impl Into<String>) -> Self {
        self.platform = Some(tokens.into());
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self.replace(Setting::ConnectTimeout);
        self
    }

    /// Timeout for each request attempt, body included (default 60 s; `None`: no limit).
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self.replace(Setting::RequestTimeout);
        self
    }

    /// How many times a failed request is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self.replace(Setting::MaxRetries);
        self
    }

    /// Total time one call may wait for rate limits to reset (default 60 s). When the next
    /// wait would go past it, the call fails with [`Error::RateLimited`] instead.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The largest response body a call reads, in bytes (default 64 MiB, at least 1 KiB): the
    /// read stops there and the call fails with [`Error::TooLarge`](crate::Error::TooLarge), so a
    /// broken or hostile server cannot exhaust memory.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Client-side pacing (default on): when a response says its rate-limit bucket has no
    /// requests left, further calls to that bucket wait for the reset instead of drawing a 429.
    /// Concurrent calls of the client share one count per bucket.
    pub fn pacing(mut self, on: bool) -> Self {
        self.pacing = on;
        self
    }

    /// Validates the settings.
    pub fn build(self) -> Result<Config> {
        let org_url = match &self.org_url_from {
            OrgUrlFrom::Explicit => parse_org_url(&self.org_url)?,
            OrgUrlFrom::Chain(source) => parse_org_url(&self.org_url).map_err(|e| match e {
                Error::Config(message) => Error::Config(format!("{source}: {message}")),
                other => other,
            })?,
            // The message says where the org URL was looked for.
            OrgUrlFrom::Missing(message) => return Err(Error::Config(message.clone())),
        };
        let auth = match (self.auth, self.auth_error) {
            (Some(auth), _) => auth,
            (None, Some(missing)) => return Err(Error::Config(missing)),
            (None, None) => {
                return Err(Error::Config(
                    "no credentials: call .auth(Auth::Ssws(token))".into(),
                ))
            }
        };
        if let Some((_, message)) = self.pending.into_iter().next() {
            return Err(Error::Config(message));
        }
        if self.max_response_bytes < MIN_RESPONSE_BYTES {
            return Err(Error::Config(format!(
                "max_response_bytes {} is below the minimum of {MIN_RESPONSE_BYTES} bytes (an Okta error body alone can be that long)",
                self.max_response_bytes
            )));
        }
        let authorization = auth.header_value()?;
        let oauth_key = match &auth {
            Auth::OAuth(oauth) => oauth.validate().map_err(Error::Config)?,
            _ => None,
        };
        if let Some(proxy) = &self.proxy {
            proxy.check().map_err(Error::Config)?;
        }
        let mut user_agent = format!("okta-admin-rust/{}", env!("CARGO_PKG_VERSION"));
        for extra in [self.platform.as_deref(), self.user_agent.as_deref()]
            .into_iter()
            .flatten()
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
            oauth_key,
            proxy: self.proxy,
            user_agent,
            connect_timeout: self.connect_timeout,
            request_timeout: self.request_timeout,
            max_retries: self.max_retries,
            max_rate_limit_wait: self.max_rate_limit_wait,
            max_response_bytes: self.max_response_bytes,
            pacing: self.pacing,
        })
    }
}

/// Checks that the org URL is https (or http to a loopback host) and normalizes its path.
fn parse_org_url(raw: &str) -> Result<Url> {
    // URL parsers drop tabs and line breaks silently; an org URL holding one is refused instead.
    if raw.trim().chars().any(char::is_control) {
        return Err(Error::Config(
            "the org URL contains a control character (CR, LF, tab, …); expected e.g. https://dev-123456.okta.com".into(),
        ));
    }
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
    // What messages show of the URL: never its query or fragment (they may hold a secret).
    let shown = format!("{}{}", url.origin().ascii_serialization(), url.path().trim_end_matches('/'));
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(format!(
                "the org URL {shown} uses plain http, which would send the API token unencrypted; \
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
            "the org URL {shown} must not have a query or fragment"
        )));
    }
    if let Some((label, domain)) = host.split_once('.') {
        let okta_domain = matches!(domain, "okta.com" | "oktapreview.com" | "okta-emea.com");
        if let Some(org) = label.strip_suffix("-admin").filter(|_| okta_domain) {
            return Err(Error::Config(format!(
                "the org URL {shown} is the admin console; use https://{org}.{domain} instead"
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
