//! One API call under construction: method, encoded path, query, headers, body and per-call
//! options. Mistakes (a bad header value, an unserializable body) are remembered and reported
//! when the call is sent, so nothing malformed ever goes on the wire.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, PROXY_AUTHORIZATION,
};
use reqwest::Method;
use url::Url;

use crate::error::{Error, Result};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
/// Headers the HTTP layer writes from the request itself (RFC 9110 §7.6.1 hop-by-hop headers,
/// framing and `Host`): a caller's value could forge the request's framing or target.
const FRAMING: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// The longest request URL sent. HTTP servers refuse longer ones (hyper at 64 KiB, most proxies
/// far sooner), so a longer URL is a mistake to report, not a request to retry.
const MAX_URL_BYTES: usize = 65_536;

/// Caller text in a message: at most 200 characters.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(200) {
            Some((at, _)) => write!(f, "{}… ({} more bytes)", &self.0[..at], self.0.len() - at),
            None => f.write_str(self.0),
        }
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(200) {
            Some((at, _)) => write!(f, "{:?}… ({} more bytes)", &self.0[..at], self.0.len() - at),
            None => write!(f, "{:?}", self.0),
        }
    }
}

/// Fills the `{name}` markers of `template` from `params`, each value encoded as one segment.
fn fill_template(template: &str, params: &[(&str, &str)]) -> std::result::Result<String, String> {
    let mut used = vec![false; params.len()];
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed `{{` in path {:?}", Shown(template)));
        };
        let name = &rest[open + 1..open + close];
        let Some(at) = params.iter().position(|(n, _)| *n == name) else {
            return Err(format!("no value for `{{{}}}` in the path parameters", Shown(name)));
        };
        used[at] = true;
        let value = params[at].1;
        if matches!(value, "" | "." | "..") {
            return Err(format!("path parameter `{name}` = {value:?} would change which endpoint is called"));
        }
        out.extend(utf8_percent_encode(value, COMPONENT));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unopened `}}` in path {:?}", Shown(template)));
    }
    out.push_str(rest);
    if let Some(at) = used.iter().position(|u| !u) {
        let name = params[at].0;
        return Err(format!("path parameter `{}` has no `{{{}}}` in the path", Shown(name), Shown(name)));
    }
    Ok(out)
}

const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request to send with [`Client`](crate::Client); also the escape hatch for endpoints the
/// generated API lacks.
pub struct Call {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(HeaderValue, Bytes)>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<u64>,
    /// The operation id and path template of a generated call (for logs and events).
    pub(crate) operation: Option<(&'static str, &'static str)>,
    /// The body field holding a page's items, for lists paged inside their body.
    pub(crate) page_items: Option<&'static str>,
    error: Option<String>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values and the body are left out: they may carry credentials or personal data.
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(|(_, b)| b.len()))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("error", &self.error)
            .finish()
    }
}

impl Call {
    /// A call to `path_template` (relative to the org URL), whose `{}` markers are replaced in
    /// order by `segments`, each percent-encoded as exactly one path segment.
    ///
    /// Empty, `.` and `..` segments are refused when sending ([`Error::InvalidRequest`]): URL
    /// parsers resolve dot segments even when percent-encoded, so they would reach another
    /// endpoint.
    pub fn new(method: Method, path_template: &'static str, segments: &[&str]) -> Call {
        let mut call = Call {
            method,
            path: String::with_capacity(path_template.len() + 32),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            max_retries: None,
            max_response_bytes: None,
            operation: None,
            page_items: None,
            error: None,
        };
        if !path_template.starts_with('/') {
            call.path.push('/');
        }
        let mut pieces = path_template.split("{}");
        call.path.push_str(pieces.next().unwrap_or_default());
        let mut segments = segments.iter();
        for piece in pieces {
            match segments.next() {
                Some(segment) => {
                    if matches!(*segment, "" | "." | "..") {
                        call.fail(format!(
                            "path parameter {segment:?} would change which endpoint is called"
                        ));
                    }
                    call.path.extend(utf8_percent_encode(segment, COMPONENT));
                }
                None => call.fail(format!("too few path parameters for {path_template}")),
            }
            call.path.push_str(piece);
        }
        if segments.next().is_some() {
            call.fail(format!("too many path parameters for {path_template}"));
        }
        call
    }

    /// A call to a path the generated API lacks, given whole (already percent-encoded where
    /// needed). The path must start with `/` and hold no `?`, `#`, `\\`, or `.`/`..` segment, so it
    /// cannot leave the org or resolve to another endpoint; violations fail when sending.
    pub fn from_path(method: Method, path: &str) -> Call {
        let mut call = Call::new(method, "", &[]);
        call.path.clear();
        // `\` counts as `/` to URL parsers, so `..\` would become a dot segment.
        if !path.starts_with('/') || path.contains(['?', '#', '\\']) || path.chars().any(char::is_control) {
            call.fail(format!("{:?} is not an absolute path without query, fragment, backslash or control character", Shown(path)));
        } else if path.split('/').skip(1).any(|s| matches!(s.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..")) {
            call.fail(format!("{:?} has a dot segment", Shown(path)));
        }
        call.path.push_str(path);
        call
    }

    /// A call to any path of the org: `client.request(...)` in every language. `method` is
    /// one of GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS (any case); `{name}` markers of
    /// `template` are filled from `params`, each value percent-encoded as exactly one segment.
    /// A marker without a value, a value without a marker, an empty, `.` or `..` value, and a
    /// path with a query, fragment, backslash or dot segment make the call fail unsent.
    pub fn request(method: &str, template: &str, params: &[(&str, &str)]) -> Call {
        let parsed = match method.trim().to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::GET),
            "POST" => Ok(Method::POST),
            "PUT" => Ok(Method::PUT),
            "PATCH" => Ok(Method::PATCH),
            "DELETE" => Ok(Method::DELETE),
            "HEAD" => Ok(Method::HEAD),
            "OPTIONS" => Ok(Method::OPTIONS),
            // TRACE would echo the credentials back; CONNECT asks for a tunnel.
            _ => Err(format!(
                "unsupported method {:?} (GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS)",
                Shown(method)
            )),
        };
        let path = fill_template(template, params);
        let mut call = Call::from_path(parsed.clone().unwrap_or(Method::GET), path.as_deref().unwrap_or("/"));
        if let Err(message) = path {
            call.error = Some(message);
        }
        if let Err(message) = parsed {
            call.error = Some(message);
        }
        call
    }

    /// Adds query parameter `name` (nothing for `None`, one pair per item for lists).
    pub fn query<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        value.append_to(name, &mut self.query);
    }

    /// Adds a query pair whose value is already owned.
    pub(crate) fn query_pair(&mut self, name: &str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    /// Adds any query parameter, for parameters the generated API lacks.
    pub fn extra_query(&mut self, name: &str, value: &str) {
        self.query.push((name.to_owned(), value.to_owned()));
    }

    /// Sets header `name` (skipped for `None`). A value with CR, LF, NUL or another control
    /// character makes the call fail with [`Error::InvalidRequest`] without being sent.
    pub fn header(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            self.extra_header(name, value);
        }
    }

    /// Sets any header, replacing a default one of the same name (e.g. a per-call
    /// `Authorization`). Invalid names or values are reported when sending.
    pub fn extra_header(&mut self, name: &str, value: &str) {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("{:?} is not a valid HTTP header name", Shown(name)));
        };
        if FRAMING.contains(&name.as_str()) {
            return self.fail(format!(
                "the header {name} is set by the HTTP layer from the request itself (framing, host, connection); it cannot be given"
            ));
        }
        match HeaderValue::from_bytes(value.as_bytes()) {
            Ok(mut value) => {
                value.set_sensitive([AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&name));
                self.headers.insert(name, value);
            }
            // The value is not echoed: it may be a secret.
            Err(_) => self.fail(format!(
                "the value of header {name} contains a control character (CR, LF, NUL, …)"
            )),
        }
    }

    /// Sets a JSON body, serialized now; a serialization failure is reported when sending.
    pub fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((HeaderValue::from_static("application/json"), bytes.into()));
            }
            Err(e) => self.fail(format!("could not serialize the request body: {e}")),
        }
    }

    /// Sets a body of any content type.
    pub fn raw_body(&mut self, content_type: &str, bytes: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(content_type) => self.body = Some((content_type, bytes.into())),
            Err(_) => self.fail(format!("{content_type:?} is not a valid Content-Type")),
        }
    }

    /// Sets a `multipart/form-data` body with one file part named `field` (Okta's uploads use
    /// `file`). The file name and media type are checked for quotes and control characters.
    pub fn multipart_file(&mut self, field: &str, file_name: &str, media_type: &str, bytes: &[u8]) {
        let unsafe_text = |s: &str| s.chars().any(|c| c.is_control() || c == '"');
        if unsafe_text(field) || unsafe_text(file_name) || unsafe_text(media_type) {
            return self.fail("a multipart field name, file name or media type contains a quote or control character".into());
        }
        let boundary = multipart_boundary(bytes);
        let mut body = Vec::with_capacity(bytes.len() + 256);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.raw_body(&format!("multipart/form-data; boundary={boundary}"), body);
    }

    /// Replaces the media type of the body already set (e.g. `application/merge-patch+json`).
    pub fn content_type(&mut self, content_type: &str) {
        match (HeaderValue::from_str(content_type), self.body.as_mut()) {
            (Ok(value), Some((current, _))) => *current = value,
            (Ok(_), None) => {}
            (Err(_), _) => self.fail(format!("{content_type:?} is not a valid Content-Type")),
        }
    }

    /// Sets the `Accept` header (the default is `application/json`).
    pub fn accept(&mut self, media_types: &str) {
        self.extra_header("accept", media_types);
    }

    /// Overrides the configured request timeout for this call.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Overrides the configured number of retries for this call (0 disables retries).
    pub fn max_retries(&mut self, retries: u32) {
        self.max_retries = Some(retries);
    }

    /// The largest response body this call reads, in bytes (overrides the client's limit).
    pub fn max_response_bytes(&mut self, limit: u64) {
        self.max_response_bytes = Some(limit);
    }

    /// Marks the call as invalid: sending it fails with [`Error::InvalidRequest`] and `reason`
    /// (unless an earlier mistake was recorded), and nothing is sent.
    pub fn reject(&mut self, reason: impl Into<String>) {
        self.fail(reason.into());
    }

    /// Remembers the first mistake; it is reported when the call is sent.
    pub(crate) fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// Resolves the call against the org URL, or reports the first remembered mistake.
    pub(crate) fn prepare(self, org_url: &Url) -> Result<Prepared> {
        if let Some(message) = self.error {
            return Err(Error::InvalidRequest(message));
        }
        let mut query = String::new();
        for (name, value) in &self.query {
            if !query.is_empty() {
                query.push('&');
            }
            query.extend(utf8_percent_encode(name, COMPONENT));
            query.push('=');
            query.extend(utf8_percent_encode(value, COMPONENT));
        }
        // The org URL (parsed once, with no query and no trailing slash) gets the path and query:
        // its scheme and host are not parsed again for every request.
        let base = org_url.path().trim_end_matches('/');
        let length = org_url.as_str().len() + self.path.len() + 1 + query.len();
        if length > MAX_URL_BYTES {
            return Err(Error::InvalidRequest(format!(
                "the request URL would be {length} bytes long, over the {MAX_URL_BYTES} bytes HTTP servers accept \
                 (is a path or query parameter much longer than intended?)"
            )));
        }
        let mut url = org_url.clone();
        url.set_path(&format!("{base}{}", self.path));
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        let mut headers = self.headers;
        let body = self.body.map(|(content_type, bytes)| {
            headers.insert(CONTENT_TYPE, content_type);
            bytes
        });
        Ok(Prepared {
            method: self.method,
            url,
            headers,
            body,
            timeout: self.timeout,
            max_retries: self.max_retries,
            max_response_bytes: self.max_response_bytes,
            operation: self.operation,
            page_items: self.page_items,
        })
    }
}

/// A file to upload as a `multipart/form-data` part.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent in the part's `Content-Disposition`.
    pub file_name: String,
    /// The part's media type, e.g. `image/png`.
    pub media_type: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// The media type of a file by its name's extension (Okta takes PNG, JPEG, GIF and SVG
    /// images, PEM and DER certificates); `application/octet-stream` otherwise.
    pub fn guess_media_type(file_name: &str) -> &'static str {
        let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match extension.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            "ico" => "image/x-icon",
            "webp" => "image/webp",
            "pem" => "application/x-pem-file",
            "cer" | "crt" | "der" => "application/pkix-cert",
            _ => "application/octet-stream",
        }
    }

    /// A part from bytes, a file name and a media type.
    pub fn new(file_name: impl Into<String>, media_type: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FilePart {
        FilePart { file_name: file_name.into(), media_type: media_type.into(), bytes: bytes.into() }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("media_type", &self.media_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A multipart boundary that does not occur in `content`.
fn multipart_boundary(content: &[u8]) -> String {
    let mut n: u64 = 0x6f6b_7461_6164_6d6e;
    loop {
        let boundary = format!("okta-admin-{n:016x}");
        if !content.windows(boundary.len()).any(|w| w == boundary.as_bytes()) {
            return boundary;
        }
        n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    }
}

/// A call resolved to an absolute URL, ready to be sent (and re-sent on retries).
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_response_bytes: Option<u64>,
    pub(crate) operation: Option<(&'static str, &'static str)>,
    pub(crate) page_items: Option<&'static str>,
}

/// A value that can be sent as a query parameter.
pub trait QueryValue {
    /// Appends this value's `(name, value)` pairs to `out`: none, one, or one per list item.
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

impl QueryValue for str {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_owned()));
    }
}

impl QueryValue for String {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_str().append_to(name, out);
    }
}

macro_rules! query_value_via_display {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), self.to_string()));
            }
        }
    )*};
}

query_value_via_display!(bool, i8, i16, i32, i64, u8, u16, u32, u64, usize, f32, f64);

impl<T: QueryValue> QueryValue for Option<T> {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.append_to(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for [T] {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for value in self {
            value.append_to(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_slice().append_to(name, out);
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).append_to(name, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(call: Call) -> Result<Prepared> {
        call.prepare(&Url::parse("https://dev-1.okta.com").expect("url"))
    }

    #[test]
    fn framing_headers_are_refused() {
        for name in ["Content-Length", "transfer-encoding", "HOST", "Connection", "Upgrade", "TE", "Keep-Alive"] {
            let mut call = Call::new(Method::GET, "/api/v1/users", &[]);
            call.extra_header(name, "x");
            assert!(matches!(prepared(call), Err(Error::InvalidRequest(m)) if m.contains("cannot be given")), "{name}");
        }
    }

    #[test]
    fn overlong_urls_are_refused_before_sending() {
        let id = "a".repeat(MAX_URL_BYTES);
        let error = prepared(Call::new(Method::GET, "/api/v1/users/{}", &[&id])).err().expect("refused");
        assert!(error.to_string().contains("bytes long"), "{error}");
        assert!(error.to_string().len() < 400);
        assert!(prepared(Call::new(Method::GET, "/api/v1/users/{}", &["a".repeat(1000).as_str()])).is_ok());
    }

    #[test]
    fn request_accepts_the_usual_methods_and_fills_the_template() {
        for method in ["get", "POST", "Put", "patch", "DELETE", "head", "OPTIONS"] {
            assert!(prepared(Call::request(method, "/api/v1/users", &[])).is_ok(), "{method}");
        }
        for method in ["TRACE", "CONNECT", "PROPFIND", ""] {
            assert!(prepared(Call::request(method, "/api/v1/users", &[])).is_err(), "{method}");
        }
        let call = prepared(Call::request("GET", "/api/v1/users/{id}/groups", &[("id", "a/b?c")])).unwrap_or_else(|e| panic!("call: {e}"));
        assert_eq!(call.url.path(), "/api/v1/users/a%2Fb%3Fc/groups");
        for (template, params) in [
            ("/api/v1/users/{id}", &[][..]),
            ("/api/v1/users", &[("id", "x")][..]),
            ("/api/v1/users/{id}", &[("id", "..")][..]),
            ("/api/v1/users/{id", &[("id", "x")][..]),
            ("/api/v1/users/../apps", &[][..]),
            ("/api/v1/users?x=1", &[][..]),
        ] {
            assert!(prepared(Call::request("GET", template, params)).is_err(), "{template}");
        }
    }
}
