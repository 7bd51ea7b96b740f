//! Releasing: the one version (`cargo xtask version`), the artifacts the release workflow builds
//! and publishes (`cargo xtask dist`), and what each package holds (`cargo xtask packages`).
//! `cargo xtask test` builds and tests the same artifacts with the same commands, so what CI
//! proves here is what `.github/workflows/release.yml` does on each platform.

use std::path::{Path, PathBuf};
use std::process::Command;

use toml_edit::DocumentMut;

use crate::tasks::{find_file, install_tools, run, run_with_env, venv, venv_bin};

/// The crates published to crates.io, in publishing order (dependencies first).
pub const CRATES: &[&str] = &["okta-admin-runtime", "okta-admin", "okta-admin-cli"];
/// Crates that depend on the runtime by path and version: the version must follow the workspace's.
const RUNTIME_DEPENDENTS: &[&str] = &["crates/okta-admin/Cargo.toml", "crates/okta-admin-cli/Cargo.toml"];
/// What `cargo xtask dist` builds.
pub const DIST_PACKAGES: &[&str] = &["python", "sdist", "node"];
/// Where `cargo xtask dist` puts wheels, the sdist and addons.
pub const DIST: &str = "target/dist";

/// `cargo xtask version`: prints the version; `version X.Y.Z` sets it everywhere;
/// `version --check vX.Y.Z` fails unless every manifest holds it (the release tag's check).
pub fn version(root: &Path, args: &[&str]) -> Result<(), String> {
    match args {
        [] => {
            println!("{}", check_versions(root)?);
            Ok(())
        }
        ["--check", tag] => {
            let version = check_versions(root)?;
            if tag.trim_start_matches('v') != version {
                return Err(format!("the tag {tag} does not match the version {version}"));
            }
            Ok(())
        }
        [new] => set_version(root, new),
        _ => Err("usage: cargo xtask version [X.Y.Z | --check TAG]".into()),
    }
}

/// The version, after checking that Cargo, the runtime dependents, pyproject (through Cargo),
/// package.json and package-lock.json agree and that CHANGELOG.md has a section for it.
pub fn check_versions(root: &Path) -> Result<String, String> {
    let workspace = read_toml(&root.join("Cargo.toml"))?;
    let version = workspace["workspace"]["package"]["version"].as_str().ok_or("Cargo.toml has no workspace.package.version")?.to_owned();
    let mut wrong = Vec::new();
    for manifest in RUNTIME_DEPENDENTS {
        let doc = read_toml(&root.join(manifest))?;
        let found = doc["dependencies"]["okta-admin-runtime"]["version"].as_str().unwrap_or("<none>");
        if found != version {
            wrong.push(format!("{manifest}: okta-admin-runtime version {found}"));
        }
    }
    let pyproject = read_toml(&root.join("bindings/python/pyproject.toml"))?;
    let dynamic = pyproject["project"]["dynamic"].as_array().is_some_and(|d| d.iter().any(|v| v.as_str() == Some("version")));
    if !dynamic || pyproject["project"].get("version").is_some() {
        wrong.push("bindings/python/pyproject.toml: the version must be dynamic (read from Cargo.toml)".into());
    }
    for (file, pointer) in [
        ("bindings/node/package.json", "/version"),
        ("bindings/node/package-lock.json", "/version"),
        ("bindings/node/package-lock.json", "/packages//version"),
    ] {
        let json: serde_json::Value = serde_json::from_str(&read(&root.join(file))?).map_err(|e| format!("{file}: {e}"))?;
        let found = json.pointer(pointer).and_then(|v| v.as_str()).unwrap_or("<none>");
        if found != version {
            wrong.push(format!("{file} {pointer}: {found}"));
        }
    }
    let changelog = read(&root.join("CHANGELOG.md"))?;
    if !changelog.lines().any(|l| l.starts_with(&format!("## [{version}]")) || l.starts_with("## [Unreleased]")) {
        wrong.push(format!("CHANGELOG.md: no `## [{version}]` or `## [Unreleased]` section"));
    }
    if wrong.is_empty() {
        Ok(version)
    } else {
        Err(format!("the version is {version} in Cargo.toml but:\n  {}\nrun `cargo xtask version {version}`", wrong.join("\n  ")))
    }
}

fn set_version(root: &Path, new: &str) -> Result<(), String> {
    let valid = new.split('.').count() == 3 && new.split(['.', '-', '+']).take(3).all(|n| n.parse::<u64>().is_ok());
    if !valid {
        return Err(format!("{new:?} is not a version like 1.2.3"));
    }
    edit_toml(&root.join("Cargo.toml"), |doc| doc["workspace"]["package"]["version"] = toml_edit::value(new))?;
    for manifest in RUNTIME_DEPENDENTS {
        edit_toml(&root.join(manifest), |doc| doc["dependencies"]["okta-admin-runtime"]["version"] = toml_edit::value(new))?;
    }
    for file in ["bindings/node/package.json", "bindings/node/package-lock.json"] {
        let path = root.join(file);
        let mut json: serde_json::Value = serde_json::from_str(&read(&path)?).map_err(|e| format!("{file}: {e}"))?;
        json["version"] = new.into();
        if let Some(package) = json.pointer_mut("/packages/") {
            package["version"] = new.into();
        }
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())? + "\n";
        std::fs::write(&path, text).map_err(|e| format!("{file}: {e}"))?;
    }
    run(root, "cargo", &["update", "--workspace", "--offline"])?;
    eprintln!("version {new}: add a `## [{new}]` section to CHANGELOG.md, then commit and tag v{new}");
    Ok(())
}

/// `cargo xtask dist python|node [--target TRIPLE] [--manylinux VERSION]`: builds the release
/// artifact of one package into `target/dist/`, as the release workflow does on each platform.
pub fn dist(root: &Path, args: &[&str]) -> Result<(), String> {
    let (what, rest) = args.split_first().ok_or("usage: cargo xtask dist python|node|sdist [--target TRIPLE] [--manylinux 2014]")?;
    let mut target = None;
    let mut manylinux = None;
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match *flag {
            "--target" => target = rest.next().copied(),
            "--manylinux" => manylinux = rest.next().copied(),
            other => return Err(format!("dist: unknown flag {other}")),
        }
    }
    if !DIST_PACKAGES.contains(what) {
        return Err(format!("dist: unknown package {what} ({})", DIST_PACKAGES.join(", ")));
    }
    match *what {
        "python" => install_tools(root).and_then(|_| wheel(root, target, manylinux)).map(|_| ()),
        "sdist" => install_tools(root).and_then(|_| sdist(root)).map(|_| ()),
        _ => addon(root, target),
    }
}

/// The venv's `maturin` with the venv on `PATH` (so it finds the venv's Python).
fn maturin(root: &Path, args: &[&str]) -> Result<(), String> {
    let bin = venv_bin(root);
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(&inherited)))
        .map_err(|e| format!("PATH: {e}"))?;
    let env = [("PATH", path.to_string_lossy().into_owned()), ("VIRTUAL_ENV", venv(root).to_string_lossy().into_owned())];
    run_with_env(root, &bin.join("maturin").to_string_lossy(), args, &env)
}

/// Builds the abi3 wheel into `target/dist/python` and returns its path.
pub fn wheel(root: &Path, target: Option<&str>, manylinux: Option<&str>) -> Result<PathBuf, String> {
    let out = root.join(DIST).join("python");
    let _ = std::fs::remove_dir_all(&out);
    let mut args: Vec<String> = ["build", "--release", "--manifest-path", "bindings/python/Cargo.toml", "--out"].map(String::from).to_vec();
    args.push(out.to_string_lossy().into_owned());
    if let Some(target) = target {
        args.extend(["--target".to_owned(), target.to_owned()]);
    }
    if let Some(version) = manylinux {
        // zig links against the old glibc that the manylinux tag promises.
        args.extend(["--zig".to_owned(), "--compatibility".to_owned(), format!("manylinux{}", version.trim_start_matches("manylinux"))]);
    }
    maturin(root, &args.iter().map(String::as_str).collect::<Vec<_>>())?;
    find_file(&out, |name| name.ends_with(".whl")).map_err(|_| format!("maturin wrote no wheel to {}", out.display()))
}

/// The wheel `cargo xtask dist python` built last.
pub fn built_wheel(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(DIST).join("python");
    find_file(&dir, |name| name.ends_with(".whl")).map_err(|_| format!("no wheel in {}: run `cargo xtask dist python` first", dir.display()))
}

/// Builds the source distribution into `target/dist/sdist` and returns its path.
pub fn sdist(root: &Path) -> Result<PathBuf, String> {
    let out = root.join(DIST).join("sdist");
    let _ = std::fs::remove_dir_all(&out);
    maturin(root, &["sdist", "--manifest-path", "bindings/python/Cargo.toml", "--out", &out.to_string_lossy()])?;
    find_file(&out, |name| name.ends_with(".tar.gz")).map_err(|_| "maturin wrote no sdist".to_owned())
}

/// `npm ci` (the committed lock, unchanged) and the release addon for this platform (or
/// `target`), named `okta-admin.<platform>.node` as napi-rs's per-platform packages expect.
pub fn addon(root: &Path, target: Option<&str>) -> Result<(), String> {
    let dir = root.join("bindings/node");
    run(&dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    // A plain `okta-admin.node` from an earlier build would shadow the platform build.
    let _ = std::fs::remove_file(dir.join("okta-admin.node"));
    let mut args = vec!["napi", "build", "--release", "--platform"];
    if let Some(target) = target {
        args.extend(["--target", target]);
    }
    run(&dir, "npx", &args)
}

/// `cargo xtask packages`: lists what each package would hold (`cargo package --list`, the
/// sdist, `npm pack --dry-run`) and checks it: what users need, and no tests, fixtures, keys,
/// Rust sources in the npm package, or stray crates in the sdist.
pub fn packages(root: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    for name in CRATES {
        let files = command_lines(root, "cargo", &["package", "--list", "--allow-dirty", "-p", name])?;
        let entry = if *name == "okta-admin-cli" { "src/main.rs" } else { "src/lib.rs" };
        problems.extend(check(&format!("crate {name}"), &files, &["Cargo.toml", "README.md", entry], &["tests/", "examples/", "fixtures", ".pem", ".jwk"]));
    }
    let sdist = sdist(root)?;
    let listing = command_lines(root, "tar", &["tzf", &sdist.to_string_lossy()])?;
    let files: Vec<String> = listing.iter().filter_map(|l| l.split_once('/').map(|(_, rest)| rest.to_owned())).filter(|f| !f.is_empty() && !f.ends_with('/')).collect();
    problems.extend(check(
        "the Python sdist",
        &files,
        &["pyproject.toml", "LICENSE", "README.md", "Cargo.lock", "bindings/python/src/lib.rs", "crates/okta-admin-runtime/src/lib.rs", "python/okta_admin/__init__.py", "python/okta_admin/py.typed"],
        &["tests/", "fixtures", ".pem", "crates/okta-mock", "crates/okta-admin/", "okta-admin-cli", "bindings/node", "xtask", "benches"],
    ));
    let dir = root.join("bindings/node");
    let packed = command_lines(&dir, "npm", &["pack", "--dry-run", "--json"])?.join("\n");
    let json: serde_json::Value = serde_json::from_str(&packed).map_err(|e| format!("npm pack --json: {e}"))?;
    let files: Vec<String> = json[0]["files"].as_array().into_iter().flatten().filter_map(|f| f["path"].as_str().map(str::to_owned)).collect();
    problems.extend(check(
        "the npm package",
        &files,
        &["package.json", "LICENSE", "README.md", "index.js", "index.mjs", "index.d.ts", "lib/native.js", "lib/runtime.js", "lib/runtime.d.ts", "src/generated/client.js"],
        &[".rs", "Cargo", "tests/", ".node", "build.rs", "tsconfig"],
    ));
    problems.extend(lock_is_stable(root)?);
    let license = read(&root.join("LICENSE"))?;
    for copy in ["bindings/node/LICENSE", "bindings/python/LICENSE"] {
        if read(&root.join(copy))? != license {
            problems.push(format!("{copy} differs from LICENSE"));
        }
    }
    if problems.is_empty() {
        eprintln!("packages: {} crates, the sdist and the npm package hold what they should", CRATES.len());
        Ok(())
    } else {
        Err(format!("package contents:\n  {}", problems.join("\n  ")))
    }
}

/// `npm install` (as a user runs it) would leave the committed `package-lock.json` as it is:
/// checked on a copy of the manifest and lock, resolved again without installing.
fn lock_is_stable(root: &Path) -> Result<Vec<String>, String> {
    let scratch = root.join("target/npm-lock-check");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let lock = read(&root.join("bindings/node/package-lock.json"))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(root.join("bindings/node").join(file), scratch.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    command_lines(&scratch, "npm", &["install", "--package-lock-only", "--no-audit", "--no-fund"])?;
    Ok(if read(&scratch.join("package-lock.json"))? == lock {
        Vec::new()
    } else {
        vec!["`npm install` rewrites bindings/node/package-lock.json: run it there and commit the lock".to_owned()]
    })
}

/// Missing required files and files matching a forbidden pattern.
fn check(package: &str, files: &[String], required: &[&str], forbidden: &[&str]) -> Vec<String> {
    let mut problems: Vec<String> = required.iter().filter(|r| !files.iter().any(|f| f == *r)).map(|r| format!("{package} lacks {r}")).collect();
    for file in files {
        if let Some(pattern) = forbidden.iter().find(|p| file.contains(**p)) {
            problems.push(format!("{package} holds {file} (matches `{pattern}`)"));
        }
    }
    problems
}

/// The lines a command prints on stdout; fails with its stderr.
fn command_lines(dir: &Path, program: &str, args: &[&str]) -> Result<Vec<String>, String> {
    let output = Command::new(program).args(args).current_dir(dir).output().map_err(|e| format!("{program}: {e}"))?;
    if !output.status.success() {
        return Err(format!("`{program} {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_toml(path: &Path) -> Result<DocumentMut, String> {
    read(path)?.parse::<DocumentMut>().map_err(|e| format!("{}: {e}", path.display()))
}

fn edit_toml(path: &Path, edit: impl FnOnce(&mut DocumentMut)) -> Result<(), String> {
    let mut doc = read_toml(path)?;
    edit(&mut doc);
    std::fs::write(path, doc.to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cargo, the runtime's dependents, pyproject, package.json and its lock agree.
    /// Every `run:` step of every job of a workflow, parsed by a YAML parser.
    fn run_steps(file: &str) -> Vec<String> {
        let text = read(&crate::workspace_root().join(".github/workflows").join(file)).unwrap_or_else(|e| panic!("{e}"));
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let jobs = docs[0]["jobs"].as_hash().unwrap_or_else(|| panic!("{file}: no jobs"));
        let mut runs = Vec::new();
        for (name, job) in jobs {
            let steps = job["steps"].as_vec().unwrap_or_else(|| panic!("{file}: job {name:?} has no steps"));
            runs.extend(steps.iter().filter_map(|step| step["run"].as_str().map(str::to_owned)));
        }
        runs
    }

    /// `cargo xtask <command> …` with a command and arguments `cargo xtask` accepts.
    fn assert_real_xtask_command(file: &str, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let usage_names = crate::USAGE.lines().skip(1).filter_map(|l| l.strip_prefix("  ")).filter_map(|l| l.split_whitespace().next());
        let known: Vec<&str> = usage_names.collect();
        assert!(known.contains(&words[2]), "{file}: `{line}`: no such xtask command ({known:?})");
        match words[2] {
            "test" => assert!(words[3..].iter().all(|w| crate::tasks::TEST_PARTS.contains(w) || *w == "--prebuilt"), "{file}: `{line}`"),
            "dist" => assert!(DIST_PACKAGES.contains(&words[3]), "{file}: `{line}`"),
            _ => {}
        }
    }

    /// The workflows parse, build and test with `cargo xtask` commands (the ones CI runs here),
    /// and CI runs the README's test command through `.ci/run`.
    #[test]
    fn workflows_run_the_same_commands_as_xtask() {
        let ci = run_steps("ci.yml");
        assert!(ci.iter().any(|r| r == "bash .ci/run"), "{ci:?}");
        let ci_script = read(&crate::workspace_root().join(".ci/run")).unwrap_or_default();
        assert!(ci_script.lines().any(|l| l.trim() == "cargo xtask test"), ".ci/run runs `cargo xtask test`");
        let release = run_steps("release.yml");
        let xtask: Vec<&String> = release.iter().filter(|r| r.starts_with("cargo xtask ")).collect();
        for line in &xtask {
            assert_real_xtask_command("release.yml", line);
        }
        for needed in ["cargo xtask version --check", "cargo xtask dist python", "cargo xtask dist sdist", "cargo xtask dist node", "cargo xtask test python --prebuilt", "cargo xtask test node --prebuilt"] {
            assert!(xtask.iter().any(|l| l.starts_with(needed)), "release.yml runs `{needed}`");
        }
        for name in CRATES {
            assert!(release.iter().any(|r| r == &format!("cargo publish -p {name}")), "release.yml publishes {name}");
        }
    }

    #[test]
    fn one_version_everywhere() {
        let version = check_versions(&crate::workspace_root()).unwrap_or_else(|e| panic!("{e}"));
        assert!(version.split('.').all(|n| n.parse::<u64>().is_ok()), "{version}");
    }
}
