//! A finished call as Python objects: [`fetch`] sends and decodes off the GIL, [`Outcome`]
//! becomes the result (or raises) once the GIL is held. Shared by calls and pagers.

use std::sync::Arc;

use okta_admin_runtime::{Call, Error, Op, RawResponse, Reply};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde_json::Value;

use crate::convert::{json_to_py, wrap};
use crate::errors::to_py_err;

/// Sends `call` and decodes its reply.
pub async fn fetch(core: okta_admin_runtime::Client, call: Call, op: &'static Op, wrap: Arc<str>) -> Outcome {
    let raw = match core.send_raw(call).await {
        Ok(raw) => raw,
        Err(error) => return Outcome::Failed(error),
    };
    decode(raw, op, wrap)
}

/// Decodes a response off the GIL (its top-level shape checked against the operation's); the
/// Python objects are built in [`Outcome::into_pyobject`].
fn decode(raw: RawResponse, op: &'static Op, wrap: Arc<str>) -> Outcome {
    if let Err(error) = op.reply.check(op.id, raw.status, &raw.body) {
        return Outcome::Failed(error);
    }
    match op.reply {
        Reply::Empty => Outcome::Empty,
        Reply::Text => Outcome::Text(String::from_utf8_lossy(&raw.body).into_owned()),
        Reply::Binary => Outcome::Bytes(raw.body.to_vec()),
        Reply::Json(_) => match raw.json::<Value>() {
            Ok(value) => Outcome::Json(value, wrap),
            Err(error) => Outcome::Failed(error),
        },
    }
}

/// A finished call, turned into Python objects (or raised) once the GIL is held.
pub enum Outcome {
    Failed(Error),
    Empty,
    Json(Value, Arc<str>),
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
            Outcome::Json(value, spec) => wrap(py, &spec, json_to_py(py, &value)?),
            Outcome::Text(text) => Ok(PyString::new(py, &text).into_any()),
            Outcome::Bytes(bytes) => Ok(PyBytes::new(py, &bytes).into_any()),
        }
    }
}

