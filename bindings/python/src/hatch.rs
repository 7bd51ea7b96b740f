//! Escape hatches: per-view call options (`client.with_options(...)`), raw responses
//! (`Response`), and requests to paths the generated API lacks (`client.request(...)`).
//!
//! Both sit on the core: [`okta_admin_runtime::CallOptions`] through `Client::with_options`, and
//! [`Call::from_path`] sent with `send_raw`, so they get the same credentials, retries, rate
//! limit handling and errors as generated calls.

use std::collections::HashMap;
use std::time::Duration;

use okta_admin_runtime::{Call, CallOptions, Error, RawResponse};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMapping, PyMemoryView, PyString};
use reqwest::header::{HeaderName, HeaderValue};

use crate::convert::{py_to_json, query_values, scalar_text};
use crate::errors::to_py_err;

fn invalid(py: Python<'_>, message: String) -> PyErr {
    to_py_err(py, &Error::InvalidRequest(message))
}

/// `(name, value)` pairs of a mapping or of an iterable of pairs.
fn pairs<'py>(value: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let items = if let Ok(mapping) = value.cast::<PyMapping>() {
        mapping.items()?.into_any()
    } else {
        value.clone()
    };
    let mut out = Vec::new();
    let iter = items
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a dict or a list of (name, value) pairs")))?;
    for item in iter {
        let (name, value): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("{what} must be a dict or a list of (name, value) pairs")))?;
        let Ok(name) = name.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("{what} names must be str")));
        };
        out.push((name.to_cow()?.into_owned(), value));
    }
    Ok(out)
}

/// Query pairs: one per item of a list value, none for `None`.
fn query_pairs(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (name, value) in pairs(value, "query")? {
        let what = || format!("query parameter '{name}'");
        for text in query_values(&value, &what)? {
            out.push((name.clone(), text));
        }
    }
    Ok(out)
}

/// Header pairs, checked now so that a bad name or a CR/LF in a value fails before anything is
/// sent (values are never echoed: they may be secrets).
fn header_pairs(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (name, value) in pairs(value, "headers")? {
        if value.is_none() {
            continue;
        }
        let what = || format!("header '{name}'");
        let text = scalar_text(&value, &what)?;
        if HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(invalid(py, format!("{name:?} is not a valid HTTP header name")));
        }
        if HeaderValue::from_str(&text).is_err() {
            return Err(invalid(
                py,
                format!("the value of header {name} contains a control character (CR, LF, NUL, …)"),
            ));
        }
        out.push((name, text));
    }
    Ok(out)
}

/// The options of a client view, and a short description of them for `repr` (names only).
#[derive(Clone, Default)]
pub struct ViewOptions {
    pub options: CallOptions,
    pub summary: Vec<String>,
    pub captures: bool,
}

/// The per-call limits of `with_options`.
pub struct Limits {
    pub timeout: Option<f64>,
    pub max_retries: Option<u32>,
    pub max_response_bytes: Option<u64>,
}

/// Arguments of `with_options`, extended onto a parent view's options.
pub fn extend_options(
    py: Python<'_>,
    parent: Option<&ViewOptions>,
    query: Option<&Bound<'_, PyAny>>,
    headers: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    limits: Limits,
    capture_response: bool,
) -> PyResult<ViewOptions> {
    let Limits { timeout, max_retries, max_response_bytes } = limits;
    let mut view = parent.cloned().unwrap_or_default();
    let mut options = view.options;
    if let Some(query) = query.filter(|q| !q.is_none()) {
        for (name, value) in query_pairs(query)? {
            view.summary.push(format!("query {name}"));
            options = options.query(name, value);
        }
    }
    if let Some(headers) = headers.filter(|h| !h.is_none()) {
        for (name, value) in header_pairs(py, headers)? {
            view.summary.push(format!("header {name}"));
            options = options.header(name, value);
        }
    }
    if let Some(body) = body.filter(|b| !b.is_none()) {
        let json = py_to_json(body, &|| "with_options() argument 'body'".to_owned())?;
        view.summary.push("body".into());
        options = options.json_body(json);
    }
    if let Some(timeout) = timeout {
        let timeout = Duration::try_from_secs_f64(timeout)
            .ok()
            .filter(|t| !t.is_zero())
            .ok_or_else(|| invalid(py, format!("timeout must be a positive number of seconds, not {timeout}")))?;
        view.summary.push(format!("timeout={}s", timeout.as_secs_f64()));
        options = options.timeout(timeout);
    }
    if let Some(retries) = max_retries {
        view.summary.push(format!("max_retries={retries}"));
        options = options.max_retries(retries);
    }
    if let Some(limit) = max_response_bytes {
        view.summary.push(format!("max_response_bytes={limit}"));
        options = options.max_response_bytes(limit);
    }
    if capture_response {
        if !view.captures {
            view.summary.push("capture_response".into());
        }
        view.captures = true;
        options = options.capture_response();
    }
    view.options = options;
    Ok(view)
}

/// A raw 2xx response: `status`, `headers`, `body`, `json()`.
#[pyclass(frozen, module = "okta_admin._native")]
pub struct Response {
    raw: RawResponse,
}

impl Response {
    pub fn new(raw: RawResponse) -> Response {
        Response { raw }
    }
}

#[pymethods]
impl Response {
    /// The HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.raw.status
    }

    /// Response headers with lower-case names (`x-rate-limit-remaining`, …); repeated headers
    /// are joined with `, `.
    #[getter]
    fn headers(&self) -> HashMap<String, String> {
        let mut out: HashMap<String, String> = HashMap::new();
        for (name, value) in &self.raw.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            out.entry(name.as_str().to_owned())
                .and_modify(|joined| {
                    joined.push_str(", ");
                    joined.push_str(&value);
                })
                .or_insert(value);
        }
        out
    }

    /// The body as received.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.raw.body)
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    #[getter]
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw.body).into_owned()
    }

    /// The `X-Okta-Request-Id` header.
    #[getter]
    fn request_id(&self) -> Option<String> {
        self.raw.request_id()
    }

    /// The body decoded as JSON (plain dicts and lists; an empty body is `None`). Raises
    /// `DecodeError` when it is not JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::decode::response(py, &self.raw)
    }

    fn __repr__(&self) -> String {
        let content_type = self
            .raw
            .headers
            .get("content-type")
            .map(|v| format!(", content_type={:?}", String::from_utf8_lossy(v.as_bytes())))
            .unwrap_or_default();
        format!(
            "Response(status={}, body=<{} bytes>{content_type})",
            self.raw.status,
            self.raw.body.len()
        )
    }
}

/// Builds the call of `client.request(...)`. Mistakes in the path, query or headers make the
/// call fail when sent (as `InvalidRequestError`), before anything goes on the wire.
#[allow(clippy::too_many_arguments)]
pub fn request_call(
    py: Python<'_>,
    method: &str,
    path: &str,
    query: Option<&Bound<'_, PyAny>>,
    headers: Option<&Bound<'_, PyAny>>,
    json: Option<&Bound<'_, PyAny>>,
    body: Option<&Bound<'_, PyAny>>,
    content_type: Option<&str>,
    path_params: Option<&Bound<'_, PyAny>>,
) -> PyResult<Call> {
    let mut params = Vec::new();
    if let Some(given) = path_params.filter(|p| !p.is_none()) {
        for (name, value) in pairs(given, "path_params")? {
            let text = scalar_text(&value, &|| format!("path parameter '{name}'"))?;
            params.push((name, text));
        }
    }
    let params: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let mut call = Call::request(method, path, &params);
    if let Some(query) = query.filter(|q| !q.is_none()) {
        for (name, value) in query_pairs(query)? {
            call.extra_query(&name, &value);
        }
    }
    if let Some(headers) = headers.filter(|h| !h.is_none()) {
        for (name, value) in header_pairs(py, headers)? {
            call.extra_header(&name, &value);
        }
    }
    let json = json.filter(|j| !j.is_none());
    let body = body.filter(|b| !b.is_none());
    match (json, body) {
        (Some(_), Some(_)) => return Err(PyTypeError::new_err("request() takes json= or body=, not both")),
        (Some(json), None) => {
            let value = py_to_json(json, &|| "request() argument 'json'".to_owned())?;
            call.json_body(&value);
            if let Some(content_type) = content_type {
                call.content_type(content_type);
            }
        }
        (None, Some(body)) => {
            let (bytes, default_type) = if let Ok(text) = body.cast::<PyString>() {
                (text.to_cow()?.as_bytes().to_vec(), "text/plain; charset=utf-8")
            } else if body.is_instance_of::<PyBytes>() || body.is_instance_of::<PyByteArray>() {
                (body.extract::<Vec<u8>>()?, "application/octet-stream")
            } else if body.is_instance_of::<PyMemoryView>() {
                (
                    body.call_method0("tobytes")?.extract::<Vec<u8>>()?,
                    "application/octet-stream",
                )
            } else {
                return Err(PyTypeError::new_err(format!(
                    "request() argument 'body' must be bytes or str, not {}",
                    body.get_type().name()?
                )));
            };
            call.raw_body(content_type.unwrap_or(default_type), bytes);
        }
        (None, None) => {}
    }
    Ok(call)
}

/// `Response | None`, or the error, once the GIL is held.
pub struct Reply(pub Result<RawResponse, Error>);

impl<'py> IntoPyObject<'py> for Reply {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Ok(raw) => Ok(Bound::new(py, Response::new(raw))?.into_any()),
            Err(error) => Err(to_py_err(py, &error)),
        }
    }
}
