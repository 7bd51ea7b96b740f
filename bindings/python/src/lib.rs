//! `okta_admin._native`: the Python binding of the `okta-admin` core crate.
//!
//! Every endpoint is a generated plain-Python method (`okta_admin/_resources/`, real signatures
//! and docstrings) whose body is one call into the native entry `_call` / `_paginate` with its
//! operation's index in the runtime's table (`okta_admin_runtime::ops::OPS`, shared with Rust
//! and Node) and its arguments. [`invoke`] converts them and lets the core bind them
//! (`Call::from_op`); the core does all HTTP, retry, rate-limit, auth and pagination work.
//!
//! Hand-written here: the client classes (`client`), their configuration from arguments,
//! `okta.yaml` and `OKTA_CLIENT_*` (`config`), the escape hatches `with_options`, `request` and
//! raw responses (`hatch`), argument binding and response conversion (`invoke`, `convert`),
//! pagination iterators (`pager`), the error mapping (`errors`) and the shared, fork-aware tokio
//! runtime (`runtime`). Models and exceptions are small pure-Python
//! classes (`python/okta_admin/`), so that they stay cheap to build and easy to subclass.

// pyo3's macros expand to code that trips these lints in generated methods.
#![allow(clippy::useless_conversion, clippy::too_many_arguments)]

mod client;
mod config;
mod convert;
mod decode;
mod errors;
mod hatch;
mod invoke;
mod logging;
mod outcome;
mod pager;
mod runtime;

use pyo3::prelude::*;

/// The native module; `okta_admin/__init__.py` re-exports what users need.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    logging::install(m.py())?;
    m.add_function(wrap_pyfunction!(runtime::_quiesce, m)?)?;
    m.add_class::<client::Client>()?;
    m.add_class::<client::AsyncClient>()?;
    m.add_class::<config::ConfigView>()?;
    m.add_class::<hatch::Response>()?;
    m.add_class::<pager::Pager>()?;
    m.add_class::<pager::AsyncPager>()?;
    m.add_class::<pager::PageIterator>()?;
    m.add_class::<pager::AsyncPageIterator>()?;
    m.add_class::<pager::Page>()?;
    Ok(())
}
