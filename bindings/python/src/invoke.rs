//! The one function every generated endpoint method calls: binds `*args, **kwargs` to the
//! operation's static [`OpSpec`], builds an [`okta_admin_runtime::Call`] and sends it with the core client.
//!
//! Nothing here is generic over the operation, so 705 endpoints × 2 clients cost 1,410 small
//! pyo3 trampolines plus one copy of this code.

use okta_admin_runtime::{Call, Error, RawResponse};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMemoryView, PyString, PyTuple};
use reqwest::Method;
use serde_json::{Map, Value};

use crate::client::ClientRef;
use crate::convert::{json_to_py, py_to_json, query_values, scalar_text, wrap};
use crate::errors::to_py_err;
use crate::pager::{AsyncPager, Pager};
use crate::runtime::{block_on, guard, into_awaitable};

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    fn method(self) -> Method {
        match self {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
        }
    }
}

/// Where an argument travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    /// A path segment (`{id}`), in template order.
    Path,
    Query,
    Header,
    /// One field of the JSON body model (keyword-only).
    Field,
    /// `body=`: the whole body model, as a model object or a dict (keyword-only).
    Body,
    /// `body`: a JSON body passed whole (a model without flattened fields, or any JSON).
    RawBody,
    /// `file`: the one part of a `multipart/form-data` upload.
    File,
    /// `body`: raw bytes (certificates), sent with `content_type=`.
    Bytes,
    /// `body`: text (a JWT), sent as the operation's media type.
    Text,
    /// `content_type=`: the media type of a `Bytes` body (default: the operation's first).
    ContentType,
}

/// One Python argument of an operation.
#[derive(Debug)]
pub struct Param {
    /// The Python name (`app_id`, `from_`).
    pub name: &'static str,
    /// The wire name (`appId`, `from`).
    pub wire: &'static str,
    pub loc: Loc,
    /// Required: positional-or-keyword params must be given; a required body field must be
    /// given as a keyword or as a key of `body=`.
    pub required: bool,
}

/// A param table entry, kept short for the generated tables.
pub const fn p(name: &'static str, wire: &'static str, loc: Loc, required: bool) -> Param {
    Param {
        name,
        wire,
        loc,
        required,
    }
}

/// What the operation returns.
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    /// No body: `None`.
    Empty,
    /// JSON, wrapped as a model per `_model._wrap` (`"User"`, `"[User"`, or `""` for raw JSON).
    Json(&'static str),
    /// Text: `str`.
    Text,
    /// Bytes: `bytes` (no operation of the current spec has a binary response).
    #[allow(dead_code)]
    Binary,
    /// A list that follows `Link: rel="next"`: a `Pager` of the named item model.
    Paged(&'static str),
}

/// Everything the binding needs to know about one operation.
#[derive(Debug)]
pub struct OpSpec {
    /// `users.get`, for error messages.
    pub qualname: &'static str,
    pub method: HttpMethod,
    /// The path with `{}` in place of each path parameter.
    pub path: &'static str,
    /// Positional-or-keyword params first (`positional` of them), then keyword-only ones.
    pub params: &'static [Param],
    pub positional: usize,
    /// The default media type of the request body (`""` without a body).
    pub content_type: &'static str,
    /// The `Accept` header when the response is not JSON (`""` otherwise).
    pub accept: &'static str,
    pub reply: Reply,
}

/// A blocking call: returns the decoded result, or a `Pager` for paginated operations.
/// (`inline(never)`: one copy, however many generated methods call it.)
#[inline(never)]
pub fn call_sync(
    py: Python<'_>,
    client: &ClientRef,
    spec: &'static OpSpec,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    guard(py, || {
        let call = bind(spec, args, kwargs)?;
        let core = client.core();
        if let Reply::Paged(item) = spec.reply {
            return Ok(Py::new(py, Pager::new(core.paginate(call), item))?.into_any());
        }
        let outcome = block_on(py, async move { fetch(core, call, spec.reply).await })?;
        Ok(outcome.into_pyobject(py)?.unbind())
    })
}

/// An asyncio call: returns an awaitable of the decoded result, or an `AsyncPager`.
#[inline(never)]
pub fn call_async(
    py: Python<'_>,
    client: &ClientRef,
    spec: &'static OpSpec,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    guard(py, || {
        let call = bind(spec, args, kwargs)?;
        let core = client.core();
        if let Reply::Paged(item) = spec.reply {
            return Ok(Py::new(py, AsyncPager::new(core.paginate(call), item))?.into_any());
        }
        let awaitable = into_awaitable(py, async move { Ok(fetch(core, call, spec.reply).await) })?;
        Ok(awaitable.unbind())
    })
}

async fn fetch(core: okta_admin_runtime::Client, call: Call, reply: Reply) -> Outcome {
    let raw = match core.send_raw(call).await {
        Ok(raw) => raw,
        Err(error) => return Outcome::Failed(error),
    };
    decode(raw, reply)
}

/// Decodes a response off the GIL; the Python objects are built in [`Outcome::into_pyobject`].
fn decode(raw: RawResponse, reply: Reply) -> Outcome {
    match reply {
        Reply::Empty => Outcome::Empty,
        Reply::Text => Outcome::Text(String::from_utf8_lossy(&raw.body).into_owned()),
        Reply::Binary => Outcome::Bytes(raw.body.to_vec()),
        Reply::Json(spec) | Reply::Paged(spec) => match raw.json::<Value>() {
            Ok(value) => Outcome::Json(value, spec),
            Err(error) => Outcome::Failed(error),
        },
    }
}

/// A finished call, turned into Python objects (or raised) once the GIL is held.
pub enum Outcome {
    Failed(Error),
    Empty,
    Json(Value, &'static str),
    /// Items of a page, one at a time.
    Item(Value, &'static str),
    Text(String),
    Bytes(Vec<u8>),
}

impl<'py> IntoPyObject<'py> for Outcome {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Outcome::Failed(error) => Err(to_py_err(py, &error)),
            Outcome::Empty => Ok(py.None().into_bound(py)),
            Outcome::Json(value, spec) | Outcome::Item(value, spec) => wrap(py, spec, json_to_py(py, &value)?),
            Outcome::Text(text) => Ok(PyString::new(py, &text).into_any()),
            Outcome::Bytes(bytes) => Ok(PyBytes::new(py, &bytes).into_any()),
        }
    }
}

/// Binds Python arguments to the operation's parameters and builds the call.
fn bind(spec: &'static OpSpec, args: &Bound<'_, PyTuple>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Call> {
    let params = spec.params;
    let mut slots: Vec<Option<Bound<'_, PyAny>>> = (0..params.len()).map(|_| None).collect();
    if args.len() > spec.positional {
        return Err(PyTypeError::new_err(format!(
            "{}() takes {} positional argument{} but {} were given{}",
            spec.qualname,
            spec.positional,
            if spec.positional == 1 { "" } else { "s" },
            args.len(),
            if params.len() > spec.positional { " (optional parameters are keyword-only)" } else { "" }
        )));
    }
    for (slot, arg) in slots.iter_mut().zip(args.iter()) {
        *slot = Some(arg);
    }
    if let Some(kwargs) = kwargs {
        for (key, value) in kwargs.iter() {
            let key = key.cast::<PyString>()?.to_cow()?.into_owned();
            let Some(index) = params.iter().position(|p| p.name == key) else {
                return Err(unexpected_keyword(spec, &key));
            };
            if slots[index].is_some() {
                return Err(PyTypeError::new_err(format!(
                    "{}() got multiple values for argument '{key}'",
                    spec.qualname
                )));
            }
            slots[index] = Some(value);
        }
    }
    // `None` means "not sent" everywhere.
    for (slot, param) in slots.iter_mut().zip(params) {
        if slot.as_ref().is_some_and(|v| v.is_none()) {
            *slot = None;
        }
        if slot.is_none() && param.required && param.loc != Loc::Field {
            return Err(PyTypeError::new_err(format!(
                "{}() missing required argument: '{}'",
                spec.qualname, param.name
            )));
        }
    }

    let what = |param: &Param| {
        let (qualname, name) = (spec.qualname, param.name);
        move || format!("{qualname}() argument '{name}'")
    };
    let mut segments = Vec::new();
    for (slot, param) in slots.iter().zip(params) {
        if let (Loc::Path, Some(value)) = (param.loc, slot) {
            segments.push(scalar_text(value, &what(param))?);
        }
    }
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let mut call = Call::new(spec.method.method(), spec.path, &segments);

    // A model body starts from `body=` (a model or a dict); its fields given as arguments are set on it.
    let mut body: Option<Map<String, Value>> = None;
    if let Some(index) = params.iter().position(|p| p.loc == Loc::Body) {
        body = Some(match &slots[index] {
            None => Map::new(),
            Some(value) => match py_to_json(value, &what(&params[index]))? {
                Value::Object(map) => map,
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "{}() argument 'body' must be a model object or a dict",
                        spec.qualname
                    )))
                }
            },
        });
    }
    let mut raw_body = None;
    let mut bytes_body: Option<Vec<u8>> = None;
    let mut content_type = spec.content_type.to_owned();
    for (slot, param) in slots.iter().zip(params) {
        let Some(value) = slot else { continue };
        match param.loc {
            Loc::Path | Loc::Body => {}
            Loc::Query => call.query(param.wire, &query_values(value, &what(param))?),
            Loc::Header => call.extra_header(param.wire, &scalar_text(value, &what(param))?),
            Loc::Field => {
                let json = py_to_json(value, &what(param))?;
                if let Some(body) = body.as_mut() {
                    body.insert(param.wire.to_owned(), json);
                }
            }
            Loc::RawBody => raw_body = Some(py_to_json(value, &what(param))?),
            Loc::File => {
                let file = file_part(value, &what(param))?;
                call.multipart_file("file", &file.name, &file.media_type, &file.bytes);
            }
            Loc::Bytes | Loc::Text => bytes_body = Some(body_bytes(value, param.loc, &what(param))?),
            Loc::ContentType => content_type = scalar_text(value, &what(param))?,
        }
    }
    if let Some(bytes) = bytes_body {
        call.raw_body(&content_type, bytes);
    }
    if !spec.accept.is_empty() {
        call.accept(spec.accept);
    }
    if let Some(body) = body {
        if let Some(missing) = params
            .iter()
            .find(|p| p.loc == Loc::Field && p.required && !body.contains_key(p.wire))
        {
            return Err(PyTypeError::new_err(format!(
                "{}() missing required body field: '{}' (pass {}=... or include '{}' in body=)",
                spec.qualname, missing.name, missing.name, missing.wire
            )));
        }
        raw_body = Some(Value::Object(body));
    }
    if let Some(raw) = raw_body {
        call.json_body(&raw);
        if !spec.content_type.is_empty() && spec.content_type != "application/json" {
            call.content_type(spec.content_type); // e.g. application/merge-patch+json
        }
    }
    Ok(call)
}

/// A file to upload.
struct FilePart {
    name: String,
    media_type: String,
    bytes: Vec<u8>,
}

/// Reads a `file` argument: a path (`str` or `os.PathLike`), a binary file object, bytes, or a
/// `(file_name, bytes[, media_type])` tuple. The media type is guessed from the file name when
/// not given.
fn file_part(value: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<FilePart> {
    let py = value.py();
    let (name, bytes, media_type): (String, Vec<u8>, Option<String>) = if let Ok(tuple) = value.cast::<PyTuple>() {
        match tuple.len() {
            2 => (tuple.get_item(0)?.extract()?, body_bytes(&tuple.get_item(1)?, Loc::Bytes, what)?, None),
            3 => (
                tuple.get_item(0)?.extract()?,
                body_bytes(&tuple.get_item(1)?, Loc::Bytes, what)?,
                Some(tuple.get_item(2)?.extract()?),
            ),
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{}: a file tuple is (file_name, bytes) or (file_name, bytes, media_type)",
                    what()
                )))
            }
        }
    } else if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        ("file".to_owned(), value.extract()?, None)
    } else if value.hasattr("read")? {
        let bytes = body_bytes(&value.call_method0("read")?, Loc::Bytes, what)?;
        let name = match value.getattr("name").ok().and_then(|n| n.extract::<String>().ok()) {
            Some(path) => base_name(&path),
            None => "file".to_owned(),
        };
        (name, bytes, None)
    } else if let Ok(path) = py.import("os")?.call_method1("fspath", (value,)) {
        let path: String = path.extract()?;
        let bytes = std::fs::read(&path).map_err(PyErr::from)?;
        (base_name(&path), bytes, None)
    } else {
        return Err(PyTypeError::new_err(format!(
            "{} must be a path, a binary file object, bytes or a (file_name, bytes) tuple, not {}",
            what(),
            value.get_type().name()?
        )));
    };
    let media_type = match media_type {
        Some(media_type) => media_type,
        None => py
            .import("mimetypes")?
            .call_method1("guess_type", (&name,))?
            .get_item(0)?
            .extract::<Option<String>>()?
            .unwrap_or_else(|| "application/octet-stream".to_owned()),
    };
    Ok(FilePart { name, media_type, bytes })
}

fn base_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or("file").to_owned()
}

/// The bytes of a raw body: bytes-like objects as they are, text as UTF-8.
fn body_bytes(value: &Bound<'_, PyAny>, loc: Loc, what: &dyn Fn() -> String) -> PyResult<Vec<u8>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    if loc == Loc::Bytes {
        if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
            return value.extract();
        }
        if value.is_instance_of::<PyMemoryView>() {
            return value.call_method0("tobytes")?.extract();
        }
    }
    Err(PyTypeError::new_err(format!(
        "{} must be {}, not {}",
        what(),
        if loc == Loc::Bytes { "bytes or str" } else { "str" },
        value.get_type().name()?
    )))
}

fn unexpected_keyword(spec: &OpSpec, key: &str) -> PyErr {
    let hint = spec
        .params
        .iter()
        .find(|p| p.wire == key || p.wire.eq_ignore_ascii_case(key) || p.name.trim_end_matches('_') == key)
        .map(|p| format!(" (did you mean '{}'?)", p.name))
        .unwrap_or_default();
    PyTypeError::new_err(format!(
        "{}() got an unexpected keyword argument '{key}'{hint}",
        spec.qualname
    ))
}
