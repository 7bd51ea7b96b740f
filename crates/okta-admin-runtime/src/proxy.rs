//! [`Proxy`]: an HTTP proxy for every request.

use std::fmt;

use url::Url;

use crate::error::{Error, Result};

/// An HTTP proxy for every request (CONNECT for https), with optional basic credentials.
/// Without one, the standard `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY`
/// environment variables apply. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<String>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field(
                "password",
                &format_args!(
                    "{}",
                    if self.password.is_some() {
                        "<redacted>"
                    } else {
                        "None"
                    }
                ),
            )
            .finish()
    }
}

impl Proxy {
    /// A proxy at `host` (a name or IP, optionally with an `http://` scheme) and `port`.
    pub fn new(host: impl Into<String>, port: u16) -> Proxy {
        Proxy {
            host: host.into().trim().to_owned(),
            port,
            username: None,
            password: None,
        }
    }

    /// Sends `Proxy-Authorization: Basic …` with these credentials.
    pub fn with_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Proxy {
        self.username = Some(username.into());
        self.password = Some(password.into());
        self
    }

    /// The proxy host.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The user name sent to the proxy, if any.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// The proxy URL, without credentials.
    fn url(&self) -> std::result::Result<Url, String> {
        let host = self.host.as_str();
        let (scheme, rest) = match host.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("http".to_owned(), host),
        };
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "proxy scheme {scheme}: is not supported; use an http proxy"
            ));
        }
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() || rest.contains(['/', '@', '?', '#', ' ']) {
            return Err("the proxy host must be a host name or IP address".into());
        }
        let url = Url::parse(&format!("{scheme}://{rest}"))
            .map_err(|e| format!("the proxy host is not valid ({e})"))?;
        if url.port().is_some() {
            return Err("give the proxy port separately from the host".into());
        }
        let mut url = url;
        url.set_port(Some(self.port))
            .map_err(|_| "the proxy port is not valid".to_owned())?;
        if self.port == 0 {
            return Err("the proxy port must be 1-65535".into());
        }
        Ok(url)
    }

    /// Checks the host and port.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        self.url().map(drop)
    }

    /// The reqwest proxy for every scheme.
    pub(crate) fn to_reqwest(&self) -> Result<reqwest::Proxy> {
        let url = self.url().map_err(Error::Config)?;
        let mut proxy = reqwest::Proxy::all(url.as_str())
            .map_err(|e| Error::Config(format!("invalid proxy: {e}")))?;
        if let Some(username) = &self.username {
            proxy = proxy.basic_auth(username, self.password.as_deref().unwrap_or(""));
        }
        Ok(proxy)
    }
}

