//! The HTTP client: sends calls with credentials, retries, rate-limit waits and error mapping.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, LOCATION};
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::auth::{AuthRetry, Authenticator};
use crate::config::Config;
use crate::error::{ApiError, Error, Result};
use crate::observe::{Event, EventKind, Observer};
use crate::options::CallOptions;
use crate::pacing::Pacer;
use crate::request::{Call, Prepared};
use crate::response::{read_body, request_id, Pool, RawResponse, ReadError, REQUEST_ID};
use crate::retry::{backoff, RateLimit};

/// The `Accept` every request sends unless the operation asks for another media type.
pub(crate) const DEFAULT_ACCEPT: &str = "application/json";

const RETRY_FOR: HeaderName = HeaderName::from_static("x-okta-retry-for");
const RETRY_COUNT: HeaderName = HeaderName::from_static("x-okta-retry-count");

/// An Okta client; cheap to clone (one shared connection pool).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Escape hatches applied to every call made through this view (see [`Client::with_options`]).
    options: Option<Arc<CallOptions>>,
}

struct Inner {
    config: Config,
    pool: Pool,
    auth: Authenticator,
    /// Receives the events of every call (set once, see [`Client::observe`]).
    observer: OnceLock<Observer>,
    /// Holds calls back when a rate-limit bucket is spent (`None`: pacing is off).
    pacer: Option<Pacer>,
}

/// How one attempt failed.
enum Failed {
    /// The transport failed (connect, reset, timeout): maybe worth a retry.
    Transport(reqwest::Error),
    /// Final: no retry helps.
    Final(Error),
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
        defaults.insert(ACCEPT, HeaderValue::from_static(DEFAULT_ACCEPT));
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
        let pool = Pool::new(http);
        let auth = Authenticator::new(&config, &pool)?;
        Ok(Client {
            inner: Arc::new(Inner { pacer: config.pacing().then(Pacer::default), config, pool, auth, observer: OnceLock::new() }),
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

    /// Closes the client and every view of it: idle connections are closed at once, calls
    /// under way finish, and later calls fail with [`Error::Closed`] without sending anything.
    pub fn close(&self) {
        self.inner.pool.close();
    }

    /// True once [`Client::close`] was called on this client or a view of it.
    pub fn is_closed(&self) -> bool {
        self.inner.pool.is_closed()
    }

    /// Sets the function that receives an [`Event`] for every attempt, response and retry of
    /// this client's calls (and its views'), besides the `tracing` events every call emits.
    /// One per client: `Err` gives `observer` back when one is already set.
    pub fn observe(&self, observer: Observer) -> std::result::Result<(), Observer> {
        self.inner.observer.set(observer)
    }

    /// Sends `call` and returns the 2xx response as is.
    pub async fn send_raw(&self, call: Call) -> Result<RawResponse> {
        let call = self.with_call_options(call);
        self.execute(&call.prepare(self.config().org_url())?).await
    }

    /// Applies this view's call options, if any.
    pub(crate) fn with_call_options(&self, mut call: Call) -> Call {
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
        let (operation, path) = match request.operation {
            Some((id, template)) => (Some(id), template),
            None => (None, request.url.path()),
        };
        let event = |kind, attempt: u32| Event {
            kind,
            operation,
            method: request.method.as_str(),
            path,
            attempt: attempt + 1,
            status: None,
            elapsed: None,
            request_id: None,
            rate_limit: None,
            reason: None,
            retry_in: None,
        };
        let mut attempts = 0;
        let bucket = self.inner.pacer.as_ref().map(|_| format!("{} {path}", request.method));
        loop {
            let auth = self
                .inner
                .auth
                .request_auth(&request.method, &request.url, &request.headers)
                .await?;
            let auth_headers = auth.as_ref().map(|a| &a.headers);
            if let (Some(pacer), Some(bucket)) = (&self.inner.pacer, &bucket) {
                let budget = config.max_rate_limit_wait().saturating_sub(rate_limit_waited);
                rate_limit_waited += pacer.before_send(bucket, budget).await;
            }
            self.emit(&event(EventKind::Request, attempts));
            let sent = Instant::now();
            let attempt = self
                .attempt(request, retries, &retry_for, auth_headers)
                .await;
            attempts += 1;
            if let (Some(pacer), Some(bucket), Err(_)) = (&self.inner.pacer, &bucket, &attempt) {
                pacer.after_response(bucket, None);
            }
            let (status, headers, body) = match attempt {
                Ok(response) => response,
                Err(Failed::Final(error)) => {
                    let reason = error.to_string();
                    let status = error.status();
                    self.emit(&Event { status, elapsed: Some(sent.elapsed()), reason: Some(&reason), ..event(EventKind::Response, attempts - 1) });
                    return Err(error);
                }
                Err(Failed::Transport(e)) => {
                    // A failed connect sent nothing, so even a POST is safe to repeat.
                    let safe = idempotent || e.is_connect();
                    let error = Error::transport(e, None);
                    let reason = error.to_string();
                    self.emit(&Event { elapsed: Some(sent.elapsed()), reason: Some(&reason), ..event(EventKind::Response, attempts - 1) });
                    if safe && matches!(error, Error::Connection(_)) && retries < max_retries {
                        let wait = backoff(retries);
                        self.emit(&Event { reason: Some(&reason), retry_in: Some(wait), ..event(EventKind::Retry, attempts - 1) });
                        tokio::time::sleep(wait).await;
                        retries += 1;
                        continue;
                    }
                    return Err(error);
                }
            };
            let limits = RateLimit::from_headers(&headers);
            if let (Some(pacer), Some(bucket)) = (&self.inner.pacer, &bucket) {
                pacer.after_response(bucket, Some((&limits, &headers)));
            }
            let request_id_text = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok());
            let answered = Event {
                status: Some(status),
                elapsed: Some(sent.elapsed()),
                request_id: request_id_text,
                rate_limit: Some(limits),
                ..event(EventKind::Response, attempts - 1)
            };
            self.emit(&answered);
            let retry_event = |reason: &'static str, wait: Duration| Event {
                kind: EventKind::Retry,
                reason: Some(reason),
                retry_in: Some(wait),
                ..answered.clone()
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
                    self.emit(&retry_event("a new DPoP nonce", Duration::ZERO));
                    continue;
                }
                AuthRetry::Token if !token_retried => {
                    token_retried = true;
                    self.emit(&retry_event("a new access token", Duration::ZERO));
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
                let wait = limits.wait(&headers, retries);
                let waited = rate_limit_waited.saturating_add(wait);
                if retries < max_retries && waited <= config.max_rate_limit_wait() {
                    self.emit(&retry_event("rate limited (429)", wait));
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
                let wait = backoff(retries);
                self.emit(&retry_event("server error", wait));
                tokio::time::sleep(wait).await;
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

    /// Hands `event` to `tracing` and to the observer.
    fn emit(&self, event: &Event<'_>) {
        event.trace();
        if let Some(observer) = self.inner.observer.get() {
            observer(event);
        }
    }

    /// One attempt: sends the request and reads the whole response.
    async fn attempt(
        &self,
        request: &Prepared,
        retries: u32,
        retry_for: &Option<HeaderValue>,
        auth_headers: Option<&HeaderMap>,
    ) -> Result<(u16, HeaderMap, Bytes), Failed> {
        let http = self.inner.pool.get().map_err(Failed::Final)?;
        let mut builder = http
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
        let mut response = builder.send().await.map_err(Failed::Transport)?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let limit = request.max_response_bytes.unwrap_or(self.inner.config.max_response_bytes());
        match read_body(response, limit).await {
            Ok(body) => Ok((status, headers, body)),
            Err(ReadError::Transport(e)) => Err(Failed::Transport(e)),
            Err(ReadError::TooLarge) => Err(Failed::Final(Error::TooLarge { status, limit, request_id: request_id(&headers) })),
        }
    }
}

