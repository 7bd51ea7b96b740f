//! Errors returned by every call: Okta's error body, rate limits, transport and usage failures.
//!
//! No variant ever holds the API token.

use std::fmt;

use serde_json::{Map, Value};

use crate::generated::error_kinds::ErrorKind;

/// The underlying cause of an [`Error`].
pub type Source = std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling Okta.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// Okta answered with a non-2xx status (other than an exhausted 429 or a redirect).
    /// Boxed to keep `Result`s small; fields are reached through it (`e.status`).
    Api(Box<ApiError>),
    /// Okta kept answering 429 and the retry or wait budget ran out.
    #[non_exhaustive]
    RateLimited {
        /// The last 429 response.
        error: Box<ApiError>,
        /// `X-Rate-Limit-Limit` of the last response (smallest value if repeated).
        limit: Option<u64>,
        /// `X-Rate-Limit-Remaining` of the last response (smallest value if repeated).
        remaining: Option<u64>,
        /// `X-Rate-Limit-Reset` of the last response, in epoch seconds (smallest value if repeated).
        reset: Option<u64>,
        /// How many retries were made before giving up.
        retries: u32,
    },
    /// Okta answered with a 3xx; redirects are never followed, so credentials never leave the org.
    #[non_exhaustive]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, if any.
        location: Option<String>,
    },
    /// The connect or request timeout elapsed; the transport's error is the [`source`](std::error::Error::source).
    Timeout(Source),
    /// The connection failed or broke (DNS, TCP, TLS, reset, truncated body); the message
    /// flattens the causes, which stay reachable through [`source`](std::error::Error::source).
    Connection(Source),
    /// A 2xx response whose body is not the expected JSON.
    #[non_exhaustive]
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// The raw body (lossily decoded as UTF-8).
        body: String,
        /// What the JSON decoder reported.
        message: String,
        /// The decoder's error.
        source: Option<Source>,
    },
    /// The request could not be built (bad path segment, header value, body); nothing was sent.
    InvalidRequest(String),
    /// The configuration is unusable (bad org URL, missing token, bad environment variable).
    Config(String),
    /// A pagination `Link: rel="next"` pointed outside the org URL (its origin and path
    /// prefix); it was not followed.
    ForeignRedirect(url::Url),
    /// A page's `Link` header could not be read, so whether more pages follow is unknown;
    /// pagination stopped with this error instead of ending as if the list were complete.
    BadLink(String),
    /// A response body was larger than the limit ([`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes),
    /// or per call); reading stopped there, so memory stays bounded.
    #[non_exhaustive]
    TooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit in bytes.
        limit: u64,
        /// The `X-Okta-Request-Id` response header.
        request_id: Option<String>,
    },
    /// The client was closed ([`Client::close`](crate::Client::close)); nothing was sent.
    Closed,
}

impl Error {
    /// The kind of error: one entry of the taxonomy every language shares (its class name in
    /// Python and Node, its stable code).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(e) => ErrorKind::for_status(e.status),
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Redirect { .. } => ErrorKind::Redirect,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Connection(_) => ErrorKind::Connection,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Error::Config(_) => ErrorKind::Config,
            Error::ForeignRedirect(_) | Error::BadLink(_) => ErrorKind::Pagination,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Closed => ErrorKind::Closed,
        }
    }

    /// An [`Error::TooLarge`] for a body over `limit` bytes (for bindings whose own limits are
    /// lower than the client's, such as a JS string's).
    pub fn too_large(status: u16, limit: u64, request_id: Option<String>) -> Error {
        Error::TooLarge { status, limit, request_id }
    }

    /// An [`Error::Decode`] for (part of) a 2xx body that a JSON decoder rejected (the core's, or
    /// a binding's own).
    pub fn decode(status: u16, body: &[u8], source: serde_json::Error) -> Error {
        Error::Decode {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
            message: source.to_string(),
            source: Some(std::sync::Arc::new(source)),
        }
    }

    /// The stable code of [`Error::kind`] (`"not_found"`, `"timeout"`, …).
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The HTTP status behind this error, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e.status),
            Error::Redirect { status, .. } | Error::Decode { status, .. } | Error::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The attributes of this error's class in every language (the `fields` of
    /// `specs/errors.tsv`, camelCase), with `status`: what the bindings put on their exceptions.
    /// Fields without a value are left out.
    pub fn details(&self) -> Map<String, Value> {
        let mut out = self.all_details();
        out.retain(|_, value| !value.is_null());
        out
    }

    fn all_details(&self) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(status) = self.status() {
            out.insert("status".into(), status.into());
        }
        if let Some(api) = self.api_error() {
            let mut put = |key: &str, value: &Option<String>| {
                out.insert(key.into(), value.clone().map_or(Value::Null, Value::String));
            };
            put("errorCode", &api.error_code);
            put("errorSummary", &api.error_summary);
            put("errorLink", &api.error_link);
            put("errorId", &api.error_id);
            put("requestId", &api.request_id);
            let causes = api.error_causes.iter().map(|cause| {
                let mut fields = cause.extra.clone();
                fields.insert("errorSummary".into(), cause.error_summary.clone().into());
                Value::Object(fields)
            });
            out.insert("errorCauses".into(), Value::Array(causes.collect()));
            out.insert("body".into(), api.body.clone().into());
        }
        match self {
            Error::RateLimited { limit, remaining, reset, retries, .. } => {
                out.insert("limit".into(), (*limit).into());
                out.insert("remaining".into(), (*remaining).into());
                out.insert("reset".into(), (*reset).into());
                out.insert("retries".into(), (*retries).into());
            }
            Error::Redirect { location, .. } => {
                out.insert("location".into(), location.clone().into());
            }
            Error::Decode { body, .. } => {
                out.insert("body".into(), body.clone().into());
            }
            Error::ForeignRedirect(url) => {
                out.insert("url".into(), url.as_str().into());
            }
            Error::TooLarge { limit, request_id, .. } => {
                out.insert("limit".into(), (*limit).into());
                out.insert("requestId".into(), request_id.clone().into());
            }
            _ => {}
        }
        out
    }

    /// Okta's error body, for [`Error::Api`] and [`Error::RateLimited`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::RateLimited { error, retries, .. } => {
                write!(f, "rate limited after {retries} retries: {error}")
            }
            Error::Redirect { status, location } => {
                write!(f, "HTTP {status} redirect not followed")?;
                match location {
                    Some(l) => write!(f, " (Location: {})", Shown(l, MAX_SHOWN_LINK)),
                    None => Ok(()),
                }
            }
            Error::Timeout(_) => f.write_str("request timed out"),
            Error::Connection(source) => {
                f.write_str("connection error")?;
                let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            Error::Decode {
                status, message, ..
            } => {
                write!(
                    f,
                    "could not decode the HTTP {status} response body: {}",
                    Shown(message, MAX_SHOWN_SUMMARY)
                )
            }
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Config(m) => write!(f, "invalid configuration: {m}"),
            Error::ForeignRedirect(u) => write!(
                f,
                "pagination link points outside the org URL ({}{}); not followed",
                u.origin().ascii_serialization(),
                Shown(u.path(), MAX_SHOWN_LINK)
            ),
            Error::BadLink(why) => write!(f, "{why}; pagination stopped rather than end the list early"),
            Error::TooLarge { status, limit, .. } => write!(
                f,
                "the HTTP {status} response body is larger than the limit of {limit} bytes; reading stopped \
                 (raise the client's `max_response_bytes` setting, `maxResponseBytes` in Node, if this response is expected)"
            ),
            Error::Closed => f.write_str("the client is closed; make a new one"),
        }
    }
}

impl Error {
    /// [`Error::Timeout`] or [`Error::Connection`] for a transport failure, its message prefixed
    /// with `context` when given.
    pub(crate) fn transport(error: reqwest::Error, context: Option<String>) -> Error {
        let timeout = error.is_timeout();
        let source: Source = match context {
            Some(context) => std::sync::Arc::new(Context { context, error }),
            None => std::sync::Arc::new(error),
        };
        if timeout {
            Error::Timeout(source)
        } else {
            Error::Connection(source)
        }
    }
}

/// A transport error with what was being done (e.g. which token request).
#[derive(Debug)]
struct Context {
    context: String,
    error: reqwest::Error,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.error)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) | Error::RateLimited { error: e, .. } => Some(e.as_ref()),
            Error::Timeout(source) | Error::Connection(source) => Some(source.as_ref()),
            Error::Decode { source: Some(source), .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

// What an error message shows of text a server chose. The fields keep the whole text (up to the
// response body limit); the message stays short (under 8 KiB in all) and on one line.
const MAX_SHOWN_SUMMARY: usize = 2048;
const MAX_SHOWN_CAUSE: usize = 512;
const MAX_SHOWN_CAUSES: usize = 8;
const MAX_SHOWN_LINK: usize = 512;

/// Server text as an error message shows it: control characters escaped (`\n`, `\u{1b}`, …),
/// so it cannot forge log lines or terminal escapes, and cut after about `.1` bytes.
struct Shown<'a>(&'a str, usize);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Shown(text, max) = *self;
        let mut written = 0;
        for (at, c) in text.char_indices() {
            if written >= max {
                return write!(f, "… ({} more bytes)", text.len() - at);
            }
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                let escaped = c.escape_default().to_string();
                written += escaped.len();
                f.write_str(&escaped)?;
            } else {
                written += c.len_utf8();
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Okta's error response (`errorCode`, `errorSummary`, …) plus the status and raw body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// `errorCode`, e.g. `E0000007`.
    pub error_code: Option<String>,
    /// `errorSummary`, a human-readable message.
    pub error_summary: Option<String>,
    /// `errorLink`.
    pub error_link: Option<String>,
    /// `errorId`, Okta's id for this failure.
    pub error_id: Option<String>,
    /// `errorCauses`, details such as which field failed validation.
    pub error_causes: Vec<ErrorCause>,
    /// The `X-Okta-Request-Id` response header.
    pub request_id: Option<String>,
    /// The raw response body (lossily decoded as UTF-8).
    pub body: String,
}

impl ApiError {
    /// Builds an error from a response; any body is accepted, JSON or not.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> ApiError {
        let json: Map<String, Value> = serde_json::from_slice(body).unwrap_or_default();
        let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
        let error_causes = match json.get("errorCauses") {
            Some(Value::Array(causes)) => {
                causes.iter().filter_map(ErrorCause::from_value).collect()
            }
            _ => Vec::new(),
        };
        ApiError {
            status,
            // OAuth-style bodies (`error`, `error_description`) fill in when Okta's fields are absent.
            error_code: text("errorCode").or_else(|| text("error")),
            error_summary: text("errorSummary").or_else(|| text("error_description")),
            error_link: text("errorLink"),
            error_id: text("errorId"),
            error_causes,
            request_id,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// True for 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.error_code {
            write!(f, " {}", Shown(code, MAX_SHOWN_LINK))?;
        }
        if let Some(summary) = &self.error_summary {
            write!(f, ": {}", Shown(summary, MAX_SHOWN_SUMMARY))?;
        }
        for cause in self.error_causes.iter().take(MAX_SHOWN_CAUSES) {
            write!(f, "; {}", Shown(&cause.error_summary, MAX_SHOWN_CAUSE))?;
        }
        if self.error_causes.len() > MAX_SHOWN_CAUSES {
            write!(f, "; and {} more causes", self.error_causes.len() - MAX_SHOWN_CAUSES)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", Shown(id, MAX_SHOWN_LINK))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// One entry of `errorCauses`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ErrorCause {
    /// `errorSummary` (empty when absent).
    pub error_summary: String,
    /// Every other field of the cause, kept as sent.
    pub extra: Map<String, Value>,
}

impl ErrorCause {
    fn from_value(value: &Value) -> Option<ErrorCause> {
        let mut extra = value.as_object()?.clone();
        let error_summary = match extra.remove("errorSummary") {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        Some(ErrorCause {
            error_summary,
            extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_in_messages_is_escaped_and_capped() {
        let summary = "line\r\nX-Forged: 1\u{1b}[31m".repeat(10_000);
        let body = serde_json::json!({ "errorCode": "E1\r\n", "errorSummary": summary, "errorCauses": vec![serde_json::json!({"errorSummary": "c\n"}); 50] });
        let error = Error::Api(Box::new(ApiError::from_response(400, Some("r\r\n1".into()), body.to_string().as_bytes())));
        let message = error.to_string();
        assert!(!message.contains(['\r', '\n', '\u{1b}']), "{message}");
        assert!(message.len() < 8192, "{} bytes", message.len());
        assert!(message.contains("\\r\\nX-Forged: 1"), "{message}");
        assert!(message.contains("more bytes") && message.contains("and 42 more causes"), "{message}");
        // The fields keep the whole text.
        assert_eq!(error.api_error().and_then(|e| e.error_summary.as_deref()), Some(summary.as_str()));
    }
}
