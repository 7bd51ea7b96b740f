//! What a call does, as it happens: one [`Event`] per attempt sent, per response (or transport
//! failure) and per retry. Each is a `tracing` event with target `okta_admin` (DEBUG; retries at
//! WARN), which the Python binding forwards to the standard `logging` logger `okta_admin`, and is
//! handed to the client's [`Observer`] if one is set (the Node binding's `client.on(...)`).
//!
//! Events carry the operation id, method, path template (or the path of a raw request), attempt,
//! status, elapsed time, Okta's request id and rate-limit headers: never a header value, a query
//! string or a body, so neither credentials nor user data reach a log.

use std::sync::Arc;
use std::time::Duration;

use crate::retry::RateLimit;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// An attempt is about to be sent.
    Request,
    /// An attempt ended: a response, or a transport failure (`status` is `None`).
    Response,
    /// The call will be sent again after `retry_in`.
    Retry,
}

impl EventKind {
    /// `"request"`, `"response"` or `"retry"`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Request => "request",
            EventKind::Response => "response",
            EventKind::Retry => "retry",
        }
    }
}

/// One step of a call.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub kind: EventKind,
    /// Okta's `operationId`, for generated calls.
    pub operation: Option<&'static str>,
    pub method: &'a str,
    /// The path template (`/api/v1/users/{id}`), or the path of a raw request.
    pub path: &'a str,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub status: Option<u16>,
    /// Time since the attempt was sent (responses).
    pub elapsed: Option<Duration>,
    /// `X-Okta-Request-Id` (responses).
    pub request_id: Option<&'a str>,
    /// `X-Rate-Limit-*` (responses).
    pub rate_limit: Option<RateLimit>,
    /// Why the call is retried, or what failed.
    pub reason: Option<&'a str>,
    /// How long the client waits before the retry.
    pub retry_in: Option<Duration>,
}

/// Receives every [`Event`] of a client's calls (on the runtime's threads; keep it quick).
pub type Observer = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

impl Event<'_> {
    /// Writes the event to `tracing` (target `okta_admin`).
    pub(crate) fn trace(&self) {
        let operation = self.operation.unwrap_or("");
        let status = self.status.map(i64::from).unwrap_or(-1);
        let elapsed_ms = self.elapsed.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(-1.0);
        let request_id = self.request_id.unwrap_or("");
        let remaining = self.rate_limit.and_then(|r| r.remaining).map(|r| r as i64).unwrap_or(-1);
        let reason = self.reason.unwrap_or("");
        match self.kind {
            EventKind::Request => tracing::debug!(
                target: "okta_admin",
                operation = %operation, method = %self.method, path = %self.path, attempt = self.attempt,
                "request"
            ),
            EventKind::Response => tracing::debug!(
                target: "okta_admin",
                operation = %operation, method = %self.method, path = %self.path, attempt = self.attempt,
                status, elapsed_ms, request_id = %request_id, rate_limit_remaining = remaining, reason = %reason,
                "response"
            ),
            EventKind::Retry => tracing::warn!(
                target: "okta_admin",
                operation = %operation, method = %self.method, path = %self.path, attempt = self.attempt,
                status, reason = %reason, retry_in_ms = self.retry_in.map(|d| d.as_millis() as u64).unwrap_or(0),
                "retry"
            ),
        }
    }
}
