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
    /// A pagination `Link: rel="next"` pointed outside the org URL's origin; it was not followed.
    ForeignRedirect(url::Url),
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
            Error::ForeignRedirect(_) => ErrorKind::ForeignLink,
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
            Error::Redirect { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
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
                    Some(l) => write!(f, " (Location: {l})"),
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
                    "could not decode the HTTP {status} response body: {message}"
                )
            }
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Config(m) => write!(f, "invalid configuration: {m}"),
            Error::ForeignRedirect(u) => write!(
                f,
                "pagination link points outside the org ({}); not followed",
                u.origin().ascii_serialization()
            ),
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
            write!(f, " {code}")?;
        }
        if let Some(summary) = &self.error_summary {
            write!(f, ": {summary}")?;
        }
        for cause in &self.error_causes {
            write!(f, "; {}", cause.error_summary)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
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
