//! `cargo xtask test` and `cargo xtask demo`: every suite in every language, from a fresh machine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `program args…` in `dir`, echoing it; fails loudly with the command line on a non-zero exit.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let line = format!("{program} {}", args.join(" "));
    eprintln!("\n==> {line}   (in {})", dir.display());
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed with {status}"))
    }
}

/// The Python virtual environment the tasks create and use.
pub fn venv(root: &Path) -> PathBuf {
    root.join("target/venv-py")
}

/// `cargo xtask test`: generated code is fresh, then the Rust, Python and Node suites.
pub fn test(root: &Path) -> Result<(), String> {
    run(root, "cargo", &["xtask", "codegen", "--check"])?;
    run(root, "cargo", &["build", "-p", "okta-mock"])?;
    run(root, "cargo", &["test", "--workspace", "--exclude", "okta-admin-python", "--exclude", "okta-admin-node"])?;
    python(root)?;
    node(root)?;
    Ok(())
}

/// Builds the wheel into a fresh venv and runs pytest and mypy there.
fn python(root: &Path) -> Result<(), String> {
    let venv = venv(root);
    if !venv.join("bin/python").exists() {
        run(root, "python3", &["-m", "venv", &venv.to_string_lossy()])?;
    }
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    run(root, &python, &["-m", "pip", "install", "--quiet", "-r", "tests/python/requirements.txt"])?;
    run(root, &python, &["-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", "./bindings/python"])?;
    run(root, &python, &["-m", "pytest", "-q", "tests/python"])?;
    run(root, &python, &["-m", "mypy", "--strict", "tests/python/typing_example.py"])
}

/// Installs the npm packages, builds the addon and runs `node --test` and `tsc`.
fn node(root: &Path) -> Result<(), String> {
    let dir = root.join("bindings/node");
    run(&dir, "npm", &["install", "--no-audit", "--no-fund"])?;
    run(&dir, "npx", &["napi", "build", "--platform", "--release"])?;
    run(root, "node", &["--test", "tests/node/"])?;
    run(&dir, "npx", &["tsc", "--strict", "--noEmit", "../../tests/node/typing-example.ts"])
}
