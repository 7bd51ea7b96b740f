//! `okta_admin_runtime::Error` → the exception hierarchy of `okta_admin/errors.py`.
//!
//! The classes are plain Python, generated from `specs/errors.tsv` like Node's (so they can also
//! subclass `TimeoutError`, `ConnectionError` and `ValueError`); this module gathers each
//! variant's details into a dict and names the class the core's `ErrorKind` gives. Nothing here ever sees the API token.

use okta_admin_runtime::{ApiError, Error};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::convert::json_to_py;

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
    let details = PyDict::new(py);
    if let Some(status) = error.status() {
        details.set_item("status", status)?;
    }
    match error {
        Error::Api(api) => api_details(py, api, &details)?,
        Error::RateLimited {
            error: api,
            limit,
            remaining,
            reset,
            retries,
            ..
        } => {
            api_details(py, api, &details)?;
            details.set_item("limit", limit)?;
            details.set_item("remaining", remaining)?;
            details.set_item("reset", reset)?;
            details.set_item("retries", retries)?;
        }
        Error::Redirect { location, .. } => details.set_item("location", location)?,
        Error::Decode { body, .. } => details.set_item("body", body)?,
        Error::ForeignRedirect(url) => details.set_item("url", url.as_str())?,
        _ => {}
    }
    make(py, error.kind().class_name(), &error.to_string(), &details)
}

fn api_details(py: Python<'_>, api: &ApiError, details: &Bound<'_, PyDict>) -> PyResult<()> {
    details.set_item("error_code", &api.error_code)?;
    details.set_item("error_summary", &api.error_summary)?;
    details.set_item("error_link", &api.error_link)?;
    details.set_item("error_id", &api.error_id)?;
    details.set_item("request_id", &api.request_id)?;
    details.set_item("body", &api.body)?;
    let causes = PyList::empty(py);
    for cause in &api.error_causes {
        let item = PyDict::new(py);
        for (key, value) in &cause.extra {
            item.set_item(key, json_to_py(py, value)?)?;
        }
        item.set_item("errorSummary", &cause.error_summary)?;
        causes.append(item)?;
    }
    details.set_item("error_causes", causes)?;
    Ok(())
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
