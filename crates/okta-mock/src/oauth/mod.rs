//! OAuth 2.0 for the mock: registered service-app clients (public keys, scopes, DPoP), the
//! token endpoint `POST /oauth2/v1/token` (private-key JWT client credentials, RFC 7523; DPoP,
//! RFC 9449), the access tokens it issued, and API authorization with them.
//!
//! - [`token`]: the token endpoint.
//! - [`dpop`]: DPoP proof checks, shared by the token endpoint and the API.
//! - [`access`]: `Authorization: SSWS | Bearer | DPoP` on API requests.
//! - [`control`]: `/__mock/oauth/…` control endpoints.

pub mod access;
pub mod control;
mod der;
mod dpop;
mod jws;
mod keys;
pub mod token;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, RwLock};

use hyper::HeaderMap;
use serde_json::{json, Value};

use crate::reply::Reply;
use crate::time::Timestamp;
use keys::PublicKey;

/// The token endpoint's path.
pub const TOKEN_PATH: &str = "/oauth2/v1/token";
/// Default lifetime of issued access tokens.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3600;

/// A service app that may get access tokens: its client id, public key (PEM or JWK text),
/// allowed scopes (empty: any), whether its tokens must be DPoP-bound, and their lifetime.
///
/// ```
/// let pem = "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----";
/// let client = okta_mock::OAuthClient::new("0oa-service", pem)
///     .with_scopes(["okta.users.read"])
///     .with_dpop(true)
///     .with_token_lifetime_secs(60);
/// assert!(client.dpop);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    /// The client id (`iss` and `sub` of its assertions).
    pub client_id: String,
    /// `-----BEGIN PUBLIC KEY-----` (RSA or EC P-256 SPKI), `-----BEGIN RSA PUBLIC KEY-----`
    /// or a JWK (RSA or EC P-256; private members are ignored).
    pub public_key: String,
    /// The scopes it may request; empty allows any.
    pub scopes: Vec<String>,
    /// Whether token requests need a DPoP proof (tokens are then DPoP-bound).
    pub dpop: bool,
    /// `expires_in` of its access tokens, in seconds (at least 1).
    pub token_lifetime_secs: u64,
}

impl OAuthClient {
    /// A client allowed any scope, without DPoP, with one-hour tokens.
    pub fn new(client_id: impl Into<String>, public_key: impl Into<String>) -> OAuthClient {
        OAuthClient {
            client_id: client_id.into(),
            public_key: public_key.into(),
            scopes: Vec::new(),
            dpop: false,
            token_lifetime_secs: DEFAULT_TOKEN_LIFETIME_SECS,
        }
    }

    /// The scopes it may request (empty: any).
    pub fn with_scopes<I, S>(mut self, scopes: I) -> OAuthClient
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Requires DPoP proofs on its token requests.
    pub fn with_dpop(mut self, dpop: bool) -> OAuthClient {
        self.dpop = dpop;
        self
    }

    /// The lifetime of its access tokens.
    pub fn with_token_lifetime_secs(mut self, secs: u64) -> OAuthClient {
        self.token_lifetime_secs = secs;
        self
    }

    /// Checks the settings and parses the key.
    fn resolve(&self) -> Result<Registered, String> {
        let id = self.client_id.trim();
        if id.is_empty() || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(format!("invalid client id {:?}", self.client_id));
        }
        if self.token_lifetime_secs == 0 {
            return Err("the token lifetime must be at least 1 second".into());
        }
        if let Some(scope) = self
            .scopes
            .iter()
            .find(|s| s.is_empty() || s.chars().any(char::is_whitespace))
        {
            return Err(format!("invalid scope {scope:?}"));
        }
        let (key, kid) =
            PublicKey::parse(&self.public_key).map_err(|e| format!("client {id}: {e}"))?;
        Ok(Registered {
            id: id.to_owned(),
            key,
            kid,
            scopes: self.scopes.clone(),
            dpop: self.dpop,
            lifetime_secs: self.token_lifetime_secs,
        })
    }
}

/// A registered client, key parsed.
#[derive(Debug, Clone)]
struct Registered {
    id: String,
    key: PublicKey,
    kid: Option<String>,
    scopes: Vec<String>,
    dpop: bool,
    lifetime_secs: u64,
}

impl Registered {
    fn summary(&self) -> Value {
        json!({
            "clientId": self.id,
            "keyType": self.key.kty(),
            "kid": self.kid,
            "scopes": self.scopes,
            "dpop": self.dpop,
            "tokenLifetimeSecs": self.lifetime_secs,
        })
    }
}

/// An access token the token endpoint issued.
#[derive(Debug, Clone)]
struct Issued {
    /// Unix milliseconds.
    expires_at: u64,
    /// The DPoP key thumbprint it is bound to, if any.
    jkt: Option<String>,
}

/// JWT ids already used (client assertions, DPoP proofs), forgotten once they could no longer
/// be accepted anyway.
#[derive(Debug, Default)]
struct SeenIds {
    ids: Mutex<HashMap<String, i64>>,
}

impl SeenIds {
    /// Records `id` until `until` (Unix seconds); `false` if it was already recorded.
    fn insert(&self, id: &str, until: i64, now: i64) -> bool {
        let mut ids = lock(&self.ids);
        if ids.len() >= 4096 {
            ids.retain(|_, until| *until >= now);
        }
        match ids.get(id) {
            Some(&seen) if seen >= now => false,
            _ => {
                ids.insert(id.to_owned(), until);
                true
            }
        }
    }
}

/// The OAuth state of one server.
#[derive(Debug, Default)]
pub struct OAuthState {
    clients: RwLock<HashMap<String, Registered>>,
    tokens: Mutex<HashMap<String, Issued>>,
    assertion_ids: SeenIds,
    proof_ids: SeenIds,
    /// The nonce DPoP proofs must carry, when the mock requires one.
    nonce: Mutex<Option<String>>,
}

impl OAuthState {
    /// Registers `client`, replacing any client with the same id; returns its summary.
    pub fn register(&self, client: &OAuthClient) -> Result<Value, String> {
        let registered = client.resolve()?;
        let summary = registered.summary();
        self.clients
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(registered.id.clone(), registered);
        Ok(summary)
    }

    /// The registered clients, by client id.
    pub fn clients_json(&self) -> Value {
        let clients = self.clients.read().unwrap_or_else(|e| e.into_inner());
        let mut list: Vec<&Registered> = clients.values().collect();
        list.sort_by(|a, b| a.id.cmp(&b.id));
        Value::Array(list.into_iter().map(Registered::summary).collect())
    }

    fn client(&self, id: &str) -> Option<Registered> {
        self.clients
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }

    /// Forgets every issued access token; returns how many there were.
    pub fn revoke_all(&self) -> usize {
        let mut tokens = lock(&self.tokens);
        let count = tokens.len();
        tokens.clear();
        count
    }

    /// Requires (a fresh) nonce in DPoP proofs, or stops requiring one.
    pub fn set_require_nonce(&self, required: bool) {
        *lock(&self.nonce) = required.then(|| jws::random(16));
    }

    /// Whether DPoP proofs need a nonce.
    pub fn requires_nonce(&self) -> bool {
        lock(&self.nonce).is_some()
    }

    fn nonce(&self) -> Option<String> {
        lock(&self.nonce).clone()
    }

    /// Stores a new access token; expired ones are dropped on the way.
    fn issue(&self, lifetime_secs: u64, jkt: Option<String>) -> String {
        let token = jws::random(32);
        let now = Timestamp::now().0;
        let mut tokens = lock(&self.tokens);
        tokens.retain(|_, issued| issued.expires_at > now);
        tokens.insert(
            token.clone(),
            Issued {
                expires_at: now.saturating_add(lifetime_secs.saturating_mul(1000)),
                jkt,
            },
        );
        token
    }

    /// The issued token `value`, if it exists and has not expired.
    fn token(&self, value: &str) -> Option<Issued> {
        let now = Timestamp::now().0;
        lock(&self.tokens)
            .get(value)
            .filter(|issued| issued.expires_at > now)
            .cloned()
    }
}

/// An error of the token endpoint: `{"error", "error_description"}` and extra headers.
#[derive(Debug)]
pub struct OAuthError {
    status: u16,
    error: &'static str,
    description: String,
    headers: Vec<(&'static str, String)>,
}

impl OAuthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            status,
            error,
            description: description.into(),
            headers: Vec::new(),
        }
    }

    /// 401 `invalid_client`.
    fn client(description: impl Into<String>) -> OAuthError {
        OAuthError::new(401, "invalid_client", description)
    }

    /// 400 `invalid_request`.
    fn request(description: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_request", description)
    }

    fn with_header(mut self, name: &'static str, value: String) -> OAuthError {
        self.headers.push((name, value));
        self
    }

    /// The JSON response (never cached).
    pub fn into_reply(self) -> Reply {
        let mut reply = Reply::json(
            self.status,
            &json!({ "error": self.error, "error_description": self.description }),
        );
        reply.headers.extend(self.headers);
        reply.with_header("cache-control", "no-store".into())
    }
}

/// The URLs a client may have used for `path`: the server's own base URL, and the one the
/// `Host` header names (`http://localhost:PORT` …).
fn urls(base_url: &str, headers: &HeaderMap, path: &str) -> Vec<String> {
    let mut urls = vec![format!("{base_url}{path}")];
    if let Some(host) = headers
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
    {
        let url = format!("http://{}{path}", host.trim());
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_ids_refuse_reuse_until_they_expire() {
        let seen = SeenIds::default();
        assert!(seen.insert("a", 100, 50));
        assert!(!seen.insert("a", 100, 60));
        assert!(
            seen.insert("a", 200, 101),
            "expired ids may not come back anyway"
        );
    }

    #[test]
    fn clients_are_checked_when_registered() {
        let state = OAuthState::default();
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"q5kUbs8rMQB1lfbCgx34dQIJ0S6OTrRWk122tPk0TXY","y":"ZQz7wGaatutvK9JUFA49Sjhi9jkmEKd5jItzYb8GR4k"}"#;
        assert!(state.register(&OAuthClient::new("c", jwk)).is_ok());
        for bad in [
            OAuthClient::new(" ", jwk),
            OAuthClient::new("c", jwk).with_token_lifetime_secs(0),
            OAuthClient::new("c", jwk).with_scopes(["a b"]),
            OAuthClient::new("c", "nope"),
        ] {
            assert!(state.register(&bad).is_err(), "{bad:?}");
        }
        assert_eq!(state.clients_json()[0]["keyType"], "EC");
    }
}
