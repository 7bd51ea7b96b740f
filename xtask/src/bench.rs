//! `cargo xtask bench`: okta-admin against Okta's official SDKs, side by side on one okta-mock.

use std::path::Path;

/// Runs every benchmark and writes `BENCHMARKS.md`.
pub fn run(_root: &Path) -> Result<(), String> {
    Err("cargo xtask bench is not written yet".into())
}
