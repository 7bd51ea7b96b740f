//! [`Overrides`]: settings given in code (Python keyword arguments, Node option objects), the
//! highest layer of Okta's configuration chain. They merge key by key with `okta.yaml` and the
//! environment and are checked by the same code, so every language accepts, combines and refuses
//! settings alike; only the spelling of a setting in messages differs ([`Spelling`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::auth::chain::Explicit;
use crate::config::{Auth, Config, ConfigBuilder, Proxy};
use crate::error::{Error, Result};

/// How a binding spells a setting in error messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Spelling {
    /// Python keyword arguments: `client_id= (argument)`.
    #[default]
    Keyword,
    /// Node option keys: `` `clientId` (option) ``.
    Option,
    /// Command-line flags: `--client-id (flag)`.
    Flag,
}

/// Settings given in code; `None` leaves a setting to the chain (`okta.yaml`, `OKTA_CLIENT_*`).
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Overrides {
    /// How messages name the settings.
    pub spelling: Spelling,
    /// The org URL.
    pub org_url: Option<String>,
    /// An SSWS API token.
    pub token: Option<String>,
    /// An OAuth 2.0 access token obtained elsewhere.
    pub bearer_token: Option<String>,
    /// `SSWS`, `Bearer`, `PrivateKey` or `JWT` (implied by the credentials given when absent).
    pub authorization_mode: Option<String>,
    /// The OAuth service app's client id.
    pub client_id: Option<String>,
    /// The OAuth scopes to request.
    pub scopes: Option<Vec<String>>,
    /// The service app's private key: PEM or JWK text, or the path of a file holding it.
    pub private_key: Option<String>,
    /// The `kid` of the private key.
    pub key_id: Option<String>,
    /// A pre-signed client assertion (JWT), instead of a private key.
    pub client_assertion: Option<String>,
    /// Bind access tokens with DPoP from the start.
    pub dpop: Option<bool>,
    /// An HTTP proxy for every request.
    pub proxy: Option<Proxy>,
    /// Appended to the `User-Agent`.
    pub user_agent: Option<String>,
    /// The binding's product tokens (`okta-admin-python/0.1.0 python/3.11.7`).
    pub platform: Option<String>,
    /// Timeout of each attempt (`Some(None)`: none).
    pub request_timeout: Option<Option<Duration>>,
    /// Timeout for establishing a connection.
    pub connect_timeout: Option<Duration>,
    /// Retries of a failed request.
    pub max_retries: Option<u32>,
    /// Total time one call may wait for rate limits to reset.
    pub max_rate_limit_wait: Option<Duration>,
    /// The largest response body a call reads, in bytes.
    pub max_response_bytes: Option<u64>,
    /// Client-side pacing under rate limits.
    pub pacing: Option<bool>,
}

impl fmt::Debug for Overrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("Overrides")
            .field("org_url", &self.org_url)
            .field("token", &secret(&self.token))
            .field("bearer_token", &secret(&self.bearer_token))
            .field("authorization_mode", &self.authorization_mode)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("private_key", &secret(&self.private_key))
            .field("key_id", &self.key_id)
            .field("client_assertion", &secret(&self.client_assertion))
            .field("dpop", &self.dpop)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

/// The settings that only OAuth credentials use.
const OAUTH_ONLY: &[&str] = &["scopes", "key_id", "dpop", "private_key", "client_assertion"];

impl Overrides {
    /// No settings given (the chain decides everything).
    pub fn new(spelling: Spelling) -> Overrides {
        Overrides { spelling, ..Overrides::default() }
    }

    /// The configuration: `~/.okta/okta.yaml` < `./okta.yaml` < `OKTA_CLIENT_*` < these settings.
    pub fn build(self) -> Result<Config> {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
        self.build_from(home.as_deref(), &cwd, &|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }

    /// [`Overrides::build`] with the sources given (as [`ConfigBuilder::from_sources`]).
    pub fn build_from(self, home: Option<&Path>, cwd: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<Config> {
        let explicit = self.explicit()?;
        let mut builder = ConfigBuilder::from_layers(home, cwd, env, &explicit)?;
        if let Some(proxy) = self.proxy.clone() {
            proxy.check().map_err(|why| Error::Config(format!("{}: {why}", self.label("proxy"))))?;
            builder = builder.proxy(proxy);
        }
        if let Some(timeout) = self.request_timeout {
            builder = builder.request_timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        if let Some(wait) = self.max_rate_limit_wait {
            builder = builder.max_rate_limit_wait(wait);
        }
        if let Some(limit) = self.max_response_bytes {
            builder = builder.max_response_bytes(limit);
        }
        if let Some(on) = self.pacing {
            builder = builder.pacing(on);
        }
        if let Some(platform) = &self.platform {
            builder = builder.platform(platform.clone());
        }
        let config = builder.build()?;
        // OAuth-only settings beside a token would be ignored: refuse them instead.
        if !matches!(config.auth(), Auth::OAuth(_)) {
            if let Some(name) = self.oauth_only_given() {
                return Err(Error::Config(format!(
                    "{} applies only to OAuth credentials (a client id with a private key or client assertion), \
                     not to the {} credentials in use",
                    self.label(name),
                    config.auth().authorization_mode()
                )));
            }
        }
        Ok(config)
    }

    /// How messages name setting `name` (snake_case): `client_id= (argument)`, `` `clientId` (option) ``.
    fn label(&self, name: &str) -> String {
        match self.spelling {
            Spelling::Keyword => format!("{name}= (argument)"),
            Spelling::Option => format!("`{}` (option)", camel(name)),
            Spelling::Flag => format!("--{} (flag)", name.replace('_', "-")),
        }
    }

    /// How "is not set" hints name setting `name`: `client_id=`, `` `clientId` ``.
    fn hint(&self, name: &str) -> String {
        match self.spelling {
            Spelling::Keyword => format!("{name}="),
            Spelling::Option => format!("`{}`", camel(name)),
            Spelling::Flag => format!("--{}", name.replace('_', "-")),
        }
    }

    fn oauth_only_given(&self) -> Option<&'static str> {
        let given = [self.scopes.is_some(), self.key_id.is_some(), self.dpop.is_some(), self.private_key.is_some(), self.client_assertion.is_some()];
        OAUTH_ONLY.iter().zip(given).find(|(_, given)| *given).map(|(name, _)| *name)
    }

    /// The settings as the chain's highest layer, after the checks that need several of them.
    fn explicit(&self) -> Result<Explicit> {
        let error = |message: String| Err(Error::Config(message));
        let text = |name: &str, value: &Option<String>| -> Result<Option<String>> {
            match value {
                Some(v) if v.trim().is_empty() => Err(Error::Config(format!("{} is empty", self.label(name)))),
                other => Ok(other.as_ref().map(|v| v.trim().to_owned())),
            }
        };
        let org_url = text("org_url", &self.org_url)?;
        let token = text("token", &self.token)?;
        let bearer_token = text("bearer_token", &self.bearer_token)?;
        let mode = text("authorization_mode", &self.authorization_mode)?;
        let client_id = text("client_id", &self.client_id)?;
        let private_key = text("private_key", &self.private_key)?;
        let key_id = text("key_id", &self.key_id)?;
        let client_assertion = text("client_assertion", &self.client_assertion)?;
        let user_agent = text("user_agent", &self.user_agent)?;
        if token.is_some() && bearer_token.is_some() {
            return error(format!("pass either {} (SSWS) or {}, not both", self.hint("token"), self.hint("bearer_token")));
        }
        let static_token = token.is_some() || bearer_token.is_some();
        if static_token && (client_id.is_some() || private_key.is_some() || client_assertion.is_some()) {
            return error(format!(
                "pass either a token ({}, {}) or OAuth credentials ({}, {}, {}), not both",
                self.hint("token"),
                self.hint("bearer_token"),
                self.hint("client_id"),
                self.hint("private_key"),
                self.hint("client_assertion")
            ));
        }
        if static_token {
            if let Some(name) = self.oauth_only_given() {
                return error(format!("{} applies only to OAuth credentials, not beside a token", self.label(name)));
            }
        }
        if user_agent.as_deref().is_some_and(|a| a.chars().any(char::is_control)) {
            return error(format!(
                "{}: contains control characters (CR, LF, …), which are not allowed in an HTTP header",
                self.label("user_agent")
            ));
        }
        if let Some(scopes) = &self.scopes {
            if scopes.iter().all(|s| s.trim().is_empty()) {
                return error(format!("{} is empty", self.label("scopes")));
            }
        }

        let mut explicit = Explicit::default();
        let mut set = |variable: &'static str, value: String, label: String| explicit.values.push((variable, value, label));
        if let Some(url) = org_url {
            set("OKTA_CLIENT_ORGURL", url, self.label("org_url"));
        }
        // The authorization mode: given, or implied by the credential passed.
        let implied = |name: &str| format!("authorization mode implied by {}", self.hint(name));
        match (&mode, &token, &bearer_token, &client_assertion, &private_key) {
            (Some(mode), ..) => {
                if bearer_token.is_some() && !mode.eq_ignore_ascii_case("bearer") {
                    return error(format!(
                        "{}: {mode:?} does not go with {} (use {} instead)",
                        self.label("authorization_mode"),
                        self.hint("bearer_token"),
                        self.hint("token")
                    ));
                }
                set("OKTA_CLIENT_AUTHORIZATIONMODE", mode.clone(), self.label("authorization_mode"));
            }
            (None, Some(_), ..) => set("OKTA_CLIENT_AUTHORIZATIONMODE", "SSWS".into(), implied("token")),
            (None, _, Some(_), ..) => set("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer".into(), implied("bearer_token")),
            (None, _, _, Some(_), _) => set("OKTA_CLIENT_AUTHORIZATIONMODE", "JWT".into(), implied("client_assertion")),
            (None, _, _, _, Some(_)) => set("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey".into(), implied("private_key")),
            _ => {}
        }
        if let Some(token) = token {
            set("OKTA_CLIENT_TOKEN", token, self.label("token"));
        }
        if let Some(token) = bearer_token {
            set("OKTA_CLIENT_TOKEN", token, self.label("bearer_token"));
        }
        if let Some(id) = client_id {
            set("OKTA_CLIENT_CLIENTID", id, self.label("client_id"));
        }
        if let Some(scopes) = &self.scopes {
            set("OKTA_CLIENT_SCOPES", scopes.join(" "), self.label("scopes"));
        }
        if let Some(key) = private_key {
            set("OKTA_CLIENT_PRIVATEKEY", key, self.label("private_key"));
        }
        if let Some(kid) = key_id {
            set("OKTA_CLIENT_KID", kid, self.label("key_id"));
        }
        if let Some(assertion) = client_assertion {
            set("OKTA_CLIENT_CLIENTASSERTION", assertion, self.label("client_assertion"));
        }
        if let Some(dpop) = self.dpop {
            set("OKTA_CLIENT_DPOPENABLED", dpop.to_string(), self.label("dpop"));
        }
        if let Some(agent) = user_agent {
            set("OKTA_CLIENT_USERAGENT", agent, self.label("user_agent"));
        }
        for (variable, name) in [
            ("OKTA_CLIENT_ORGURL", "org_url"),
            ("OKTA_CLIENT_TOKEN", "token"),
            ("OKTA_CLIENT_CLIENTID", "client_id"),
            ("OKTA_CLIENT_SCOPES", "scopes"),
            ("OKTA_CLIENT_PRIVATEKEY", "private_key"),
            ("OKTA_CLIENT_CLIENTASSERTION", "client_assertion"),
            ("OKTA_CLIENT_PROXY_PORT", "proxy"),
        ] {
            explicit.hints.push((variable, self.hint(name)));
        }
        Ok(explicit)
    }
}

/// `client_id` → `clientId`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
