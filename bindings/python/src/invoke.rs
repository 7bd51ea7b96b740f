//! The one native entry every generated Python method calls: `_call(op, wrap, values,
//! body, content_type)` (and `_paginate`). It converts the Python values (aligned with the
//! operation's parameters in the runtime's table) into language-neutral [`Args`], lets the core
//! bind them ([`Call::from_op`], the call layer Rust and Node share) and sends the call.

use std::sync::Arc;

use okta_admin_runtime::ops::OPS;
use okta_admin_runtime::{Arg, Args, Body, BodyKind, Call, FilePart as CoreFile, Loc, Op};
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString, PyTuple};

use crate::client::ClientRef;
use crate::convert::{py_to_json, query_values, scalar_text};
use crate::outcome::fetch;
use crate::pager::{AsyncPager, Pager};
use crate::runtime::{block_on, guard, into_awaitable};

/// The operation with index `op` of the runtime's table.
fn operation(op: usize) -> PyResult<&'static Op> {
    OPS.get(op).ok_or_else(|| PyIndexError::new_err(format!("no operation #{op}: okta_admin's Python and native parts do not match; reinstall")))
}

/// A blocking call: returns the decoded result, wrapped as the model `wrap` names.
/// (`inline(never)`: one copy, however many generated methods call it.)
#[inline(never)]
pub fn call_sync(
    py: Python<'_>,
    client: &ClientRef,
    op: usize,
    wrap: &str,
    values: &Bound<'_, PyTuple>,
    body: Option<&Bound<'_, PyAny>>,
    content_type: Option<String>,
) -> PyResult<Py<PyAny>> {
    guard(py, || {
        let op = operation(op)?;
        let call = bind(op, values, body, content_type)?;
        let (core, wrap) = (client.core(), Arc::from(wrap));
        let outcome = block_on(py, async move { fetch(core, call, op, wrap).await })?;
        Ok(outcome.into_pyobject(py)?.unbind())
    })
}

/// An asyncio call: returns an awaitable of the decoded result.
#[inline(never)]
pub fn call_async(
    py: Python<'_>,
    client: &ClientRef,
    op: usize,
    wrap: &str,
    values: &Bound<'_, PyTuple>,
    body: Option<&Bound<'_, PyAny>>,
    content_type: Option<String>,
) -> PyResult<Py<PyAny>> {
    guard(py, || {
        let op = operation(op)?;
        let call = bind(op, values, body, content_type)?;
        let (core, wrap) = (client.core(), Arc::from(wrap));
        let awaitable = into_awaitable(py, async move { Ok(fetch(core, call, op, wrap).await) })?;
        Ok(awaitable.unbind())
    })
}

/// The lazy pages of a list operation: a `Pager` (or an `AsyncPager`) of the model `wrap` names.
#[inline(never)]
pub fn paginate(py: Python<'_>, client: &ClientRef, op: usize, wrap: &str, values: &Bound<'_, PyTuple>, paging: Paging, is_async: bool) -> PyResult<Py<PyAny>> {
    guard(py, || {
        let op = operation(op)?;
        let call = bind(op, values, None, None)?;
        let mut pages = client.core().paginate(call);
        if let Some(max) = paging.max_pages {
            pages = pages.max_pages(max);
        }
        if let Some(seconds) = paging.poll {
            let interval = std::time::Duration::try_from_secs_f64(seconds)
                .map_err(|_| crate::errors::to_py_err(py, &okta_admin_runtime::Error::InvalidRequest(format!("interval must be a non-negative number of seconds, not {seconds}"))))?;
            pages = pages.poll(interval);
        }
        Ok(if is_async {
            Py::new(py, AsyncPager::new(pages, Arc::from(wrap)))?.into_any()
        } else {
            Py::new(py, Pager::new(pages, Arc::from(wrap)))?.into_any()
        })
    })
}

/// How a list is paged: at most `max_pages` pages; `poll`: seconds between polls of a list that
/// grows at its end (the System Log's `tail`).
pub struct Paging {
    pub max_pages: Option<u64>,
    pub poll: Option<f64>,
}

/// Converts the Python arguments (one per parameter of `op`, `None` for "not sent"), the whole
/// body and its media type into [`Args`] and binds them with [`Call::from_op`].
fn bind(op: &'static Op, values: &Bound<'_, PyTuple>, body: Option<&Bound<'_, PyAny>>, content_type: Option<String>) -> PyResult<Call> {
    if values.len() > op.params.len() {
        return Err(PyTypeError::new_err(format!("{}: {} arguments for {} parameters", op.id, values.len(), op.params.len())));
    }
    let mut args = Args::new();
    for (i, (value, param)) in values.iter().zip(op.params).enumerate() {
        if value.is_none() {
            continue;
        }
        let what = || format!("{}() argument '{}'", op.id, param.name);
        let arg = match param.loc {
            Loc::Path | Loc::Header => Arg::Text(scalar_text(&value, &what)?),
            Loc::Query => Arg::List(query_values(&value, &what)?),
            Loc::Field => Arg::Json(py_to_json(&value, &what)?),
        };
        args.set(i, arg);
    }
    if let Some(body) = body.filter(|b| !b.is_none()) {
        let what = || format!("{}() argument 'body'", op.id);
        args.set_body(match op.body {
            BodyKind::File => {
                let file = file_part(body, &|| format!("{}() argument 'file'", op.id))?;
                Body::File(CoreFile::new(file.name, file.media_type, file.bytes))
            }
            BodyKind::Binary => Body::Bytes(body_bytes(body, true, &what)?),
            BodyKind::Text => Body::Bytes(body_bytes(body, false, &what)?),
            BodyKind::Model | BodyKind::Json | BodyKind::None => Body::Json(py_to_json(body, &what)?),
        });
    }
    if let Some(content_type) = content_type {
        args.set_content_type(content_type);
    }
    Ok(Call::from_op(op, args))
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
            2 => (tuple.get_item(0)?.extract()?, body_bytes(&tuple.get_item(1)?, true, what)?, None),
            3 => (
                tuple.get_item(0)?.extract()?,
                body_bytes(&tuple.get_item(1)?, true, what)?,
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
        let bytes = body_bytes(&value.call_method0("read")?, true, what)?;
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
        // The same guess as every language makes (the core's).
        None => CoreFile::guess_media_type(&name).to_owned(),
    };
    Ok(FilePart { name, media_type, bytes })
}

fn base_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or("file").to_owned()
}

/// The bytes of a raw body: bytes-like objects as they are, text as UTF-8.
fn body_bytes(value: &Bound<'_, PyAny>, binary: bool, what: &dyn Fn() -> String) -> PyResult<Vec<u8>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    if binary {
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
        if binary { "bytes or str" } else { "str" },
        value.get_type().name()?
    )))
}

