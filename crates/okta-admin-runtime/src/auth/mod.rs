//! Authentication beyond static tokens: OAuth 2.0 client credentials with a private-key JWT
//! (or a pre-signed client assertion), DPoP (RFC 9449), and the configuration chain of Okta's
//! official SDKs (`~/.okta/okta.yaml` < `./okta.yaml` < `OKTA_CLIENT_*` < explicit settings).

pub(crate) mod chain;
pub(crate) mod jwt;
pub(crate) mod keys;
pub(crate) mod oauth;
pub(crate) mod yaml;

use std::fmt;
use std::sync::Arc;

pub(crate) use oauth::{AuthRetry, Authenticator};

/// OAuth 2.0 client credentials for an Okta API service app (`authorizationMode` `PrivateKey`
/// or `JWT` in Okta's SDKs). The client fetches access tokens from `{orgUrl}/oauth2/v1/token`,
/// caches them and renews them before they expire. `Debug` never shows the key or assertion.
///
/// ```
/// # let pem = "";
/// let oauth = okta_admin_runtime::OAuth::private_key("0oa1client", pem)
///     .with_scopes(["okta.users.read", "okta.groups.read"])
///     .with_key_id("my-kid")
///     .with_dpop(true);
/// let auth = okta_admin_runtime::Auth::OAuth(oauth);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OAuth {
    client_id: String,
    scopes: Vec<String>,
    credential: Credential,
    key_id: Option<String>,
    dpop: bool,
}

#[derive(Clone, PartialEq, Eq)]
enum Credential {
    /// PEM (PKCS#8, PKCS#1, SEC1) or JWK text.
    PrivateKey(String),
    /// A client assertion JWT signed elsewhere, sent as is.
    Assertion(String),
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credential = match self.credential {
            Credential::PrivateKey(_) => "PrivateKey(<redacted>)",
            Credential::Assertion(_) => "ClientAssertion(<redacted>)",
        };
        f.debug_struct("OAuth")
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .field("credential", &format_args!("{credential}"))
            .field("key_id", &self.key_id)
            .field("dpop", &self.dpop)
            .finish()
    }
}

impl OAuth {
    /// Signs client assertions with `private_key`: PEM text (RSA PKCS#8 or PKCS#1, EC P-256
    /// PKCS#8 or SEC1) or a JWK (RSA or EC P-256). RSA keys sign RS256, EC keys ES256.
    pub fn private_key(client_id: impl Into<String>, private_key: impl Into<String>) -> OAuth {
        OAuth::new(client_id, Credential::PrivateKey(private_key.into()))
    }

    /// Sends `assertion`, a client assertion JWT signed elsewhere (Okta SDKs' `JWT` mode).
    /// Okta refuses an assertion it has already seen, so this suits short-lived processes.
    pub fn client_assertion(client_id: impl Into<String>, assertion: impl Into<String>) -> OAuth {
        OAuth::new(client_id, Credential::Assertion(assertion.into()))
    }

    fn new(client_id: impl Into<String>, credential: Credential) -> OAuth {
        OAuth {
            client_id: client_id.into(),
            scopes: Vec::new(),
            credential,
            key_id: None,
            dpop: false,
        }
    }

    /// The scopes to request, e.g. `okta.users.read` (at least one is required).
    pub fn with_scopes<I, S>(mut self, scopes: I) -> OAuth
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The `kid` put in the assertion header (default: the JWK's own `kid`, if any).
    pub fn with_key_id(mut self, kid: impl Into<String>) -> OAuth {
        self.key_id = Some(kid.into());
        self
    }

    /// Binds tokens to a per-client key with DPoP (RFC 9449) from the first token request.
    /// Without it, DPoP is still switched on if the token endpoint demands it
    /// (`invalid_dpop_proof`), as Okta's Java and Node SDKs do.
    pub fn with_dpop(mut self, enabled: bool) -> OAuth {
        self.dpop = enabled;
        self
    }

    /// The service app's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The scopes requested.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The configured `kid`, if any.
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// Whether DPoP is used from the first token request.
    pub fn dpop(&self) -> bool {
        self.dpop
    }

    /// `PrivateKey` or `JWT`, the `authorizationMode` of Okta's SDKs.
    pub(crate) fn authorization_mode(&self) -> &'static str {
        match self.credential {
            Credential::PrivateKey(_) => "PrivateKey",
            Credential::Assertion(_) => "JWT",
        }
    }

    /// Checks the settings and parses the key (`None` for a pre-signed assertion).
    pub(crate) fn validate(&self) -> Result<Option<Arc<keys::ParsedKey>>, String> {
        if self.client_id.trim().is_empty() {
            return Err("the OAuth client id is empty".into());
        }
        if self.client_id.chars().any(char::is_control) {
            return Err("the OAuth client id contains control characters".into());
        }
        if self.scopes.iter().all(|s| s.trim().is_empty()) {
            return Err("no OAuth scopes: request at least one, e.g. okta.users.read".into());
        }
        if let Some(scope) = self.scopes.iter().find(|s| {
            s.chars().any(|c| c.is_whitespace() || c.is_control()) && !s.trim().is_empty()
        }) {
            return Err(format!("the OAuth scope {scope:?} contains whitespace"));
        }
        match &self.credential {
            Credential::PrivateKey(text) => keys::parse_private_key(text)
                .map(|key| Some(Arc::new(key)))
                .map_err(|e| format!("the OAuth private key: {e}")),
            Credential::Assertion(assertion) => {
                if assertion.trim().is_empty() {
                    Err("the OAuth client assertion is empty".into())
                } else {
                    Ok(None)
                }
            }
        }
    }

    pub(crate) fn assertion(&self) -> Option<&str> {
        match &self.credential {
            Credential::Assertion(a) => Some(a.trim()),
            Credential::PrivateKey(_) => None,
        }
    }

    /// The scopes, space-joined for the token request.
    pub(crate) fn scope_param(&self) -> String {
        self.scopes
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}
