//! Setup: the bench venv with PyPI `okta` and our wheel, the npm packages with ours.

use std::path::{Path, PathBuf};

use crate::tasks;

use super::*;

pub(super) struct PythonSetup {
    pub(super) python: String,
    pub(super) wheel: PathBuf,
}

/// The bench venv with PyPI `okta` (pinned) and our wheel, built in release by pip + maturin.
pub(super) fn setup_python(root: &Path) -> Result<PythonSetup, String> {
    let venv = root.join("target/venv-bench");
    if !venv.join("bin/python").exists() {
        tasks::run(root, "python3", &["-m", "venv", &path_str(&venv)])?;
    }
    let python = path_str(&venv.join("bin/python"));
    tasks::run(
        root,
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            "benches/python/requirements.txt",
        ],
    )?;
    let wheels = root.join("target/bench/wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    // `pip wheel` runs maturin's PEP 517 backend, which builds in release, like `cargo xtask test`.
    tasks::run(
        root,
        &python,
        &[
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            &path_str(&wheels),
            "./bindings/python",
        ],
    )?;
    let wheel = find_file(&wheels, |name| {
        name.starts_with("okta_admin-") && name.ends_with(".whl")
    })?;
    tasks::run(
        root,
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--force-reinstall",
            "--no-deps",
            &path_str(&wheel),
        ],
    )?;
    Ok(PythonSetup { python, wheel })
}

pub(super) struct NodeSetup {
    pub(super) addon: PathBuf,
}

/// `npm ci` (exactly the committed lock files) of the official SDK in benches/node, and our addon built in release into
/// `target/bench/node` (loaded through `OKTA_ADMIN_NATIVE`, so that no other build of it is picked).
pub(super) fn setup_node(root: &Path) -> Result<NodeSetup, String> {
    tasks::run(&root.join("benches/node"), "npm", &["ci", "--no-audit", "--no-fund"])?;
    let package = root.join("bindings/node");
    tasks::run(&package, "npm", &["ci", "--no-audit", "--no-fund"])?;
    let out = root.join("target/bench/node");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    tasks::run(
        &package,
        "npx",
        &[
            "napi",
            "build",
            "--platform",
            "--release",
            "--no-js",
            "--output-dir",
            &path_str(&out),
        ],
    )?;
    let addon = find_file(&out, |name| {
        name.starts_with("okta-admin") && name.ends_with(".node")
    })?;
    Ok(NodeSetup { addon })
}
