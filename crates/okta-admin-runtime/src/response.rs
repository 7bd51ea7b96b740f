//! A 2xx response as received: status, headers and body bytes.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// The `X-Okta-Request-Id` response header.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-okta-request-id");

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
            source: Some(std::sync::Arc::new(e)),
        })
    }

    /// The `X-Okta-Request-Id` header, to quote to Okta support.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

