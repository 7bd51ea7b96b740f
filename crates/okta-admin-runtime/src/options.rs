//! Per-call escape hatches: extra query parameters and headers, a raw JSON body that replaces
//! the typed one, a timeout and retry limit, and the raw response kept beside the typed result.
//!
//! Attach them to a client view with [`Client::with_options`](crate::Client::with_options); every
//! call made through that view gets them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::request::Call;
use crate::response::RawResponse;

/// Options applied to every call made through [`Client::with_options`](crate::Client::with_options).
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<u64>,
    capture: Option<Arc<Mutex<Option<RawResponse>>>>,
}

impl CallOptions {
    /// No options.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Adds a query parameter the generated API lacks.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds (or replaces) a header. CR, LF or NUL in the value fails the call before sending.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends this JSON instead of the typed body.
    pub fn json_body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Overrides the request timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the retry limit (0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Keeps the raw response (status, headers such as `X-Rate-Limit-*`, body bytes) of the
    /// latest successful call, for [`CallOptions::last_response`].
    /// The largest response body each call reads, in bytes (overrides the client's limit).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    pub fn capture_response(mut self) -> Self {
        self.capture = Some(Arc::new(Mutex::new(None)));
        self
    }

    /// The raw response of the latest successful call made with these options (needs
    /// [`CallOptions::capture_response`]); a clone of the options shares the slot.
    pub fn last_response(&self) -> Option<RawResponse> {
        let slot = self.capture.as_ref()?;
        slot.lock().map(|r| r.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Applies the options to a call.
    pub(crate) fn apply(&self, call: &mut Call) {
        for (name, value) in &self.query {
            call.extra_query(name, value);
        }
        for (name, value) in &self.headers {
            call.extra_header(name, value);
        }
        if let Some(body) = &self.body {
            call.json_body(body);
        }
        if let Some(timeout) = self.timeout {
            call.timeout(timeout);
        }
        if let Some(retries) = self.max_retries {
            call.max_retries(retries);
        }
        if let Some(limit) = self.max_response_bytes {
            call.max_response_bytes(limit);
        }
    }

    /// Records a response when capturing.
    pub(crate) fn record(&self, response: &RawResponse) {
        if let Some(slot) = &self.capture {
            let mut guard = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *guard = Some(response.clone());
        }
    }
}
