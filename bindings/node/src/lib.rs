//! Node binding of `okta-admin`: two native classes behind the generated JS API.
//!
//! Every generated method (`client.users.get(id)`) is a line of JS that calls
//! [`NativeClient::call`] or [`NativeClient::paginate`] with its operation's index into the
//! runtime's operation table (`okta_admin_runtime::ops::OPS`, shared with Rust and Python) and its
//! arguments as one JSON text. So the 705 endpoints cost no Rust here at all: the core's
//! [`okta_admin_runtime::Call::from_op`] binds them ([`args::build_call`]), and the core owns HTTP,
//! auth, retries, rate limits and pagination. Calls run on napi's tokio runtime and
//! return Promises; panics are caught and rejected as `OktaError`s with code `internal`.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod abort;
mod args;
mod errors;
mod request;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use napi_derive::napi;
use okta_admin_runtime::{Client, Config, Error, Overrides, Paginated, Proxy, RawResponse, Spelling};

use okta_admin_runtime::Reply;

use crate::args::operation;

/// Settings of a client; unset ones come from Okta's configuration chain (see [`NativeClient::new`]).
#[napi(object)]
pub struct ClientOptions {
    /// The org URL, e.g. `https://dev-123456.okta.com` (env `OKTA_CLIENT_ORGURL`).
    pub org_url: Option<String>,
    /// An API token, sent as `SSWS <token>` (env `OKTA_CLIENT_TOKEN`).
    pub token: Option<String>,
    /// An OAuth 2.0 access token obtained elsewhere, sent as `Bearer <token>`.
    pub bearer_token: Option<String>,
    /// OAuth 2.0 client credentials: the service app's client id, with `privateKey` or
    /// `clientAssertion`.
    pub client_id: Option<String>,
    /// The PEM or JWK private key of the service app (or a file path to one).
    pub private_key: Option<String>,
    /// The `kid` of the private key.
    pub key_id: Option<String>,
    /// A pre-signed client assertion (JWT), instead of a private key.
    pub client_assertion: Option<String>,
    /// The OAuth scopes to request, e.g. `["okta.users.read"]`.
    pub scopes: Option<Vec<String>>,
    /// Bind access tokens with DPoP from the start.
    pub dpop: Option<bool>,
    /// An HTTP proxy for every request (otherwise `HTTPS_PROXY` and co. apply).
    pub proxy: Option<ProxyOptions>,
    /// Timeout of each request attempt in milliseconds (default 60 000; 0: none).
    pub timeout_ms: Option<f64>,
    /// Timeout for establishing a connection in milliseconds (default 10 000).
    pub connect_timeout_ms: Option<f64>,
    /// Retries of a failed request (default 2; 0 disables retries).
    pub max_retries: Option<u32>,
    /// Total time one call may wait for rate limits to reset, in milliseconds (default 60 000).
    pub max_rate_limit_wait_ms: Option<f64>,
    /// The largest response body a call reads, in bytes (default 64 MiB).
    pub max_response_bytes: Option<f64>,
    /// Client-side pacing under rate limits (default on).
    pub pacing: Option<bool>,
    /// Appended to the `User-Agent` (instead of the configuration chain's `userAgent`).
    pub user_agent: Option<String>,
    /// The binding's product tokens (`okta-admin-node/… node/…`), before the `userAgent`.
    pub platform_agent: Option<String>,
}

/// An HTTP proxy.
#[napi(object)]
pub struct ProxyOptions {
    pub host: String,
    pub port: u32,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// The core client.
#[napi]
pub struct NativeClient {
    client: Client,
    aborts: abort::Aborts,
}

#[napi]
impl NativeClient {
    /// A client configured the way Okta's SDKs are: `~/.okta/okta.yaml`, then `./okta.yaml`,
    /// then the `OKTA_CLIENT_*` environment variables, then the explicit options, each
    /// overriding the one before.
    #[napi(constructor)]
    pub fn new(options: Option<ClientOptions>) -> napi::Result<Self> {
        let built = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let config = config(options.unwrap_or_else(empty_options))?;
            Client::new(config)
        }));
        match built {
            Ok(Ok(client)) => Ok(NativeClient { client, aborts: abort::Aborts::default() }),
            Ok(Err(error)) => Err(errors::to_napi(&error)),
            Err(payload) => Err(errors::internal(&errors::panic_message(&*payload))),
        }
    }

    /// Sends operation `op` with `args` (JSON `[...positional, options, callOptions]`) and, for
    /// binary and file bodies, their `bytes`. Resolves to the status and the response body as
    /// text (no body for operations without a response body).
    /// A JSON body is checked here (its top-level shape against the operation's, and that it is
    /// JSON as the core reads it), so `JSON.parse` in JS sees what Python and Rust accept.
    #[napi]
    pub async fn call(&self, op: u32, args: String, bytes: Option<Buffer>, abort: Option<u32>) -> napi::Result<NativeText> {
        let (client, aborts) = (self.client.clone(), self.aborts.clone());
        let bytes = bytes.map(|b| b.to_vec());
        guard(aborts.run(abort, async move {
            let op = operation(op)?;
            let call = args::build_call(op, &args, bytes)?;
            let response = client.send_raw(call).await?;
            let status = u32::from(response.status);
            op.reply.check(op.id, response.status, &response.body)?;
            Ok(match op.reply {
                Reply::Empty => NativeText { status, body: None },
                Reply::Json(_) => NativeText { status, body: Some(js_json(response)?) },
                Reply::Text | Reply::Binary => NativeText { status, body: Some(js_text(response)?) },
            })
        }))
        .await
    }

    /// A new id for a call with an `AbortSignal` (pass it to the call; abort or release it).
    #[napi]
    pub fn abortable(&self) -> u32 {
        self.aborts.register()
    }

    /// Aborts the call registered as `id`.
    #[napi]
    pub fn abort(&self, id: u32) {
        self.aborts.abort(id);
    }

    /// Forgets `id` once its call has settled.
    #[napi]
    pub fn release(&self, id: u32) {
        self.aborts.release(id);
    }

    /// Sends every event of this client's calls (attempt, response, retry) to `listener` as JSON
    /// text; `lib/runtime.js` parses it and emits it on the client. Set once per client (the JS
    /// side keeps its own listeners); the listener does not keep Node's event loop alive.
    #[napi]
    pub fn observe(&self, listener: ThreadsafeFunction<String, Unknown<'static>, String, Status, false, true>) -> napi::Result<()> {
        let listener = Arc::new(listener);
        let observer: okta_admin_runtime::Observer = Arc::new(move |event: &okta_admin_runtime::Event<'_>| {
            listener.call(event_json(event), ThreadsafeFunctionCallMode::NonBlocking);
        });
        self.client
            .observe(observer)
            .map_err(|_| errors::to_napi(&Error::InvalidRequest("this client already has an observer".into())))
    }

    /// Closes the client and every client sharing its connections: idle connections close at
    /// once, calls under way finish, later calls reject with `ClientClosedError`.
    #[napi]
    pub fn close(&self) {
        self.client.close();
    }

    /// True once the client was closed.
    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.client.is_closed()
    }

    /// [`NativeClient::call`], resolving to the whole response: status, headers and body bytes
    /// (for `callOptions.raw`).
    #[napi]
    pub async fn call_raw(&self, op: u32, args: String, bytes: Option<Buffer>, abort: Option<u32>) -> napi::Result<NativeResponse> {
        let (client, aborts) = (self.client.clone(), self.aborts.clone());
        let bytes = bytes.map(|b| b.to_vec());
        guard(aborts.run(abort, async move {
            let op = operation(op)?;
            let call = args::build_call(op, &args, bytes)?;
            Ok(native_response(client.send_raw(call).await?))
        }))
        .await
    }

    /// `client.request()`: sends `args` (JSON `{ method, path, params, query, headers, json,
    /// contentType, timeoutMs, maxRetries }`) with the bytes of its `body`, to a path checked by
    /// `Call::from_path`; resolves to the whole response.
    #[napi]
    pub async fn request(&self, args: String, bytes: Option<Buffer>, abort: Option<u32>) -> napi::Result<NativeResponse> {
        let (client, aborts) = (self.client.clone(), self.aborts.clone());
        let bytes = bytes.map(|b| b.to_vec());
        guard(aborts.run(abort, async move {
            let call = request::build_request(&args, bytes)?;
            Ok(native_response(client.send_raw(call).await?))
        }))
        .await
    }

    /// Starts paging through list operation `op`; nothing is sent until the first `nextPage()`.
    /// At most `max_pages` pages; with `poll_ms`, polls for new items instead of ending (the
    /// System Log's `tail`).
    #[napi]
    pub fn paginate(&self, op: u32, args: String, max_pages: Option<u32>, poll_ms: Option<f64>) -> NativePager {
        let state = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let op = operation(op)?;
            if !op.paged {
                return Err(Error::InvalidRequest(format!("{} is not a list operation", op.id)));
            }
            let call = args::build_call(op, &args, None)?;
            let mut pages = self.client.paginate::<serde_json::Value>(call);
            if let Some(max) = max_pages {
                pages = pages.max_pages(u64::from(max));
            }
            if let Some(ms) = poll_ms {
                let interval = Duration::try_from_secs_f64(ms / 1000.0)
                    .map_err(|_| Error::InvalidRequest(format!("intervalMs must be a non-negative number, not {ms}")))?;
                pages = pages.poll(interval);
            }
            Ok(pages)
        }));
        let state = match state {
            Ok(Ok(pages)) => PagerState::Ready(Box::new(pages)),
            Ok(Err(error)) => PagerState::Failed(Some(errors::to_napi(&error))),
            Err(payload) => PagerState::Failed(Some(errors::internal(&errors::panic_message(&*payload)))),
        };
        NativePager { state: Arc::new(tokio::sync::Mutex::new(state)), aborts: self.aborts.clone() }
    }

    /// The effective settings (credentials left out), for diagnostics.
    #[napi]
    pub fn describe(&self) -> ClientDescription {
        let config = self.client.config();
        ClientDescription {
            org_url: config.org_url().as_str().trim_end_matches('/').to_owned(),
            authorization_mode: config.auth().authorization_mode().to_owned(),
            user_agent: config.user_agent().to_owned(),
            timeout_ms: config.request_timeout().map(|t| t.as_secs_f64() * 1000.0),
            connect_timeout_ms: config.connect_timeout().as_secs_f64() * 1000.0,
            max_retries: config.max_retries(),
            max_rate_limit_wait_ms: config.max_rate_limit_wait().as_secs_f64() * 1000.0,
            max_response_bytes: config.max_response_bytes() as f64,
            pacing: config.pacing(),
        }
    }
}

/// What [`NativeClient::describe`] reports.
#[napi(object)]
pub struct ClientDescription {
    pub org_url: String,
    /// `SSWS`, `Bearer`, `PrivateKey` or `JWT`.
    pub authorization_mode: String,
    pub user_agent: String,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: f64,
    pub max_retries: u32,
    pub max_rate_limit_wait_ms: f64,
    pub max_response_bytes: f64,
    pub pacing: bool,
}

/// One page of a list: the raw JSON array text, the status and the headers.
#[napi(object)]
pub struct NativePage {
    pub body: String,
    pub status: u32,
    /// Header names in lower case; repeated headers joined with `, `.
    pub headers: HashMap<String, String>,
}

/// The status and body text of a 2xx response.
#[napi(object)]
pub struct NativeText {
    pub status: u32,
    pub body: Option<String>,
}

/// A whole 2xx response.
#[napi(object)]
pub struct NativeResponse {
    pub status: u32,
    /// Header names in lower case; repeated headers joined with `, `.
    pub headers: HashMap<String, String>,
    pub body: Buffer,
}

enum PagerState {
    Ready(Box<Paginated<serde_json::Value>>),
    /// An error found before the first request, reported once by the first `nextPage()`.
    Failed(Option<napi::Error>),
}

/// The pages of one list call, fetched one at a time by the core's paginator.
#[napi]
pub struct NativePager {
    state: Arc<tokio::sync::Mutex<PagerState>>,
    aborts: abort::Aborts,
}

#[napi]
impl NativePager {
    /// The next page, or `null` when there are no more (and after any error).
    #[napi]
    pub async fn next_page(&self, abort: Option<u32>) -> napi::Result<Option<NativePage>> {
        let (state, aborts) = (Arc::clone(&self.state), self.aborts.clone());
        let result = AssertUnwindSafe(async move {
            let mut state = state.lock().await;
            match &mut *state {
                PagerState::Failed(error) => match error.take() {
                    Some(error) => Err(error),
                    None => Ok(None),
                },
                PagerState::Ready(pages) => {
                    let fetched = aborts.run(abort, async { pages.next_page_raw().await?.map(native_page).transpose() }).await;
                    fetched.map_err(|error| errors::to_napi(&error))
                }
            }
        })
        .catch_unwind()
        .await;
        result.unwrap_or_else(|payload| Err(errors::internal(&errors::panic_message(&*payload))))
    }
}

/// Runs a call, mapping core errors and panics to rejections.
async fn guard<T>(work: impl std::future::Future<Output = Result<T, Error>>) -> napi::Result<T> {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(errors::to_napi(&error)),
        Err(payload) => Err(errors::internal(&errors::panic_message(&*payload))),
    }
}

/// An event as the JSON object `client.on(...)` listeners receive.
fn event_json(event: &okta_admin_runtime::Event<'_>) -> String {
    let ms = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1000.0);
    let rate_limit = event.rate_limit.filter(|r| r.limit.is_some() || r.remaining.is_some() || r.reset.is_some());
    serde_json::json!({
        "type": event.kind.name(),
        "operation": event.operation,
        "method": event.method,
        "path": event.path,
        "attempt": event.attempt,
        "status": event.status,
        "elapsedMs": ms(event.elapsed),
        "requestId": event.request_id,
        "rateLimit": rate_limit.map(|r| serde_json::json!({ "limit": r.limit, "remaining": r.remaining, "reset": r.reset })),
        "reason": event.reason,
        "retryInMs": ms(event.retry_in),
    })
    .to_string()
}

/// The longest string V8 can make (2^29 - 24 UTF-16 units; a longer body cannot be one).
const MAX_JS_STRING: usize = (1 << 29) - 24;

/// A text body as a JS string (decoded leniently).
fn js_text(response: RawResponse) -> Result<String, Error> {
    fits_js_string(&response)?;
    let body = Vec::from(response.body);
    Ok(String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// A JSON body as a JS string, checked to be JSON as the core reads it, so that `JSON.parse`
/// in JS sees what Python and Rust accept.
fn js_json(response: RawResponse) -> Result<String, Error> {
    fits_js_string(&response)?;
    response.into_json_text()
}

/// A body longer than a JS string can be is too large for this binding.
fn fits_js_string(response: &RawResponse) -> Result<(), Error> {
    if response.body.len() > MAX_JS_STRING {
        return Err(Error::too_large(response.status, MAX_JS_STRING as u64, response.request_id()));
    }
    Ok(())
}

fn native_page(page: RawResponse) -> Result<NativePage, Error> {
    let (status, headers) = (u32::from(page.status), header_map(&page.headers));
    Ok(NativePage { body: js_json(page)?, status, headers })
}

fn native_response(response: RawResponse) -> NativeResponse {
    let headers = header_map(&response.headers);
    NativeResponse { status: u32::from(response.status), headers, body: Vec::from(response.body).into() }
}

/// Header names in lower case; repeated headers joined with `, `.
fn header_map(from: &reqwest::header::HeaderMap) -> HashMap<String, String> {
    let mut headers: HashMap<String, String> = HashMap::with_capacity(from.keys_len());
    for (name, value) in from {
        let value = String::from_utf8_lossy(value.as_bytes());
        headers
            .entry(name.as_str().to_owned())
            .and_modify(|existing| {
                existing.push_str(", ");
                existing.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    headers
}

fn empty_options() -> ClientOptions {
    ClientOptions {
        org_url: None,
        token: None,
        bearer_token: None,
        client_id: None,
        private_key: None,
        key_id: None,
        client_assertion: None,
        scopes: None,
        dpop: None,
        proxy: None,
        timeout_ms: None,
        connect_timeout_ms: None,
        max_retries: None,
        max_rate_limit_wait_ms: None,
        max_response_bytes: None,
        pacing: None,
        user_agent: None,
        platform_agent: None,
    }
}

/// The configuration: Okta's chain with the options as its highest layer (the core's
/// [`Overrides`], the same rules as every other language).
fn config(options: ClientOptions) -> Result<Config, Error> {
    let mut overrides = Overrides::new(Spelling::Option);
    overrides.org_url = options.org_url;
    overrides.token = options.token;
    overrides.bearer_token = options.bearer_token;
    overrides.client_id = options.client_id;
    overrides.private_key = options.private_key;
    overrides.key_id = options.key_id;
    overrides.client_assertion = options.client_assertion;
    overrides.scopes = options.scopes;
    overrides.dpop = options.dpop;
    overrides.user_agent = options.user_agent;
    overrides.pacing = options.pacing;
    overrides.platform = options.platform_agent;
    if let Some(proxy) = options.proxy {
        let port = u16::try_from(proxy.port)
            .ok()
            .filter(|&p| p > 0)
            .ok_or_else(|| Error::Config("`proxy` (option): the port must be between 1 and 65535".into()))?;
        let mut p = Proxy::new(proxy.host, port);
        if let Some(username) = proxy.username {
            p = p.with_credentials(username, proxy.password.unwrap_or_default());
        }
        overrides.proxy = Some(p);
    }
    if let Some(ms) = options.timeout_ms {
        overrides.request_timeout = Some(if ms == 0.0 { None } else { Some(millis("timeoutMs", ms)?) });
    }
    if let Some(ms) = options.connect_timeout_ms {
        overrides.connect_timeout = Some(millis("connectTimeoutMs", ms)?);
    }
    overrides.max_retries = options.max_retries;
    if let Some(ms) = options.max_rate_limit_wait_ms {
        overrides.max_rate_limit_wait = Some(millis("maxRateLimitWaitMs", ms)?);
    }
    if let Some(limit) = options.max_response_bytes {
        overrides.max_response_bytes = Some(args::byte_count(limit).map_err(|why| Error::Config(format!("`maxResponseBytes` (option) {why}")))?);
    }
    overrides.build()
}

fn millis(name: &str, ms: f64) -> Result<Duration, Error> {
    if !(ms.is_finite() && (0.0..=1e13).contains(&ms)) {
        return Err(Error::Config(format!("{name} must be a non-negative number of milliseconds")));
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}
