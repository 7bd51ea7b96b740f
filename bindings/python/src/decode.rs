//! JSON → Python objects in one pass, with no `serde_json::Value` in between: the parser's
//! events become `dict`, `list`, `str`, `int`, `float`, `bool` and `None` as they are read
//! (dicts keep the server's key order).

use std::cell::Cell;
use std::fmt;

use okta_admin_runtime::{Error, RawResponse};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::errors::to_py_err;

/// The body of `raw` as Python objects; a body that is not JSON raises `DecodeError`, as
/// [`RawResponse::json`] reports it.
pub fn response<'py>(py: Python<'py>, raw: &RawResponse) -> PyResult<Bound<'py, PyAny>> {
    let failed = Cell::new(None);
    raw.json_seed(Seed { py, failed: &failed }).map_err(|error| failed.take().unwrap_or_else(|| to_py_err(py, &error)))
}

/// One item of a page, as the JSON text the server sent (its syntax checked when the page was
/// split into items, its numbers not yet), with the page's status.
pub struct Item {
    pub json: Box<serde_json::value::RawValue>,
    pub status: u16,
}

/// An item of a page as Python objects; one the core would not decode (a number beyond an
/// `f64`) raises `DecodeError`, as the page would in Rust.
pub fn item<'py>(py: Python<'py>, item: &Item) -> PyResult<Bound<'py, PyAny>> {
    let failed = Cell::new(None);
    let text = item.json.get();
    Seed { py, failed: &failed }
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .map_err(|e| failed.take().unwrap_or_else(|| to_py_err(py, &Error::decode(item.status, text.as_bytes(), e))))
}

/// An already parsed JSON value (an error's details) as Python objects.
pub fn value<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    build(py, value)
}

/// Python objects from any JSON deserializer; a failure that is not Python's is a `ValueError`.
fn build<'de, 'py, D: Deserializer<'de>>(py: Python<'py>, deserializer: D) -> PyResult<Bound<'py, PyAny>> {
    let failed = Cell::new(None);
    Seed { py, failed: &failed }
        .deserialize(deserializer)
        .map_err(|e| failed.take().unwrap_or_else(|| pyo3::exceptions::PyValueError::new_err(e.to_string())))
}

/// Builds one JSON value as a Python object; a Python failure (memory) is kept in `failed`
/// and stops the parser.
#[derive(Clone, Copy)]
struct Seed<'a, 'py> {
    py: Python<'py>,
    failed: &'a Cell<Option<PyErr>>,
}

impl Seed<'_, '_> {
    fn fail<E: de::Error>(&self, error: PyErr) -> E {
        self.failed.set(Some(error));
        E::custom("a Python object could not be made")
    }
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(|e| self.fail::<A::Error>(e))?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(|e| self.fail::<A::Error>(e))?;
        }
        Ok(dict.into_any())
    }
}
