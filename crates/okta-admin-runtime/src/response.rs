//! A 2xx response as received: status, headers and body bytes.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use serde::de::{DeserializeOwned, DeserializeSeed};

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
        self.json_seed(std::marker::PhantomData)
    }

    /// [`RawResponse::json`] through a [`DeserializeSeed`], for decoders that build their values
    /// straight from the bytes (Python objects, with no `serde_json::Value` in between); failures
    /// are the same [`Error::Decode`].
    pub fn json_seed<'a, S: DeserializeSeed<'a>>(&'a self, seed: S) -> Result<S::Value> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        let mut reader = serde_json::Deserializer::from_slice(body);
        let decoded = seed.deserialize(&mut reader).and_then(|value| reader.end().map(|()| value));
        decoded.map_err(|e| Error::decode(self.status, &self.body, e))
    }

    /// Checks that the body is JSON as [`RawResponse::json`] reads it (UTF-8, no `NaN`, numbers
    /// that fit an `f64`; an empty body counts as `null`) without building anything, for callers
    /// that hand the text to another JSON parser: the same body then decodes, or fails with the
    /// same [`Error::Decode`], in every language.
    pub fn check_json(&self) -> Result<()> {
        check(self.status, &self.body, serde_json::Deserializer::from_slice(&self.body))
    }

    /// The body as text, checked as [`RawResponse::check_json`] checks it, for callers that hand
    /// it to another JSON parser. Its UTF-8 is validated once, for the whole body, and the check
    /// then reads the text without validating each string again.
    pub fn into_json_text(self) -> Result<String> {
        let status = self.status;
        match String::from_utf8(Vec::from(self.body)) {
            Ok(text) => check(status, text.as_bytes(), serde_json::Deserializer::from_str(&text)).map(|()| text),
            // Not UTF-8: the byte-level check reports where, as `json` would.
            Err(not_utf8) => {
                let body = not_utf8.into_bytes();
                check(status, &body, serde_json::Deserializer::from_slice(&body))?;
                Err(Error::Decode {
                    status,
                    body: String::from_utf8_lossy(&body).into_owned(),
                    message: "the body is not UTF-8".to_owned(),
                    source: None,
                })
            }
        }
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


/// Checks that `reader` (over `body`) holds one JSON value as [`RawResponse::json`] reads it; an
/// all-whitespace body counts as `null`.
fn check<'de, R: serde_json::de::Read<'de>>(status: u16, body: &[u8], mut reader: serde_json::Deserializer<R>) -> Result<()> {
    let checked = serde::Deserialize::deserialize(&mut reader).and_then(|Valid| reader.end());
    match checked {
        Ok(()) => Ok(()),
        Err(_) if body.iter().all(u8::is_ascii_whitespace) => Ok(()),
        Err(e) => Err(Error::decode(status, body, e)),
    }
}

/// Why a response body could not be read in full.
pub(crate) enum ReadError {
    /// The body is longer than the limit (by its `Content-Length` or as it streamed in).
    TooLarge,
    /// The connection broke or timed out.
    Transport(reqwest::Error),
}

/// Reads a body of at most `limit` bytes, chunk by chunk: a longer one stops the read at the
/// limit (or before it starts, by `Content-Length`), so memory stays bounded whatever is sent.
pub(crate) async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Bytes, ReadError> {
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(ReadError::TooLarge);
    }
    // The usual case, one chunk, is kept as it came; more are gathered into one buffer.
    let mut first: Option<Bytes> = None;
    let mut gathered: Option<bytes::BytesMut> = None;
    let mut received: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        received = received.saturating_add(chunk.len() as u64);
        if received > limit {
            return Err(ReadError::TooLarge);
        }
        match (&mut gathered, first.take()) {
            (Some(buffer), _) => buffer.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(head)) => {
                let capacity = declared.unwrap_or(received).max(received);
                let mut buffer = bytes::BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(usize::MAX));
                buffer.extend_from_slice(&head);
                buffer.extend_from_slice(&chunk);
                gathered = Some(buffer);
            }
        }
    }
    Ok(match gathered {
        Some(buffer) => buffer.freeze(),
        None => first.unwrap_or_default(),
    })
}

/// The connection pool that API calls and token requests share. [`Pool::close`] drops it: idle
/// connections close at once, calls under way finish, and later calls fail with [`Error::Closed`].
#[derive(Clone)]
pub(crate) struct Pool(std::sync::Arc<std::sync::RwLock<Option<reqwest::Client>>>);

impl Pool {
    pub(crate) fn new(http: reqwest::Client) -> Pool {
        Pool(std::sync::Arc::new(std::sync::RwLock::new(Some(http))))
    }

    /// The HTTP client, unless the pool was closed.
    pub(crate) fn get(&self) -> Result<reqwest::Client> {
        let slot = self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        slot.clone().ok_or(Error::Closed)
    }

    pub(crate) fn close(&self) {
        let taken = self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        drop(taken);
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner()).is_none()
    }
}

/// Any JSON value, read in full (strings as UTF-8, numbers as numbers) and thrown away.
struct Valid;

impl<'de> serde::Deserialize<'de> for Valid {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Valid, D::Error> {
        deserializer.deserialize_any(Valid)
    }
}

impl<'de> serde::de::Visitor<'de> for Valid {
    type Value = Valid;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_str<E>(self, _: &str) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_unit<E>(self) -> std::result::Result<Valid, E> {
        Ok(Valid)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Valid, A::Error> {
        while seq.next_element::<Valid>()?.is_some() {}
        Ok(Valid)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Valid, A::Error> {
        while map.next_entry::<Valid, Valid>()?.is_some() {}
        Ok(Valid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: &'static [u8]) -> RawResponse {
        RawResponse { status: 200, headers: HeaderMap::new(), body: Bytes::from_static(body) }
    }

    #[test]
    fn json_text_is_checked_as_json_reads_it() {
        for body in [&b"[{\"id\":\"00u1\",\"n\":1.5e3,\"s\":\"\\u00e9\\ud83d\\ude00\"}]"[..], b"null", b"  ", b""] {
            let text = response(body).into_json_text().unwrap_or_else(|e| panic!("{body:?}: {e}"));
            assert_eq!(text.as_bytes(), body);
            assert!(response(body).check_json().is_ok());
        }
        for body in [&b"{\"n\":1e400}"[..], b"{\"s\":\"\\ud800\"}", b"{\"n\":NaN}", b"{\"id\":\"00u\xff\"}", b"[1,]", b"{} {}"] {
            let by_text = response(body).into_json_text().expect_err("not JSON as the core reads it");
            let by_bytes = response(body).check_json().expect_err("not JSON as the core reads it");
            let json = response(body).json::<serde_json::Value>().expect_err("not JSON as the core reads it");
            assert!(matches!(by_text, Error::Decode { status: 200, .. }), "{body:?}: {by_text}");
            assert_eq!(by_text.to_string(), by_bytes.to_string(), "{body:?}");
            assert_eq!(by_text.to_string(), json.to_string(), "{body:?}");
        }
    }
}
