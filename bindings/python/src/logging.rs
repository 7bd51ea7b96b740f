//! The core's events (`tracing`, target `okta_admin`) as records of Python's standard `logging`
//! logger `okta_admin`: DEBUG per attempt and response, WARNING per retry. Nothing to set up:
//! `logging.basicConfig(level=logging.DEBUG)` or `logging.getLogger("okta_admin").setLevel(...)`
//! shows them. Levels are read from Python when a client is created (and cached until the next
//! one), so that a call does not take the GIL only to learn its records are not wanted.

use std::sync::OnceLock;

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3_log::{Caching, Logger, ResetHandle};

static RESET: OnceLock<ResetHandle> = OnceLock::new();

/// Installs the bridge (once per process; another `log` logger already installed wins).
pub fn install(py: Python<'_>) -> PyResult<()> {
    let logger = Logger::new(py, Caching::LoggersAndLevels)?
        .filter(LevelFilter::Warn)
        .filter_target("okta_admin".to_owned(), LevelFilter::Debug);
    if let Ok(handle) = logger.install() {
        let _ = RESET.set(handle);
    }
    Ok(())
}

/// Forgets the cached levels, so that logging configured since is honoured.
pub fn refresh() {
    if let Some(handle) = RESET.get() {
        handle.reset();
    }
}
