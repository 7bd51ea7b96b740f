//! `cargo xtask bench`: okta-admin against Okta's official SDKs, side by side on one okta-mock.
//!
//! ```text
//! cargo xtask bench [--quick] [--runs N] [--users N] [--gets N] [--concurrency N]
//!                   [--only rust,python,node,build] [--no-builds] [--out FILE]
//! ```
//!
//! 1. Installs what it needs: a release `okta-mock` and `okta-bench` (benches/rust), the venv
//!    `target/venv-bench` with PyPI `okta` (benches/python/requirements.txt) and our wheel built
//!    in release by pip/maturin, `npm install` in benches/node (`@okta/okta-sdk-nodejs`) and our
//!    addon built in release by `napi build` into `target/bench/node`.
//! 2. Starts one release `okta-mock` seeded with `--users` users (20 000) and runs, `--runs` times
//!    (7; 3 with `--quick`), each implementation in a process of its own, ours and theirs
//!    interleaved (the order alternates between runs): (a) list every user in pages of 200,
//!    (b) `--gets` sequential `get user`, (c) the same gets with `--concurrency` in flight,
//!    (d) import (Python and Node), (e) peak RSS of the process that ran (a)-(c).
//! 3. Times `cargo xtask codegen` and clean debug and release builds of each crate in a snapshot
//!    of the sources (`target/bench/tree`, each build in a fresh `CARGO_TARGET_DIR`), and measures
//!    the wheel, the addon and the official packages as installed.
//! 4. Writes the results between the `bench:results` markers of `BENCHMARKS.md` (the analysis
//!    around them is kept), or to `target/bench/BENCHMARKS.quick.md` with `--quick`.
//!
//! Every step fails loudly: a failing command stops the bench with its command line.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::tasks;

/// The API token the mock is started with and every benchmark sends.
const TOKEN: &str = "bench-token";
/// Each section of results sits between `<!-- bench:NAME:start … -->` and `<!-- bench:NAME:end -->`
/// in BENCHMARKS.md; a run rewrites the sections it measured and keeps everything else.
const SECTIONS: [&str; 4] = ["runtime", "sizes", "codegen", "builds"];

struct Options {
    quick: bool,
    runs: usize,
    users: usize,
    gets: usize,
    concurrency: usize,
    limit: usize,
    only: Vec<String>,
    builds: bool,
    out: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = Options {
            quick,
            runs: if quick { 3 } else { 7 },
            users: if quick { 2_000 } else { 20_000 },
            gets: if quick { 200 } else { 2_000 },
            concurrency: 32,
            limit: 200,
            only: ["rust", "python", "node", "build"]
                .map(String::from)
                .to_vec(),
            builds: false,
            out: None,
        };
        let mut iter = args.iter();
        while let Some(flag) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            let number = |v: String| {
                v.parse::<usize>()
                    .map_err(|_| format!("{flag}: {v:?} is not a number"))
            };
            match flag.as_str() {
                "--quick" => {}
                "--runs" => options.runs = number(value()?)?.max(1),
                "--users" => options.users = number(value()?)?,
                "--gets" => options.gets = number(value()?)?.max(1),
                "--concurrency" => options.concurrency = number(value()?)?.max(1),
                "--only" => options.only = value()?.split(',').map(|s| s.trim().to_owned()).collect(),
                "--no-builds" => options.builds = false,
                "--builds" => options.builds = true,
                "--out" => options.out = Some(PathBuf::from(value()?)),
                other => {
                    return Err(format!(
                        "unknown flag {other}; usage: cargo xtask bench [--quick] [--runs N] [--users N] [--gets N] \
                         [--concurrency N] [--only rust,python,node,build] [--no-builds|--builds] [--out FILE]"
                    ))
                }
            }
        }
        if let Some(unknown) = options
            .only
            .iter()
            .find(|o| !["rust", "python", "node", "build"].contains(&o.as_str()))
        {
            return Err(format!(
                "--only: unknown part {unknown:?} (rust, python, node, build)"
            ));
        }
        Ok(options)
    }

    fn wants(&self, part: &str) -> bool {
        self.only.iter().any(|o| o == part)
    }
}

/// Runs every benchmark and writes `BENCHMARKS.md`.
pub fn run(root: &Path) -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let options = Options::parse(&args)?;
    let started = Instant::now();
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("{}: {e}", bench_dir.display()))?;

    // 1. Everything the benchmarks need, built or installed now.
    tasks::run(
        root,
        "cargo",
        &["build", "--release", "-p", "okta-mock", "-p", "okta-bench"],
    )?;
    let python = if options.wants("python") || options.wants("build") {
        Some(setup_python(root)?)
    } else {
        None
    };
    let node = if options.wants("node") || options.wants("build") {
        Some(setup_node(root)?)
    } else {
        None
    };

    let mut report = Report {
        environment: environment(root, python.as_ref(), node.as_ref()),
        ..Default::default()
    };

    // 2. The runtime benchmarks against one mock.
    let suites = suites(root, &options, python.as_ref(), node.as_ref());
    if !suites.is_empty() {
        let users = options.users.to_string();
        let mock = Mock::start(
            &root.join("target/release/okta-mock"),
            &["--seed-users", &users, "--token", TOKEN],
        )?;
        eprintln!("\n==> okta-mock (release, {users} users) at {}", mock.url);
        let ids = bench_dir.join("ids.txt");
        measure(
            root,
            &[
                path_str(&root.join("target/release/okta-bench")),
                "ids".into(),
                "--url".into(),
                mock.url.clone(),
                "--token".into(),
                TOKEN.into(),
                "--count".into(),
                options.gets.min(options.users).max(1).to_string(),
                "--out".into(),
                path_str(&ids),
            ],
            &[],
        )?;
        let mut runtime = run_suites(root, &suites, &mock.url, &ids)?;
        if let Some(rust) = suites.iter().find(|s| s.language == "Rust") {
            runtime.instructions = instructions(root, rust, &mock.url, &ids)?;
        }
        report.runtime = Some(runtime);
    }

    // 3. Codegen, clean builds and package sizes.
    if options.wants("build") {
        report.sizes = Some(sizes(root, python.as_ref(), node.as_ref())?);
        report.builds = Some(builds(root, &options)?);
    }

    // 4. The report.
    report.seconds = started.elapsed().as_secs_f64();
    let sections = report.markdown(&options);
    let raw = bench_dir.join("results.json");
    std::fs::write(
        &raw,
        serde_json::to_string_pretty(&report.raw()).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", raw.display()))?;
    let out = options.out.clone().unwrap_or_else(|| {
        if options.quick {
            bench_dir.join("BENCHMARKS.quick.md")
        } else {
            root.join("BENCHMARKS.md")
        }
    });
    write_sections(&out, &sections)?;
    for (_, text) in &sections {
        eprintln!("\n{text}");
    }
    eprintln!(
        "==> wrote {} (raw samples: {}) in {:.0} s",
        out.display(),
        raw.display(),
        report.seconds
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Setup

struct PythonSetup {
    python: String,
    wheel: PathBuf,
}

/// The bench venv with PyPI `okta` (pinned) and our wheel, built in release by pip + maturin.
fn setup_python(root: &Path) -> Result<PythonSetup, String> {
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

struct NodeSetup {
    addon: PathBuf,
}

/// `npm install` of the official SDK in benches/node, and our addon built in release into
/// `target/bench/node` (loaded through `OKTA_ADMIN_NATIVE`, so that no other build of it is picked).
fn setup_node(root: &Path) -> Result<NodeSetup, String> {
    tasks::run(
        &root.join("benches/node"),
        "npm",
        &["install", "--no-audit", "--no-fund"],
    )?;
    let package = root.join("bindings/node");
    tasks::run(&package, "npm", &["install", "--no-audit", "--no-fund"])?;
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

// ---------------------------------------------------------------------------------------------
// Runtime benchmarks

/// One implementation of a language: how to run its workload and (optionally) its import.
struct Subject {
    name: &'static str,
    run: Vec<String>,
    import: Option<Vec<String>>,
    env: Vec<(String, String)>,
}

/// Ours first, then the baseline(s) it is compared with.
struct Suite {
    language: &'static str,
    /// How many runs: the Rust processes take about a second, so they get three times as many.
    runs: usize,
    subjects: Vec<Subject>,
}

fn suites(
    root: &Path,
    options: &Options,
    python: Option<&PythonSetup>,
    node: Option<&NodeSetup>,
) -> Vec<Suite> {
    let common = |ids: &str| -> Vec<String> {
        vec![
            "--token".into(),
            TOKEN.into(),
            "--ids".into(),
            ids.into(),
            "--users".into(),
            options.users.to_string(),
            "--limit".into(),
            options.limit.to_string(),
            "--gets".into(),
            options.gets.to_string(),
            "--concurrency".into(),
            options.concurrency.to_string(),
        ]
    };
    // `{url}` and `{ids}` are filled in once the mock runs.
    let mut suites = Vec::new();
    if options.wants("rust") {
        let bin = path_str(&root.join("target/release/okta-bench"));
        let subject = |name: &'static str, implementation: &str| Subject {
            name,
            run: [
                vec![
                    bin.clone(),
                    "run".into(),
                    "--impl".into(),
                    implementation.into(),
                    "--url".into(),
                    "{url}".into(),
                ],
                common("{ids}"),
            ]
            .concat(),
            import: None,
            env: Vec::new(),
        };
        suites.push(Suite {
            language: "Rust",
            runs: options.runs * 3,
            subjects: vec![
                subject("ours", "ours"),
                subject("floor", "floor"),
                subject("floor-bytes", "floor-bytes"),
            ],
        });
    }
    if let (true, Some(python)) = (options.wants("python"), python) {
        let script = path_str(&root.join("benches/python/bench.py"));
        let subject = |name: &'static str| Subject {
            name,
            run: [
                vec![
                    python.python.clone(),
                    script.clone(),
                    "run".into(),
                    "--impl".into(),
                    name.into(),
                    "--url".into(),
                    "{url}".into(),
                ],
                common("{ids}"),
            ]
            .concat(),
            import: Some(vec![
                python.python.clone(),
                script.clone(),
                "import".into(),
                "--impl".into(),
                name.into(),
                "--url".into(),
                "{url}".into(),
                "--token".into(),
                TOKEN.into(),
            ]),
            env: Vec::new(),
        };
        suites.push(Suite {
            language: "Python",
            runs: options.runs,
            subjects: vec![subject("ours"), subject("okta")],
        });
    }
    if let (true, Some(node)) = (options.wants("node"), node) {
        let script = path_str(&root.join("benches/node/bench.mjs"));
        let env = vec![("OKTA_ADMIN_NATIVE".to_string(), path_str(&node.addon))];
        let subject = |name: &'static str| Subject {
            name,
            run: [
                vec![
                    "node".into(),
                    script.clone(),
                    "run".into(),
                    "--impl".into(),
                    name.into(),
                    "--url".into(),
                    "{url}".into(),
                ],
                common("{ids}"),
            ]
            .concat(),
            import: Some(vec![
                "node".into(),
                script.clone(),
                "import".into(),
                "--impl".into(),
                name.into(),
                "--url".into(),
                "{url}".into(),
                "--token".into(),
                TOKEN.into(),
            ]),
            env: if name == "ours" {
                env.clone()
            } else {
                Vec::new()
            },
        };
        suites.push(Suite {
            language: "Node",
            runs: options.runs,
            subjects: vec![subject("ours"), subject("okta")],
        });
    }
    suites
}

/// Samples per language, per implementation, per metric.
type Samples = BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<f64>>>>;

struct Runtime {
    samples: Samples,
    commands: Vec<(String, String)>,
    /// Runs per language.
    runs: Vec<(String, usize)>,
    /// Instructions the Rust client executes for the whole workload (callgrind), per implementation.
    instructions: Vec<(String, u64)>,
}

fn run_suites(root: &Path, suites: &[Suite], url: &str, ids: &Path) -> Result<Runtime, String> {
    let fill = |command: &[String]| -> Vec<String> {
        command
            .iter()
            .map(|a| a.replace("{url}", url).replace("{ids}", &path_str(ids)))
            .collect()
    };
    let mut samples = Samples::new();
    let mut commands = Vec::new();
    for suite in suites {
        for subject in &suite.subjects {
            let env: String = subject
                .env
                .iter()
                .map(|(k, v)| format!("{k}={} ", relative(root, v)))
                .collect();
            let shown = |c: &[String]| {
                format!(
                    "{env}{}",
                    c.iter()
                        .map(|a| relative(
                            root,
                            &a.replace("{url}", "$URL")
                                .replace("{ids}", "target/bench/ids.txt")
                        ))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            };
            commands.push((
                format!("{} {}", suite.language, subject.name),
                shown(&subject.run),
            ));
            if let Some(import) = &subject.import {
                commands.push((
                    format!("{} {} import", suite.language, subject.name),
                    shown(import),
                ));
                // One untimed import first: Python compiles its bytecode caches on the first one.
                measure(root, &fill(import), &subject.env)?;
            }
        }
    }
    let most = suites.iter().map(|s| s.runs).max().unwrap_or(0);
    for run in 0..most {
        for suite in suites.iter().filter(|s| run < s.runs) {
            // Ours and theirs alternate who goes first, so that neither always gets the warmer machine.
            let mut order: Vec<&Subject> = suite.subjects.iter().collect();
            let first = run % order.len();
            order.rotate_left(first);
            for subject in order {
                eprintln!(
                    "==> run {}/{}: {} {}",
                    run + 1,
                    suite.runs,
                    suite.language,
                    subject.name
                );
                let mut record = |result: Value| {
                    let metrics = samples
                        .entry(suite.language.into())
                        .or_default()
                        .entry(subject.name.into())
                        .or_default();
                    if let Value::Object(map) = result {
                        for (key, value) in map {
                            if let Some(number) = value.as_f64() {
                                metrics.entry(key).or_default().push(number);
                            }
                        }
                    }
                };
                record(measure(root, &fill(&subject.run), &subject.env)?);
                if let Some(import) = &subject.import {
                    record(measure(root, &fill(import), &subject.env)?);
                }
            }
        }
    }
    let runs = suites
        .iter()
        .map(|s| (s.language.to_string(), s.runs))
        .collect();
    Ok(Runtime {
        samples,
        commands,
        runs,
        instructions: Vec::new(),
    })
}

/// The instructions each Rust implementation executes for the same workload, counted by
/// callgrind: unlike times, they do not depend on what else runs on the machine. Skipped (empty)
/// when valgrind is not installed.
fn instructions(
    root: &Path,
    rust: &Suite,
    url: &str,
    ids: &Path,
) -> Result<Vec<(String, u64)>, String> {
    if Command::new("valgrind")
        .arg("--version")
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        eprintln!("==> valgrind is not installed: no instruction counts");
        return Ok(Vec::new());
    }
    let mut counts = Vec::new();
    for subject in &rust.subjects {
        let out = root.join(format!("target/bench/callgrind.{}.out", subject.name));
        let mut command = vec![
            "valgrind".to_string(),
            "--tool=callgrind".into(),
            "--quiet".into(),
            format!("--callgrind-out-file={}", path_str(&out)),
        ];
        command.extend(
            subject
                .run
                .iter()
                .map(|a| a.replace("{url}", url).replace("{ids}", &path_str(ids))),
        );
        eprintln!("==> callgrind: Rust {}", subject.name);
        measure(root, &command, &subject.env)?;
        let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        let total = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("summary:")
                    .or_else(|| l.strip_prefix("totals:"))
            })
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .ok_or_else(|| format!("{} has no totals", out.display()))?;
        counts.push((subject.name.to_string(), total));
    }
    Ok(counts)
}

/// Runs one benchmark process and parses the JSON line it prints last.
fn measure(root: &Path, command: &[String], env: &[(String, String)]) -> Result<Value, String> {
    let line = command.join(" ");
    let output = Command::new(&command[0])
        .args(&command[1..])
        .current_dir(root)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if !output.status.success() {
        return Err(format!("`{line}` failed with {}", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    serde_json::from_str(last).map_err(|e| format!("`{line}` printed {last:?}, not JSON: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Codegen, builds, sizes

/// The crates whose clean builds are timed (`--builds`), with their labels.
const CRATES: [(&str, &str); 4] = [
    ("okta-admin", "okta-admin (core)"),
    ("okta-mock", "okta-mock"),
    ("okta-admin-python", "okta-admin-python (binding)"),
    ("okta-admin-node", "okta-admin-node (binding)"),
];

struct Builds {
    codegen: Vec<f64>,
    /// (crate, profile, seconds)
    clean: Vec<(String, String, f64)>,
}

/// Times `cargo xtask codegen` and clean builds in a snapshot of the sources, so that neither
/// touches the work tree nor sees a half-edited file.
fn builds(root: &Path, options: &Options) -> Result<Builds, String> {
    let tree = root.join("target/bench/tree");
    let _ = std::fs::remove_dir_all(&tree);
    copy_tree(root, &tree)?;
    let tree_target = path_str(&root.join("target/bench/tree-target"));
    tasks::run(
        &tree,
        "cargo",
        &["build", "-p", "xtask", "--target-dir", &tree_target],
    )?;
    let mut codegen = Vec::new();
    for _ in 0..options.runs.clamp(3, 5) {
        codegen.push(timed(
            &tree,
            "cargo",
            &["xtask", "codegen"],
            &[("CARGO_TARGET_DIR", &tree_target)],
        )?);
    }
    let mut clean = Vec::new();
    let crates = if options.builds { &CRATES[..] } else { &[][..] };
    for &(krate, label) in crates {
        for profile in ["debug", "release"] {
            let target = root.join(format!("target/bench/clean-{krate}-{profile}"));
            let _ = std::fs::remove_dir_all(&target);
            let mut args = vec!["build", "-p", krate];
            if profile == "release" {
                args.push("--release");
            }
            let seconds = timed(
                &tree,
                "cargo",
                &args,
                &[("CARGO_TARGET_DIR", &path_str(&target))],
            )?;
            clean.push((label.to_string(), profile.to_string(), seconds));
            let _ = std::fs::remove_dir_all(&target);
        }
    }
    Ok(Builds { codegen, clean })
}

fn timed(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<f64, String> {
    let line = format!("{program} {}", args.join(" "));
    eprintln!("\n==> (timed) {line}   (in {})", dir.display());
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{line}` failed with {status}"));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Copies the sources (not `target`, `node_modules`, `.git` nor built extension modules).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if ["target", "node_modules", ".git"].contains(&name.as_str())
            || name.ends_with(".so")
            || name.ends_with(".node")
        {
            continue;
        }
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

struct Sizes {
    /// (what, ours bytes, theirs bytes, theirs label)
    rows: Vec<(String, u64, u64, String)>,
}

fn sizes(
    root: &Path,
    python: Option<&PythonSetup>,
    node: Option<&NodeSetup>,
) -> Result<Sizes, String> {
    let mut rows = Vec::new();
    if let Some(python) = python {
        let site = site_packages(&root.join("target/venv-bench"))?;
        let ours = dir_size(&site.join("okta_admin"));
        let wheel = file_size(&python.wheel);
        let okta = dir_size(&site.join("okta"));
        // The official SDK's installed dependency closure is everything else in the venv but the
        // venv's own tools (pip, setuptools) and our package.
        let mut with_deps = 0;
        for entry in std::fs::read_dir(&site)
            .map_err(|e| format!("{}: {e}", site.display()))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let tool = [
                "pip",
                "setuptools",
                "_distutils_hack",
                "pkg_resources",
                "okta_admin",
                "distutils-precedence.pth",
            ]
            .iter()
            .any(|t| name == *t || name.starts_with(&format!("{t}-")));
            if !tool {
                with_deps += dir_size(&entry.path());
            }
        }
        rows.push((
            "Python wheel (ours) / `okta` installed".into(),
            wheel,
            okta,
            "package alone".into(),
        ));
        rows.push((
            "Python installed: `okta_admin` / `okta`".into(),
            ours,
            okta,
            "package alone".into(),
        ));
        rows.push((
            "Python installed: `okta_admin` (no deps) / `okta` + deps".into(),
            ours,
            with_deps,
            "with its dependencies".into(),
        ));
    }
    if let Some(node) = node {
        let addon = file_size(&node.addon);
        let package = root.join("bindings/node");
        let js: u64 = [
            "index.js",
            "index.mjs",
            "index.d.ts",
            "lib",
            "src/generated/client.js",
            "package.json",
        ]
        .iter()
        .map(|p| dir_size(&package.join(p)))
        .sum();
        let official = dir_size(&root.join("benches/node/node_modules/@okta/okta-sdk-nodejs"));
        let official_deps = dir_size(&root.join("benches/node/node_modules"));
        rows.push((
            "Node `.node` addon (ours) / `@okta/okta-sdk-nodejs` installed".into(),
            addon,
            official,
            "package alone".into(),
        ));
        rows.push((
            "Node package (addon + JS + types) / `@okta/okta-sdk-nodejs`".into(),
            addon + js,
            official,
            "package alone".into(),
        ));
        rows.push((
            "Node package (no deps) / `@okta/okta-sdk-nodejs` + deps".into(),
            addon + js,
            official_deps,
            "with its dependencies".into(),
        ));
    }
    Ok(Sizes { rows })
}

fn site_packages(venv: &Path) -> Result<PathBuf, String> {
    let lib = venv.join("lib");
    let python = find_file(&lib, |name| name.starts_with("python"))?;
    Ok(python.join("site-packages"))
}

/// Apparent size in bytes of a file or a folder (recursively; symlinks not followed).
fn dir_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Report

#[derive(Default)]
struct Report {
    environment: Vec<(String, String)>,
    runtime: Option<Runtime>,
    sizes: Option<Sizes>,
    builds: Option<Builds>,
    seconds: f64,
}

/// A metric compared between ours and a baseline, with its target speed-up.
struct Row {
    language: &'static str,
    label: &'static str,
    metric: &'static str,
    unit: Unit,
    ours: &'static str,
    theirs: &'static str,
    /// Minimum speed-up (theirs / ours) wanted, or for the floor the maximum ours / floor.
    target: Option<Target>,
}

#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    KiB,
}

#[derive(Clone, Copy)]
enum Target {
    /// theirs / ours at least this.
    SpeedUp(f64),
    /// ours / floor at most this.
    Within(f64),
}

const ROWS: &[Row] = &[
    Row {
        language: "Python",
        label: "(a) list all users (pages of 200)",
        metric: "list_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: Some(Target::SpeedUp(5.0)),
    },
    Row {
        language: "Python",
        label: "(b) sequential `get user`",
        metric: "seq_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: Some(Target::SpeedUp(5.0)),
    },
    Row {
        language: "Python",
        label: "(c) `get user`, 32 in flight (asyncio)",
        metric: "conc_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Python",
        label: "(a) CPU time of the process (all threads)",
        metric: "list_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Python",
        label: "(b) CPU time of the process",
        metric: "seq_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Python",
        label: "(c) CPU time of the process",
        metric: "conc_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Python",
        label: "(d) import",
        metric: "import_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: Some(Target::SpeedUp(10.0)),
    },
    Row {
        language: "Python",
        label: "(d') import + first client",
        metric: "import_client_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Python",
        label: "(e) peak RSS after (a)-(c)",
        metric: "rss_kb",
        unit: Unit::KiB,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(a) list all users (pages of 200)",
        metric: "list_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: Some(Target::SpeedUp(2.0)),
    },
    Row {
        language: "Node",
        label: "(b) sequential `get user`",
        metric: "seq_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: Some(Target::SpeedUp(2.0)),
    },
    Row {
        language: "Node",
        label: "(c) `get user`, 32 in flight",
        metric: "conc_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(a) CPU time of the process (all threads)",
        metric: "list_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(b) CPU time of the process",
        metric: "seq_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(c) CPU time of the process",
        metric: "conc_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(d) import + first client",
        metric: "import_client_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Node",
        label: "(e) peak RSS after (a)-(c)",
        metric: "rss_kb",
        unit: Unit::KiB,
        ours: "ours",
        theirs: "okta",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(a) list all users vs reqwest+serde floor",
        metric: "list_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: Some(Target::Within(1.2)),
    },
    Row {
        language: "Rust",
        label: "(b) sequential `get user` vs floor",
        metric: "seq_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: Some(Target::Within(1.2)),
    },
    Row {
        language: "Rust",
        label: "(c) `get user`, 32 in flight vs floor",
        metric: "conc_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: Some(Target::Within(1.2)),
    },
    Row {
        language: "Rust",
        label: "(a) CPU time of the process vs floor",
        metric: "list_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(b) CPU time vs floor",
        metric: "seq_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(c) CPU time vs floor",
        metric: "conc_cpu_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(e) peak RSS vs floor",
        metric: "rss_kb",
        unit: Unit::KiB,
        ours: "ours",
        theirs: "floor",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(a) list vs bytes-only floor (no JSON decoding)",
        metric: "list_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor-bytes",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(b) sequential gets vs bytes-only floor",
        metric: "seq_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor-bytes",
        target: None,
    },
    Row {
        language: "Rust",
        label: "(c) 32 in flight vs bytes-only floor",
        metric: "conc_s",
        unit: Unit::Seconds,
        ours: "ours",
        theirs: "floor-bytes",
        target: None,
    },
];

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(|a, b| a.total_cmp(b));
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    })
}

fn show(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Seconds if value < 1.0 => format!("{:.1} ms", value * 1000.0),
        Unit::Seconds => format!("{value:.2} s"),
        Unit::KiB => format!("{:.1} MiB", value / 1024.0),
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

impl Report {
    /// The markdown of each section measured in this run, by section name.
    fn markdown(&self, options: &Options) -> Vec<(&'static str, String)> {
        let mut sections = Vec::new();
        let mode = if options.quick {
            " (`--quick`: fewer users, gets and runs; for iteration, not for quoting)"
        } else {
            ""
        };
        let mut environment = String::from("| environment | |\n|---|---|\n");
        for (key, value) in &self.environment {
            environment.push_str(&format!("| {key} | {value} |\n"));
        }
        environment.push('\n');

        if let Some(runtime) = &self.runtime {
            let mut md = format!("### Runtime{mode}\n\n");
            md.push_str(&format!(
                "Written by `cargo xtask bench{}` (whole bench: {:.0} s). One release `okta-mock` seeded with {} users on \
                 127.0.0.1; every implementation runs in a process of its own, ours and theirs interleaved \
                 (alternating who goes first); {} gets for (b) and for (c), {} in flight for (c).\n\n",
                if options.quick { " --quick" } else { "" },
                self.seconds,
                options.users,
                options.gets,
                options.concurrency,
            ));
            md.push_str(&environment);
            md.push_str(&format!(
                "Ours / theirs (< 1 means ours is faster or smaller). \
                 Ratio = median over the runs ({}) of the paired ratio ours / theirs of the same run \
                 (the pairing cancels most of the load that other work on the machine adds); \
                 the medians of the absolute values are shown beside it, and the ratio of the best \
                 (smallest) values, which noise can only inflate. *Ceiling* is theirs / the Rust reqwest+serde \
                 floor (medians): the speed-up a client that costs nothing beyond HTTP and JSON decoding would get \
                 against the same mock, which does its own work for every request.\n\n\
                 | | benchmark | ours (median) | theirs (median) | ours / theirs | speed-up | best / best | ceiling | target | |\n\
                 |---|---|---|---|---|---|---|---|---|---|\n",
                runtime.runs.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join(", ")
            ));
            for row in ROWS {
                let Some(lang) = runtime.samples.get(row.language) else {
                    continue;
                };
                let (Some(ours), Some(theirs)) = (
                    lang.get(row.ours).and_then(|m| m.get(row.metric)),
                    lang.get(row.theirs).and_then(|m| m.get(row.metric)),
                ) else {
                    continue;
                };
                let ratios: Vec<f64> = ours.iter().zip(theirs).map(|(o, t)| o / t).collect();
                let (Some(ratio), Some(o), Some(t)) =
                    (median(&ratios), median(ours), median(theirs))
                else {
                    continue;
                };
                let (target, verdict) = match row.target {
                    Some(Target::SpeedUp(x)) => (
                        format!("≥ {x}× faster"),
                        if 1.0 / ratio >= x {
                            "met"
                        } else {
                            "**missed**"
                        },
                    ),
                    Some(Target::Within(x)) => (
                        format!("≤ {x}× the floor"),
                        if ratio <= x { "met" } else { "**missed**" },
                    ),
                    None => (String::new(), ""),
                };
                let baseline = match (row.language, row.theirs) {
                    ("Python", _) => "okta 3.x",
                    ("Node", _) => "okta-sdk-nodejs",
                    (_, "floor") => "reqwest+serde",
                    _ => "reqwest bytes",
                };
                let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
                let floor = runtime
                    .samples
                    .get("Rust")
                    .and_then(|r| r.get("floor"))
                    .and_then(|m| m.get(row.metric))
                    .and_then(|v| median(v));
                let ceiling = match (row.language, row.metric, floor) {
                    (
                        "Python" | "Node",
                        "list_s" | "seq_s" | "conc_s" | "list_cpu_s" | "seq_cpu_s" | "conc_cpu_s",
                        Some(f),
                    ) => format!("{:.1}×", t / f),
                    _ => String::new(),
                };
                md.push_str(&format!(
                    "| {} | {} | {} | {} ({baseline}) | **{ratio:.3}** | {:.1}× | {:.3} | {ceiling} | {target} | {verdict} |\n",
                    row.language,
                    row.label,
                    show(o, row.unit),
                    show(t, row.unit),
                    1.0 / ratio,
                    best(ours) / best(theirs),
                ));
            }
            if let Some((_, ours)) = runtime.instructions.iter().find(|(n, _)| n == "ours") {
                md.push_str("\nRust, instructions executed by the client process for the whole workload (a)-(c), \
                             counted once by `valgrind --tool=callgrind` (independent of the machine's load):\n\n\
                             | implementation | instructions | ours / it |\n|---|---|---|\n");
                for (name, count) in &runtime.instructions {
                    md.push_str(&format!(
                        "| {name} | {count} | **{:.3}** |\n",
                        *ours as f64 / *count as f64
                    ));
                }
            }
            md.push_str("\nEvery sample (seconds; RSS in KiB), run by run:\n\n```text\n");
            for (language, subjects) in &runtime.samples {
                for (subject, metrics) in subjects {
                    for (metric, values) in metrics {
                        if ["listed", "gets"].contains(&metric.as_str()) {
                            continue;
                        }
                        let shown: Vec<String> = values
                            .iter()
                            .map(|v| {
                                if *v >= 100.0 {
                                    format!("{v:.0}")
                                } else {
                                    format!("{v:.4}")
                                }
                            })
                            .collect();
                        md.push_str(&format!(
                            "{language:<7}{subject:<12}{metric:<16}{}\n",
                            shown.join("  ")
                        ));
                    }
                }
            }
            md.push_str("```\n\nThe commands behind each row (`$URL` is the mock's, started as \
                         `target/release/okta-mock --port 0 --seed-users N --token bench-token`; \
                         `target/bench/ids.txt` comes from `target/release/okta-bench ids --url $URL --token bench-token --count N --out target/bench/ids.txt`):\n\n```sh\n");
            for (what, command) in &runtime.commands {
                md.push_str(&format!("# {what}\n{command}\n"));
            }
            md.push_str("```\n\n");
            sections.push(("runtime", md));
        }

        if let Some(sizes) = &self.sizes {
            let mut md = String::from(
                "### Package sizes\n\nOurs / theirs, bytes on disk as installed (`du --apparent-size`); \
                 reproduce: `cargo xtask bench --only build --no-builds`.\n\n\
                 | | ours | theirs | ours / theirs |\n|---|---|---|---|\n",
            );
            for (what, ours, theirs, label) in &sizes.rows {
                md.push_str(&format!(
                    "| {what} | {} | {} ({label}) | **{:.3}** |\n",
                    mib(*ours),
                    mib(*theirs),
                    *ours as f64 / (*theirs).max(1) as f64
                ));
            }
            md.push('\n');
            sections.push(("sizes", md));
        }

        if let Some(builds) = &self.builds {
            if let Some(m) = median(&builds.codegen) {
                let all: Vec<String> = builds.codegen.iter().map(|s| format!("{s:.2}")).collect();
                sections.push((
                    "codegen",
                    format!(
                        "### Codegen\n\n`cargo xtask codegen` (the whole spec: parse, IR, every generated file of the three \
                         packages, formatted), xtask already built, in a snapshot of the sources: **{m:.2} s**, median of {} \
                         runs ({} s). Reproduce: `cargo xtask bench --only build`.\n\n",
                        builds.codegen.len(),
                        all.join(", ")
                    ),
                ));
            }
            if !builds.clean.is_empty() {
                let mut md = String::from("### Clean builds\n\n");
                md.push_str(&environment);
                md.push_str("Each build in a fresh `CARGO_TARGET_DIR` (every dependency compiled too), from a snapshot of \
                             the sources, one sample each (a clean build takes minutes: medians of several would not fit \
                             the bench's time budget):\n\n| crate | debug | release |\n|---|---|---|\n");
                let mut crates: Vec<&String> = builds.clean.iter().map(|(c, _, _)| c).collect();
                crates.dedup();
                for krate in crates {
                    let time = |profile: &str| {
                        builds
                            .clean
                            .iter()
                            .find(|(c, p, _)| c == krate && p == profile)
                            .map(|(_, _, s)| format!("{s:.0} s"))
                            .unwrap_or_default()
                    };
                    md.push_str(&format!(
                        "| {krate} | {} | {} |\n",
                        time("debug"),
                        time("release")
                    ));
                }
                md.push_str("\nReproduce: `cargo xtask bench --only build --builds` (or one of them, e.g. \
                             `CARGO_TARGET_DIR=$(mktemp -d) cargo build -p okta-admin --release`).\n\n");
                sections.push(("builds", md));
            }
        }
        sections
    }

    fn raw(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert(
            "environment".into(),
            Value::Object(
                self.environment
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        );
        if let Some(runtime) = &self.runtime {
            map.insert(
                "runtime".into(),
                serde_json::to_value(&runtime.samples).unwrap_or(Value::Null),
            );
        }
        if let Some(sizes) = &self.sizes {
            map.insert(
                "sizes".into(),
                Value::Array(
                    sizes
                        .rows
                        .iter()
                        .map(|(w, o, t, _)| serde_json::json!({"what": w, "ours": o, "theirs": t}))
                        .collect(),
                ),
            );
        }
        if let Some(builds) = &self.builds {
            map.insert("codegen_s".into(), serde_json::json!(builds.codegen));
            map.insert(
                "clean_builds_s".into(),
                Value::Array(
                    builds
                        .clean
                        .iter()
                        .map(
                            |(c, p, s)| serde_json::json!({"crate": c, "profile": p, "seconds": s}),
                        )
                        .collect(),
                ),
            );
        }
        Value::Object(map)
    }
}

/// Writes each section between its markers in `path` (appending the ones it lacks), keeping the rest.
fn write_sections(path: &Path, sections: &[(&'static str, String)]) -> Result<(), String> {
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    if text.trim().is_empty() {
        text = "# Benchmarks\n".into();
    }
    for name in SECTIONS {
        let Some((_, body)) = sections.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let start = format!("<!-- bench:{name}:start (written by `cargo xtask bench`; edit outside these markers) -->");
        let end = format!("<!-- bench:{name}:end -->");
        let block = format!("{start}\n{body}{end}");
        text = match (text.find(&start), text.find(&end)) {
            (Some(s), Some(e)) if s < e => {
                format!("{}{block}{}", &text[..s], &text[e + end.len()..])
            }
            _ => format!("{}\n\n{block}\n", text.trim_end()),
        };
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn environment(
    root: &Path,
    python: Option<&PythonSetup>,
    node: Option<&NodeSetup>,
) -> Vec<(String, String)> {
    let output = |program: &str, args: &[&str]| -> String {
        Command::new(program)
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .map(|o| {
                String::from_utf8_lossy(if o.stdout.is_empty() {
                    &o.stderr
                } else {
                    &o.stdout
                })
                .trim()
                .to_string()
            })
            .unwrap_or_default()
    };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut env = vec![
        (
            "machine".to_string(),
            format!(
                "{cores} cores ({cpu}), load average at start {}",
                load.split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
        ("rustc".to_string(), output("rustc", &["--version"])),
    ];
    if let Some(python) = python {
        let version = output(&python.python, &["-c", "import sys, importlib.metadata as m; print(sys.version.split()[0], '/ okta', m.version('okta'))"]);
        env.push(("python".into(), version));
    }
    if node.is_some() {
        let official = std::fs::read_to_string(
            root.join("benches/node/node_modules/@okta/okta-sdk-nodejs/package.json"),
        )
        .ok()
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(String::from))
        .unwrap_or_default();
        env.push((
            "node".into(),
            format!(
                "{} / @okta/okta-sdk-nodejs {official}",
                output("node", &["--version"])
            ),
        ));
    }
    env
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// A release `okta-mock` process, killed on drop.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn start(binary: &Path, args: &[&str]) -> Result<Mock, String> {
        let mut child = Command::new(binary)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("okta-mock has no stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        if !url.starts_with("http://") {
            let _ = child.kill();
            return Err(format!(
                "okta-mock printed `{}` instead of its URL",
                line.trim()
            ));
        }
        // Keep draining its output so that the pipe never fills up.
        std::thread::spawn(move || for _ in reader.lines() {});
        Ok(Mock { child, url })
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_file(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
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

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn relative(root: &Path, text: &str) -> String {
    text.replace(&format!("{}/", root.display()), "")
}
