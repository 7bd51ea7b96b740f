//! `cargo xtask test` and `cargo xtask demo`: every suite in every language, from a fresh machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::release;

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

/// The parts `cargo xtask test` can run alone.
pub const TEST_PARTS: &[&str] = &["rust", "python", "node", "packages"];

/// `cargo xtask test [rust|python|node|packages] [--prebuilt]`: generated code is fresh, then the Rust, Python
/// and Node suites (the Python and Node ones against the release artifacts `cargo xtask dist`
/// builds), then the contents of every package. One part alone is what the release workflow runs
/// on each platform.
/// With `--prebuilt`, the Python and Node suites test the artifacts already in `target/dist` and
/// `bindings/node` (built by `cargo xtask dist` for a chosen target) instead of building them.
pub fn test(root: &Path, args: &[&str]) -> Result<(), String> {
    let prebuilt = args.contains(&"--prebuilt");
    let parts: Vec<&str> = args.iter().copied().filter(|a| *a != "--prebuilt").collect();
    let all = parts.is_empty();
    let wants = |part: &str| all || parts.contains(&part);
    if let Some(unknown) = parts.iter().find(|p| !TEST_PARTS.contains(p)) {
        return Err(format!("test: unknown part {unknown} ({})", TEST_PARTS.join(", ")));
    }
    if wants("rust") {
        run(root, "cargo", &["xtask", "codegen", "--check"])?;
    }
    // The Python and Node suites start the okta-mock binary.
    run(root, "cargo", &["build", "-p", "okta-mock"])?;
    if wants("rust") {
        run(root, "cargo", &["test", "--workspace", "--exclude", "okta-admin-python", "--exclude", "okta-admin-node"])?;
        // The TLS alternative to the default rustls roots builds too.
        run(root, "cargo", &["check", "-p", "okta-admin", "--no-default-features", "--features", "rustls-native-roots"])?;
    }
    // The venv with the build and test tools (maturin builds the wheel and the sdist).
    let python = if wants("python") || wants("packages") { Some(install_tools(root)?) } else { None };
    if let (true, Some(python)) = (wants("python"), &python) {
        let wheel = if prebuilt { release::built_wheel(root)? } else { release::wheel(root, None, None)? };
        install_wheel(root, python, &wheel)?;
        run(root, python, &["-m", "pytest", "-q", "tests/python"])?;
    }
    if wants("node") {
        if !prebuilt {
            release::addon(root, None)?;
        }
        run(root, "node", &["--test", "tests/node/"])?;
    }
    if wants("packages") {
        release::packages(root)?;
    }
    Ok(())
}

/// The last (by name) file in `dir` whose name `matches`: the artifact a build just wrote there.
pub fn find_file(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|e| matches(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
        .pop()
        .ok_or_else(|| format!("nothing expected was built in {}", dir.display()))
}

/// The venv's folder of programs (`bin`, or `Scripts` on Windows).
pub fn venv_bin(root: &Path) -> PathBuf {
    venv(root).join(if cfg!(windows) { "Scripts" } else { "bin" })
}

/// Creates the venv (once) with the build and test tools; returns its interpreter.
pub fn install_tools(root: &Path) -> Result<String, String> {
    let python = venv_bin(root).join(if cfg!(windows) { "python.exe" } else { "python" });
    if !python.exists() {
        run(root, "python3", &["-m", "venv", &venv(root).to_string_lossy()])?;
    }
    let python = python.to_string_lossy().into_owned();
    run(root, &python, &["-m", "pip", "install", "--quiet", "-r", "tests/python/requirements.txt"])?;
    Ok(python)
}

/// Builds the release wheel (`cargo xtask dist python`) and installs it into the venv; returns
/// the interpreter.
fn install_python(root: &Path) -> Result<String, String> {
    let python = install_tools(root)?;
    install_wheel(root, &python, &release::wheel(root, None, None)?)?;
    Ok(python)
}

/// Installs `wheel` with the venv's interpreter `python`.
fn install_wheel(root: &Path, python: &str, wheel: &Path) -> Result<(), String> {
    run(root, python, &["-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", &wheel.to_string_lossy()])
}

/// `cargo xtask demo`: regenerate, build all three packages, start okta-mock, and run the same
/// scenario in Rust, Python and Node against it.
pub fn demo(root: &Path) -> Result<(), String> {
    run(root, "cargo", &["xtask", "codegen"])?;
    run(root, "cargo", &["build", "-p", "okta-mock", "-p", "okta-admin", "-p", "okta-admin-cli", "--examples", "--bins"])?;
    let python = install_python(root)?;
    release::addon(root, None)?;
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
