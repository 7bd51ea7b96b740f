//! The access-token source behind [`Auth::OAuth`](crate::Auth::OAuth): one cached token per
//! client, renewed before it expires, fetched by one caller at a time while the others wait
//! for it; DPoP proofs and nonces; the per-request `Authorization` (and `DPoP`) headers.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE,
};
use reqwest::Method;
use serde::Deserialize;
use url::Url;

use super::jwt;
use super::keys::{DpopKey, ParsedKey};
use crate::config::{Auth, Config};
use crate::error::{ApiError, Error, Result};
use crate::response::{read_body, Pool, ReadError};

const DPOP: HeaderName = HeaderName::from_static("dpop");
const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");
const REQUEST_ID: HeaderName = HeaderName::from_static("x-okta-request-id");
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// A token is renewed this long before it expires (or halfway, for short-lived tokens).
const RENEW_EARLY: Duration = Duration::from_secs(60);
/// Lifetime assumed when the token response has no `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// How a client authenticates its API requests.
pub(crate) enum Authenticator {
    /// SSWS or Bearer: a fixed header set once on the HTTP client.
    Static,
    /// OAuth: a header per request from a cached access token.
    OAuth(Arc<TokenSource>),
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Authenticator::Static => "Static",
            Authenticator::OAuth(_) => "OAuth(<redacted>)",
        })
    }
}

/// What to do after a response, as far as authentication goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthRetry {
    No,
    /// The API asked for a DPoP nonce, now stored: send again with it.
    Nonce,
    /// The token was refused (401): it is dropped from the cache; send again with a new one.
    Token,
}

/// The credentials attached to one request attempt.
pub(crate) struct RequestAuth {
    pub(crate) headers: HeaderMap,
    token: Arc<AccessToken>,
}

impl Authenticator {
    pub(crate) fn new(config: &Config, http: &Pool) -> Result<Authenticator> {
        let Auth::OAuth(oauth) = config.auth() else {
            return Ok(Authenticator::Static);
        };
        let assertion = match (config.oauth_key(), oauth.assertion()) {
            (Some(key), _) => AssertionSource::Signed {
                key: key.clone(),
                kid: oauth
                    .key_id()
                    .map(str::to_owned)
                    .or_else(|| key.kid.clone()),
            },
            (None, Some(assertion)) => AssertionSource::Fixed(assertion.to_owned()),
            (None, None) => return Err(Error::Config("the OAuth private key is missing".into())),
        };
        let token_url = format!(
            "{}/oauth2/v1/token",
            config.org_url().as_str().trim_end_matches('/')
        );
        let token_url = Url::parse(&token_url)
            .map_err(|e| Error::Config(format!("could not build the token URL: {e}")))?;
        let dpop = OnceLock::new();
        if oauth.dpop() {
            let key = DpopKey::generate().map_err(Error::Config)?;
            let _ = dpop.set(Arc::new(key));
        }
        Ok(Authenticator::OAuth(Arc::new(TokenSource {
            http: http.clone(),
            max_response_bytes: config.max_response_bytes(),
            token_url,
            client_id: oauth.client_id().trim().to_owned(),
            scope: oauth.scope_param(),
            assertion,
            dpop,
            timeout: config.request_timeout(),
            token_nonce: Mutex::new(None),
            api_nonce: Mutex::new(None),
            cache: tokio::sync::Mutex::new(None),
            next_id: AtomicU64::new(1),
            fetches: AtomicU64::new(0),
            last_error: Mutex::new(None),
        })))
    }

    /// The headers for one attempt (`None`: the static header, or a per-call `Authorization`).
    pub(crate) async fn request_auth(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
    ) -> Result<Option<RequestAuth>> {
        match self {
            Authenticator::OAuth(source) if !headers.contains_key(AUTHORIZATION) => {
                source.request_auth(method, url).await.map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Notes a DPoP nonce and decides whether a 401 deserves another attempt.
    pub(crate) async fn after_response(
        &self,
        auth: Option<&RequestAuth>,
        status: u16,
        headers: &HeaderMap,
    ) -> AuthRetry {
        match (self, auth) {
            (Authenticator::OAuth(source), Some(auth)) => {
                source.after_response(auth, status, headers).await
            }
            _ => AuthRetry::No,
        }
    }
}

enum AssertionSource {
    Signed {
        key: Arc<ParsedKey>,
        kid: Option<String>,
    },
    Fixed(String),
}

pub(crate) struct TokenSource {
    http: Pool,
    /// The response body limit.
    max_response_bytes: u64,
    token_url: Url,
    client_id: String,
    scope: String,
    assertion: AssertionSource,
    /// Set at start when DPoP is enabled, or when the token endpoint first demands it.
    dpop: OnceLock<Arc<DpopKey>>,
    timeout: Option<Duration>,
    token_nonce: Mutex<Option<String>>,
    api_nonce: Mutex<Option<String>>,
    /// Held while a token is fetched, so that concurrent callers share one fetch.
    cache: tokio::sync::Mutex<Option<Arc<AccessToken>>>,
    next_id: AtomicU64,
    /// Fetches finished so far, and the error of the last one if it failed: callers that
    /// waited for a failed fetch get its error instead of starting one fetch each.
    fetches: AtomicU64,
    last_error: Mutex<Option<Error>>,
}

struct AccessToken {
    value: String,
    dpop: bool,
    renew_at: Instant,
    id: u64,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenSource {
    async fn request_auth(&self, method: &Method, url: &Url) -> Result<RequestAuth> {
        let token = self.token().await?;
        let mut headers = HeaderMap::new();
        let scheme = if token.dpop { "DPoP" } else { "Bearer" };
        let mut value = HeaderValue::from_str(&format!("{scheme} {}", token.value))
            .map_err(|_| Error::Config("the access token is not a valid header value".into()))?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
        if token.dpop {
            let key = self
                .dpop
                .get()
                .ok_or_else(|| Error::Config("DPoP key missing".into()))?;
            let nonce = lock(&self.api_nonce).clone();
            let proof = jwt::dpop_proof(
                key,
                method.as_str(),
                url,
                Some(&token.value),
                nonce.as_deref(),
            )
            .map_err(|e| Error::Config(e.into()))?;
            headers.insert(DPOP, sensitive(&proof)?);
        }
        Ok(RequestAuth { headers, token })
    }

    async fn after_response(
        &self,
        auth: &RequestAuth,
        status: u16,
        headers: &HeaderMap,
    ) -> AuthRetry {
        let nonce = header_text(headers, &DPOP_NONCE);
        if auth.token.dpop {
            if let Some(nonce) = &nonce {
                *lock(&self.api_nonce) = Some(nonce.clone());
            }
        }
        if status != 401 {
            return AuthRetry::No;
        }
        let challenge = headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .any(|v| String::from_utf8_lossy(v.as_bytes()).contains("use_dpop_nonce"));
        if auth.token.dpop && challenge && nonce.is_some() {
            return AuthRetry::Nonce;
        }
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|t| t.id == auth.token.id) {
            *cache = None;
        }
        AuthRetry::Token
    }

    /// The cached token, or a new one; one fetch at a time, shared by all waiting callers.
    async fn token(&self) -> Result<Arc<AccessToken>> {
        let fetches_before = self.fetches.load(Ordering::SeqCst);
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.clone());
            }
        }
        *cache = None;
        if self.fetches.load(Ordering::SeqCst) != fetches_before {
            if let Some(error) = lock(&self.last_error).as_ref() {
                return Err(duplicate(error));
            }
        }
        let result = self.fetch().await;
        self.fetches.fetch_add(1, Ordering::SeqCst);
        match result {
            Ok(token) => {
                *lock(&self.last_error) = None;
                let token = Arc::new(token);
                *cache = Some(token.clone());
                Ok(token)
            }
            Err(error) => {
                *lock(&self.last_error) = Some(duplicate(&error));
                Err(error)
            }
        }
    }

    async fn fetch(&self) -> Result<AccessToken> {
        let mut nonce_retried = false;
        let mut dpop_upgraded = false;
        loop {
            let started = Instant::now();
            let assertion = match &self.assertion {
                AssertionSource::Signed { key, kid } => jwt::client_assertion(
                    &key.key,
                    kid.as_deref(),
                    &self.client_id,
                    self.token_url.as_str(),
                )
                .map_err(|e| Error::Config(e.into()))?,
                AssertionSource::Fixed(assertion) => assertion.clone(),
            };
            let body = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "client_credentials")
                .append_pair("scope", &self.scope)
                .append_pair("client_assertion_type", ASSERTION_TYPE)
                .append_pair("client_assertion", &assertion)
                .finish();
            let mut request = self
                .http
                .get()?
                .post(self.token_url.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
            let dpop = self.dpop.get();
            if let Some(key) = dpop {
                let nonce = lock(&self.token_nonce).clone();
                let proof = jwt::dpop_proof(key, "POST", &self.token_url, None, nonce.as_deref())
                    .map_err(|e| Error::Config(e.into()))?;
                request = request.header(DPOP, sensitive(&proof)?);
            }
            if let Some(timeout) = self.timeout {
                request = request.timeout(timeout);
            }
            let (status, headers, body) = match request.send().await {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let headers = std::mem::take(response.headers_mut());
                    match read_body(response, self.max_response_bytes).await {
                        Ok(body) => (status, headers, body),
                        Err(ReadError::Transport(e)) => return Err(self.transport_error(e)),
                        Err(ReadError::TooLarge) => {
                            let request_id = header_text(&headers, &REQUEST_ID);
                            return Err(Error::TooLarge { status, limit: self.max_response_bytes, request_id });
                        }
                    }
                }
                Err(e) => return Err(self.transport_error(e)),
            };
            let nonce = header_text(&headers, &DPOP_NONCE);
            if dpop.is_some() {
                if let Some(nonce) = &nonce {
                    *lock(&self.token_nonce) = Some(nonce.clone());
                }
            }
            if (200..300).contains(&status) {
                return self.accept(status, &body, dpop.is_some(), started);
            }
            let request_id = header_text(&headers, &REQUEST_ID);
            let error = ApiError::from_response(status, request_id, &body);
            let code = error.error_code.as_deref();
            if status == 400
                && code == Some("use_dpop_nonce")
                && dpop.is_some()
                && nonce.is_some()
                && !nonce_retried
            {
                nonce_retried = true;
                continue;
            }
            if status == 400
                && code == Some("invalid_dpop_proof")
                && dpop.is_none()
                && !dpop_upgraded
            {
                // The service app requires DPoP: switch it on for this client, as Okta's SDKs do.
                let key = DpopKey::generate().map_err(Error::Config)?;
                let _ = self.dpop.set(Arc::new(key));
                dpop_upgraded = true;
                continue;
            }
            return Err(Error::Api(Box::new(error)));
        }
    }

    fn accept(
        &self,
        status: u16,
        body: &[u8],
        dpop: bool,
        started: Instant,
    ) -> Result<AccessToken> {
        // The body holds the access token: it never goes into an error.
        let decode = |message: &str| Error::Decode {
            status,
            body: "<token response not shown>".into(),
            message: format!("token endpoint response: {message}"),
            source: None,
        };
        let response: TokenResponse = serde_json::from_slice(body).map_err(|e| {
            decode(&format!(
                "not the expected JSON (line {} column {})",
                e.line(),
                e.column()
            ))
        })?;
        if response.access_token.trim().is_empty() {
            return Err(decode("empty access_token"));
        }
        let token_type = response.token_type.unwrap_or_else(|| "Bearer".into());
        let is_dpop = token_type.eq_ignore_ascii_case("DPoP");
        if dpop && !is_dpop {
            return Err(Error::Config(format!(
                "DPoP is enabled but the token endpoint issued a {token_type} token; \
                 turn DPoP off or require it on the service app"
            )));
        }
        if !dpop && !is_dpop && !token_type.eq_ignore_ascii_case("Bearer") {
            return Err(decode("token_type is neither Bearer nor DPoP"));
        }
        if !dpop && is_dpop {
            return Err(decode("a DPoP token was issued without a DPoP proof"));
        }
        let lifetime = match response.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_f64().filter(|s| *s > 0.0),
            Some(serde_json::Value::String(s)) => s.parse::<f64>().ok().filter(|s| *s > 0.0),
            _ => None,
        }
        .map_or(DEFAULT_LIFETIME, |secs| {
            Duration::from_secs_f64(secs.min(1e9))
        });
        let early = RENEW_EARLY.min(lifetime / 2);
        // Never the token itself: its type, lifetime and how long the request took.
        tracing::debug!(
            target: "okta_admin",
            token_type = %token_type,
            expires_in_s = lifetime.as_secs(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "access token fetched"
        );
        Ok(AccessToken {
            value: response.access_token.trim().to_owned(),
            dpop,
            renew_at: started + lifetime - early,
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        Error::transport(e, Some(format!("token request to {}", self.token_url)))
    }
}

/// A copy of a token-fetch error, for the callers that waited for that fetch.
fn duplicate(error: &Error) -> Error {
    error.clone()
}

fn sensitive(value: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::Config("a DPoP proof is not a valid header value".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
