//! A response before it becomes an HTTP message: status, headers and body bytes.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::Serialize;

/// A response the mock is about to send.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Extra headers, in order (a name may repeat, like `Link`).
    pub headers: Vec<(&'static str, String)>,
    /// The body bytes (JSON unless `content_type` says otherwise).
    pub body: Bytes,
    /// The `Content-Type`, if the body is not empty.
    pub content_type: Option<&'static str>,
}

impl Reply {
    /// A JSON response; a value that cannot be serialized becomes a 500.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::bytes(status, Bytes::from(body), "application/json"),
            Err(e) => Reply::bytes(500, Bytes::from(e.to_string()), "text/plain"),
        }
    }

    /// A response with a body of the given content type.
    pub fn bytes(status: u16, body: Bytes, content_type: &'static str) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
            content_type: Some(content_type),
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            content_type: None,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// The HTTP response; header values that are not valid are left out.
    pub fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.append(HeaderName::from_static(name), value);
            }
        }
        response
    }
}
