//! A response before it becomes an HTTP message: status, headers and body bytes.

use std::convert::Infallible;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;
use http_body_util::{Either, Full, StreamBody};
use hyper::body::Frame;
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
    /// Filler streamed into the body (then sent in chunks, without a `Content-Length`).
    pub padding: Option<Padding>,
}

/// `len` bytes of `x` inserted at byte `at` of a reply's body, generated while sending, as a
/// proxy streams a huge response: the mock holds none of it in memory.
#[derive(Debug, Clone, Copy)]
pub struct Padding {
    pub at: usize,
    pub len: usize,
}

/// The body of a response: whole, or streamed in chunks.
pub type MockBody = Either<Full<Bytes>, StreamBody<Pin<Box<dyn Stream<Item = Result<Frame<Bytes>, Infallible>> + Send>>>>;

/// The chunks of a padded body.
fn padded(body: Bytes, padding: Padding) -> MockBody {
    const CHUNK: usize = 256 * 1024;
    let at = padding.at.min(body.len());
    let (head, tail) = (body.slice(..at), body.slice(at..));
    let filler = Bytes::from(vec![b'x'; CHUNK]);
    let full_chunks = padding.len / CHUNK;
    let rest = padding.len % CHUNK;
    let middle = std::iter::repeat(filler.clone()).take(full_chunks).chain(std::iter::once(filler.slice(..rest)));
    let chunks = std::iter::once(head).chain(middle).chain(std::iter::once(tail)).map(|b| Ok(Frame::data(b)));
    Either::Right(StreamBody::new(Box::pin(futures_util::stream::iter(chunks))))
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
            padding: None,
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            content_type: None,
            padding: None,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// The HTTP response; header values that are not valid are left out.
    pub fn into_response(self) -> Response<MockBody> {
        let body = match self.padding {
            Some(padding) => padded(self.body, padding),
            None => Either::Left(Full::new(self.body)),
        };
        let mut response = Response::new(body);
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
