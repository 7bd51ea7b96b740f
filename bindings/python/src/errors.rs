//! `okta_admin_runtime::Error` → the exception hierarchy of `okta_admin/errors.py`.
//!
//! The classes are plain Python, generated from `specs/errors.tsv` like Node's (so they can also
//! subclass `TimeoutError`, `ConnectionError` and `ValueError`); this module gathers each
//! variant's details into a dict and names the class the core's `ErrorKind` gives. Nothing here ever sees the API token.

use okta_admin_runtime::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::decode;

static FROM_NATIVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Builds the Python exception for a core error.
pub fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|e| e)
}

/// An `OktaError` for a bug inside the binding (a caught panic).
pub fn internal_error(py: Python<'_>, message: &str) -> PyErr {
    let details = PyDict::new(py);
    make(py, "InternalError", message, &details).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    // The attributes every language puts on the class (the core's list), in snake_case.
    let details = PyDict::new(py);
    for (name, value) in error.details() {
        details.set_item(snake_case(&name), decode::value(py, &value)?)?;
    }
    make(py, error.kind().class_name(), &error.to_string(), &details)
}

/// `errorCode` → `error_code`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Calls `okta_admin.errors._from_native(class_name, message, details)` for the exception instance.
fn make(py: Python<'_>, class_name: &str, message: &str, details: &Bound<'_, PyDict>) -> PyResult<PyErr> {
    let factory = FROM_NATIVE
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("okta_admin.errors")?.getattr("_from_native")?.unbind())
        })
        .map_err(|e| PyRuntimeError::new_err(format!("okta_admin.errors is unavailable: {e}; {message}")))?;
    let exception = factory.bind(py).call1((class_name, message, details))?;
    Ok(PyErr::from_value(exception))
}
