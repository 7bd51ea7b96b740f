//! A finished call as Python objects: [`fetch`] sends and checks off the GIL, [`Outcome`]
//! becomes the result (or raises) once the GIL is held. Shared by calls and pagers.

use std::sync::Arc;

use okta_admin_runtime::{Call, Error, Op, RawResponse, Reply};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::wrap;
use crate::decode::{self, Item};
use crate::errors::to_py_err;

/// Sends `call` and decodes its reply.
pub async fn fetch(core: okta_admin_runtime::Client, call: Call, op: &'static Op, wrap: Arc<str>) -> Outcome {
    let raw = match core.send_raw(call).await {
        Ok(raw) => raw,
        Err(error) => return Outcome::Failed(error),
    };
    decode(raw, op, wrap)
}

/// Checks a response off the GIL (its top-level shape against the operation's); the Python
/// objects are built straight from the bytes in [`Outcome::into_pyobject`], with the GIL.
fn decode(raw: RawResponse, op: &'static Op, wrap: Arc<str>) -> Outcome {
    if let Err(error) = op.reply.check(op.id, raw.status, &raw.body) {
        return Outcome::Failed(error);
    }
    match op.reply {
        Reply::Empty => Outcome::Empty,
        Reply::Text => Outcome::Text(String::from_utf8_lossy(&raw.body).into_owned()),
        Reply::Binary => Outcome::Bytes(raw.body.to_vec()),
        Reply::Json(_) => Outcome::Json(raw, wrap),
    }
}

/// A finished call, turned into Python objects (or raised) once the GIL is held.
pub enum Outcome {
    Failed(Error),
    Empty,
    /// A JSON response, and the model that wraps it.
    Json(RawResponse, Arc<str>),
    /// One item of a page, and the model that wraps it.
    Item(Item, Arc<str>),
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
            Outcome::Json(raw, spec) => wrap(py, &spec, decode::response(py, &raw)?),
            Outcome::Item(item, spec) => wrap(py, &spec, decode::item(py, &item)?),
            Outcome::Text(text) => Ok(PyString::new(py, &text).into_any()),
            Outcome::Bytes(bytes) => Ok(PyBytes::new(py, &bytes).into_any()),
        }
    }
}

