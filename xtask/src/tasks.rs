//! `cargo xtask test` and `cargo xtask demo`: every suite in every language, from a fresh machine.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `program args…` in `dir`, echoing it; fails loudly with the command line on a non-zero exit.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    run_with_env(dir, program, args, &[])
}

/// [`run`] with extra environment variables.
pub fn run_with_env(dir: &Path, program: &str, args: &[&str], env: &[(&str, String)]) -> Result<(), String> {
    let line = format!("{program} {}", args.join(" "));
    eprintln!("\n==> {line}   (in {})", dir.display());
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
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

/// Builds the wheel into the venv and runs pytest there (which includes `mypy --strict`).
fn python(root: &Path) -> Result<(), String> {
    let python = install_python(root)?;
    run(root, &python, &["-m", "pytest", "-q", "tests/python"])
}

/// Creates the venv (once), installs the test tools and the freshly built wheel; returns the interpreter.
fn install_python(root: &Path) -> Result<String, String> {
    let venv = venv(root);
    if !venv.join("bin/python").exists() {
        run(root, "python3", &["-m", "venv", &venv.to_string_lossy()])?;
    }
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    run(root, &python, &["-m", "pip", "install", "--quiet", "-r", "tests/python/requirements.txt"])?;
    // The venv's maturin builds the release wheel (no isolated build environment to download).
    let path = format!("{}:{}", venv.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let env = [("PATH", path), ("VIRTUAL_ENV", venv.to_string_lossy().into_owned())];
    let args = ["-m", "pip", "install", "--quiet", "--no-build-isolation", "--force-reinstall", "--no-deps", "./bindings/python"];
    run_with_env(root, &python, &args, &env)?;
    Ok(python)
}

/// Installs the npm packages, builds the addon and runs `node --test` (which includes `tsc --strict`).
fn node(root: &Path) -> Result<(), String> {
    build_node(root)?;
    run(root, "node", &["--test", "tests/node/"])
}

/// `npm ci` (the committed lock file, unchanged) and a release build of the addon.
fn build_node(root: &Path) -> Result<(), String> {
    let dir = root.join("bindings/node");
    // `npm ci` installs exactly the committed lock and never rewrites it (`npm install` did).
    run(&dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    run(&dir, "npx", &["napi", "build", "--release"])
}

/// `cargo xtask demo`: regenerate, build all three packages, start okta-mock, and run the same
/// scenario in Rust, Python and Node against it.
pub fn demo(root: &Path) -> Result<(), String> {
    run(root, "cargo", &["xtask", "codegen"])?;
    run(root, "cargo", &["build", "-p", "okta-mock", "-p", "okta-admin", "-p", "okta-admin-cli", "--examples", "--bins"])?;
    let python = install_python(root)?;
    build_node(root)?;
    let mock = Mock::start(root, &["--seed-users", "250"])?;
    eprintln!("\n==> okta-mock at {}", mock.url);
    let cli = root.join("target/debug/okta-admin").to_string_lossy().into_owned();
    let scenarios: [(&str, Vec<String>); 4] = [
        ("Rust", vec![root.join("target/debug/examples/demo").to_string_lossy().into_owned()]),
        ("Python", vec![python, "tests/scenario/demo.py".into()]),
        ("Node", vec!["node".into(), "tests/scenario/demo.mjs".into()]),
        ("CLI", [cli.as_str(), "users", "list", "--search", "profile.login sw \"user24\"", "-o", "table"].map(String::from).to_vec()),
    ];
    for (language, command) in scenarios {
        eprintln!("\n==> {language}: {}", command.join(" "));
        let status = Command::new(&command[0])
            .args(&command[1..])
            .current_dir(root)
            .env("OKTA_CLIENT_ORGURL", &mock.url)
            .env("OKTA_CLIENT_TOKEN", "test-token")
            .status()
            .map_err(|e| format!("could not start the {language} scenario: {e}"))?;
        if !status.success() {
            return Err(format!("the {language} scenario failed with {status}"));
        }
    }
    Ok(())
}

/// A running `okta-mock` binary, stopped on drop.
struct Mock {
    child: std::process::Child,
    url: String,
}

impl Mock {
    /// Starts `target/debug/okta-mock --port 0 …` and reads the URL it prints.
    fn start(root: &Path, args: &[&str]) -> Result<Mock, String> {
        use std::io::BufRead;
        let mut child = Command::new(root.join("target/debug/okta-mock"))
            .args(["--port", "0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start okta-mock: {e}"))?;
        let stdout = child.stdout.take().ok_or("okta-mock has no stdout")?;
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
        let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
        if !url.starts_with("http://") {
            let _ = child.kill();
            return Err(format!("okta-mock printed `{}` instead of its URL", line.trim()));
        }
        Ok(Mock { child, url })
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
