//! Python values → JSON, query and header text (JSON → Python is `decode`).
//!
//! Requests accept model objects (`okta_admin.models.*`, sent as their wire dict), dicts, lists,
//! tuples, strings, numbers, booleans, `None`, `enum.Enum` members (their value) and
//! `datetime`/`date` objects (ISO 8601). Responses come back as plain dicts and lists, which
//! `okta_admin._model` wraps into model objects.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

static MODEL_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ENUM_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static WRAP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Wraps decoded JSON as the model (or list of models) named by `spec` (see `_model._wrap`).
pub fn wrap<'py>(py: Python<'py>, spec: &str, data: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if spec.is_empty() || data.is_none() {
        return Ok(data);
    }
    let wrap = WRAP.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("okta_admin._model")?.getattr("_wrap")?.unbind())
    })?;
    wrap.bind(py).call1((spec, data))
}

fn model_base(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    MODEL_BASE.import(py, "okta_admin._model", "Model")
}

/// A Python value as JSON, for request bodies. `what` names the value in error messages.
pub fn py_to_json(value: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<Value> {
    to_json(value, what, 0)
}

fn to_json(value: &Bound<'_, PyAny>, what: &dyn Fn() -> String, depth: usize) -> PyResult<Value> {
    if depth > 256 {
        return Err(PyValueError::new_err(format!("{} is nested too deeply", what())));
    }
    let py = value.py();
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(PyValueError::new_err(format!("{}: integer {value} does not fit in 64 bits", what())));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err(format!("{}: {f} is not a finite number", what())));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "{}: dict keys must be str, not {}",
                    what(),
                    key.get_type().name()?
                )));
            };
            let key = key.to_cow()?.into_owned();
            let nested = || format!("{}[{key:?}]", what());
            map.insert(key.clone(), to_json(&item, &nested, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            let nested = || format!("{}[{i}]", what());
            items.push(to_json(&item?, &nested, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_instance(model_base(py)?)? {
        return to_json(&value.getattr("_data")?, what, depth + 1);
    }
    if value.is_instance(ENUM_BASE.import(py, "enum", "Enum")?)? {
        return to_json(&value.getattr("value")?, what, depth + 1);
    }
    if value.hasattr("isoformat")? {
        return to_json(&value.call_method0("isoformat")?, what, depth + 1);
    }
    Err(PyTypeError::new_err(format!(
        "{}: cannot send a {} as JSON (use a model, dict, list, str, int, float, bool or None)",
        what(),
        value.get_type().name()?
    )))
}

/// The text values of a query parameter: one per item of a list or tuple, none for `None`.
pub fn query_values(value: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in value.try_iter()? {
            let item = item?;
            if !item.is_none() {
                out.push(scalar_text(&item, what)?);
            }
        }
        return Ok(out);
    }
    if value.is_none() {
        return Ok(Vec::new());
    }
    Ok(vec![scalar_text(value, what)?])
}

/// The text of a path segment, header or query value: `true`/`false` for booleans, decimal
/// numbers, enum values and ISO 8601 dates.
pub fn scalar_text(value: &Bound<'_, PyAny>, what: &dyn Fn() -> String) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(value.str()?.to_cow()?.into_owned());
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        if !f.is_finite() {
            return Err(PyValueError::new_err(format!("{}: {f} is not a finite number", what())));
        }
        return Ok(Number::from_f64(f).map(|n| n.to_string()).unwrap_or_default());
    }
    let py = value.py();
    if value.is_instance(ENUM_BASE.import(py, "enum", "Enum")?)? {
        return scalar_text(&value.getattr("value")?, what);
    }
    if value.hasattr("isoformat")? {
        return scalar_text(&value.call_method0("isoformat")?, what);
    }
    Err(PyTypeError::new_err(format!(
        "{} must be a str, int, float or bool, not {}",
        what(),
        value.get_type().name()?
    )))
}
