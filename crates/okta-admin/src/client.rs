//! The HTTP client: sends calls with credentials, retries, rate-limit waits and error mapping.

use std::collections::hash_map::RandomState;
use std::error::Error as _;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, DATE, LOCATION};
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::auth::{AuthRetry, Authenticator};
use crate::config::Config;
use crate::options::CallOptions;
use crate::error::{ApiError, Error, Result};
use crate::pagination::Paginated;
use crate::request::{Call, Prepared};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-okta-request-id");
const RETRY_FOR: HeaderName = HeaderName::from_static("x-okta-retry-for");
const RETRY_COUNT: HeaderName = HeaderName::from_static("x-okta-retry-count");
const RATE_LIMIT: HeaderName = HeaderName::from_static("x-rate-limit-limit");
const RATE_REMAINING: HeaderName = HeaderName::from_static("x-rate-limit-remaining");
const RATE_RESET: HeaderName = HeaderName::from_static("x-rate-limit-reset");

/// First retry waits about this long; each further retry doubles it.
const BACKOFF_BASE: Duration = Duration::from_millis(250);
/// No single backoff wait is longer than this.
const BACKOFF_CAP: Duration = Duration::from_secs(4);

/// An Okta client; cheap to clone (one shared connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Escape hatches applied to every call made through this view (see [`Client::with_options`]).
    options: Option<Arc<CallOptions>>,
}

struct Inner {
    config: Config,
    http: reqwest::Client,
    auth: Authenticator,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config`. Redirects are never followed, so credentials stay with the org.
    /// With [`Auth::OAuth`](crate::Auth::OAuth), the DPoP key (if enabled) is generated here
    /// and the first access token is fetched by the first call.
    pub fn new(config: Config) -> Result<Client> {
        let mut defaults = HeaderMap::new();
        defaults.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(authorization) = config.authorization_header() {
            defaults.insert(AUTHORIZATION, authorization.clone());
        }
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout())
            .user_agent(config.user_agent_header().clone())
            .default_headers(defaults);
        if let Some(proxy) = config.proxy() {
            builder = builder.proxy(proxy.to_reqwest()?);
        }
        let http = builder
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
        let auth = Authenticator::new(&config, &http)?;
        Ok(Client {
            inner: Arc::new(Inner { config, http, auth }),
            options: None,
        })
    }

    /// A client configured like Okta's official SDKs: `~/.okta/okta.yaml`, `./okta.yaml`, then
    /// `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN` and the other `OKTA_CLIENT_*` variables (see
    /// [`ConfigBuilder::from_env`](crate::ConfigBuilder::from_env)).
    pub fn from_env() -> Result<Client> {
        Client::new(Config::from_env()?)
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `call` and decodes the 2xx JSON body; an empty body decodes as JSON `null`.
    pub async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        self.send_raw(call).await?.json()
    }

    /// Sends `call` and ignores the 2xx body.
    pub async fn send_empty(&self, call: Call) -> Result<()> {
        self.send_raw(call).await.map(drop)
    }

    /// A view of this client (same connection pool and credentials) whose every call gets
    /// `options`: extra query parameters and headers, a raw JSON body, a timeout, a retry limit,
    /// and the raw response kept for [`CallOptions::last_response`].
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client { inner: self.inner.clone(), options: Some(Arc::new(options)) }
    }

    /// Sends `call` and returns the 2xx response as is.
    pub async fn send_raw(&self, call: Call) -> Result<RawResponse> {
        let call = self.with_call_options(call);
        self.execute(&call.prepare(self.config().org_url())?).await
    }

    /// Pages through a list endpoint lazily, following `Link: <…>; rel="next"`.
    pub fn paginate<T: DeserializeOwned>(&self, call: Call) -> Paginated<T> {
        let call = self.with_call_options(call);
        Paginated::new(self.clone(), call.prepare(self.config().org_url()))
    }

    /// Applies this view's call options, if any.
    fn with_call_options(&self, mut call: Call) -> Call {
        if let Some(options) = &self.options {
            options.apply(&mut call);
        }
        call
    }

    /// Sends a prepared request, retrying as configured, until a 2xx or a final error.
    pub(crate) async fn execute(&self, request: &Prepared) -> Result<RawResponse> {
        let config = &self.inner.config;
        let max_retries = request.max_retries.unwrap_or(config.max_retries());
        let idempotent = matches!(
            request.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let mut retries = 0;
        let mut rate_limit_waited = Duration::ZERO;
        let mut retry_for: Option<HeaderValue> = None;
        let (mut nonce_retried, mut token_retried) = (false, false);
        loop {
            let auth = self
                .inner
                .auth
                .request_auth(&request.method, &request.url, &request.headers)
                .await?;
            let auth_headers = auth.as_ref().map(|a| &a.headers);
            let attempt = self
                .attempt(request, retries, &retry_for, auth_headers)
                .await;
            let (status, headers, body) = match attempt {
                Ok(response) => response,
                Err(e) => {
                    let error = transport_error(&e);
                    // A failed connect sent nothing, so even a POST is safe to repeat.
                    let safe = idempotent || e.is_connect();
                    if safe && matches!(error, Error::Connection(_)) && retries < max_retries {
                        tokio::time::sleep(backoff(retries)).await;
                        retries += 1;
                        continue;
                    }
                    return Err(error);
                }
            };
            // A 401 with an OAuth token: a DPoP nonce to use, or a token to replace (once each).
            match self
                .inner
                .auth
                .after_response(auth.as_ref(), status, &headers)
                .await
            {
                AuthRetry::Nonce if !nonce_retried => {
                    nonce_retried = true;
                    continue;
                }
                AuthRetry::Token if !token_retried => {
                    token_retried = true;
                    continue;
                }
                _ => {}
            }
            if (200..300).contains(&status) {
                let response = RawResponse { status, headers, body };
                if let Some(options) = &self.options {
                    options.record(&response);
                }
                return Ok(response);
            }
            if retry_for.is_none() {
                retry_for = headers.get(REQUEST_ID).cloned();
            }
            if status == 429 {
                let limits = RateLimit::from_headers(&headers);
                let wait = limits.wait(&headers, retries);
                let waited = rate_limit_waited.saturating_add(wait);
                if retries < max_retries && waited <= config.max_rate_limit_wait() {
                    tokio::time::sleep(wait).await;
                    rate_limit_waited = waited;
                    retries += 1;
                    continue;
                }
                let error = Box::new(ApiError::from_response(status, request_id(&headers), &body));
                return Err(Error::RateLimited {
                    error,
                    limit: limits.limit,
                    remaining: limits.remaining,
                    reset: limits.reset,
                    retries,
                });
            }
            if idempotent && matches!(status, 500 | 502 | 503 | 504) && retries < max_retries {
                tokio::time::sleep(backoff(retries)).await;
                retries += 1;
                continue;
            }
            if (300..400).contains(&status) {
                let location = headers
                    .get(LOCATION)
                    .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
                return Err(Error::Redirect { status, location });
            }
            let error = ApiError::from_response(status, request_id(&headers), &body);
            return Err(Error::Api(Box::new(error)));
        }
    }

    /// One attempt: sends the request and reads the whole response.
    async fn attempt(
        &self,
        request: &Prepared,
        retries: u32,
        retry_for: &Option<HeaderValue>,
        auth_headers: Option<&HeaderMap>,
    ) -> Result<(u16, HeaderMap, Bytes), reqwest::Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), request.url.clone())
            .headers(request.headers.clone());
        if let Some(auth_headers) = auth_headers {
            builder = builder.headers(auth_headers.clone());
        }
        if retries > 0 {
            builder = builder.header(RETRY_COUNT, retries);
            if let Some(id) = retry_for {
                builder = builder.header(RETRY_FOR, id.clone());
            }
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        if let Some(timeout) = request.timeout.or(self.inner.config.request_timeout()) {
            builder = builder.timeout(timeout);
        }
        let mut response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        Ok((status, headers, body))
    }
}

/// A 2xx response as received, for callers that decode it themselves.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: Bytes,
}

impl RawResponse {
    /// Decodes the body as JSON; an empty body decodes as JSON `null`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|e| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            message: e.to_string(),
        })
    }

    /// The `X-Okta-Request-Id` header, to quote to Okta support.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Maps a transport failure to [`Error::Timeout`] or [`Error::Connection`] (with its causes).
fn transport_error(e: &reqwest::Error) -> Error {
    if e.is_timeout() {
        return Error::Timeout;
    }
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Connection(message)
}

/// The `X-Rate-Limit-*` headers of a 429 response.
struct RateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset: Option<u64>,
}

impl RateLimit {
    fn from_headers(headers: &HeaderMap) -> RateLimit {
        RateLimit {
            limit: smallest(headers, &RATE_LIMIT),
            remaining: smallest(headers, &RATE_REMAINING),
            reset: smallest(headers, &RATE_RESET),
        }
    }

    /// How long to wait before retrying: until the reset (by the response's own `Date`) plus
    /// one second, or a short backoff when the reset is unknown or the limit is the
    /// concurrent-request one (Limit = Remaining = 0), which frees up as other requests end.
    fn wait(&self, headers: &HeaderMap, retries: u32) -> Duration {
        match self.reset {
            Some(reset) if !(self.limit == Some(0) && self.remaining == Some(0)) => {
                let now = headers
                    .get(DATE)
                    .and_then(parse_http_date)
                    .unwrap_or_else(unix_now);
                Duration::from_secs(reset.saturating_sub(now).saturating_add(1))
            }
            _ => backoff(retries),
        }
    }
}

/// The smallest integer among all values of a (possibly repeated or comma-joined) header.
fn smallest(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse().ok())
        .min()
}

/// Exponential backoff with equal jitter: half of `base * 2^retries` (capped) plus a random part.
fn backoff(retries: u32) -> Duration {
    let full = BACKOFF_BASE
        .saturating_mul(1 << retries.min(16))
        .min(BACKOFF_CAP);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(retries);
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    full / 2 + (full / 2).mul_f64(unit)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into epoch seconds.
fn parse_http_date(value: &HeaderValue) -> Option<u64> {
    let mut parts = value.to_str().ok()?.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month_name)?;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil, years >= 1970).
    let month = month as u64 + 1;
    let y = if month <= 2 { year - 1 } else { year };
    let (era, year_of_era) = (y / 400, y % 400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}
