//! `cargo xtask bench`: okta-admin against Okta's official SDKs, side by side on one okta-mock.
//!
//! ```text
//! cargo xtask bench [--quick] [--runs N] [--users N] [--gets N] [--concurrency N]
//!                   [--only rust,python,node,pacing,build] [--no-builds] [--out FILE]
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
//!    Then, for pacing, `--gets` gets with 16 in flight against a mock with `--rate-limit 200/1s`,
//!    client-side pacing on and off: the total time and the 429s drawn.
//!    Then the same workloads against `okta-bench canned` (the mock's responses recorded once and
//!    served as bytes): our client in Python, Node and Rust and the Rust floors, interleaved, so
//!    that each client's own cost shows beside the Rust core's.
//! 3. Times `cargo xtask codegen` and clean debug and release builds of each crate in a snapshot
//!    of the sources (`target/bench/tree`, each build in a fresh `CARGO_TARGET_DIR`), and measures
//!    the wheel, the addon and the official packages as installed.
//! 4. Writes the results between the `bench:results` markers of `BENCHMARKS.md` (the analysis
//!    around them is kept), or to `target/bench/BENCHMARKS.quick.md` with `--quick`.
//!
//! Every step fails loudly: a failing command stops the bench with its command line.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::tasks;

mod builds;
mod pacing;
mod report;
mod runtime;
mod setup;
mod support;

use builds::*;
use pacing::*;
use report::*;
use runtime::*;
use setup::*;
use support::*;

/// The API token the mock is started with and every benchmark sends.
pub(super) const TOKEN: &str = "bench-token";
/// Each section of results sits between `<!-- bench:NAME:start … -->` and `<!-- bench:NAME:end -->`
/// in BENCHMARKS.md; a run rewrites the sections it measured and keeps everything else.
pub(super) const SECTIONS: [&str; 6] = ["runtime", "canned", "pacing", "sizes", "codegen", "builds"];

pub(super) struct Options {
    pub(super) quick: bool,
    pub(super) runs: usize,
    pub(super) users: usize,
    pub(super) gets: usize,
    pub(super) concurrency: usize,
    pub(super) limit: usize,
    pub(super) only: Vec<String>,
    pub(super) builds: bool,
    pub(super) out: Option<PathBuf>,
}

impl Options {
    pub(super) fn parse(args: &[String]) -> Result<Options, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = Options {
            quick,
            runs: if quick { 3 } else { 7 },
            users: if quick { 2_000 } else { 20_000 },
            gets: if quick { 200 } else { 2_000 },
            concurrency: 32,
            limit: 200,
            only: ["rust", "python", "node", "pacing", "build"]
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
                         [--concurrency N] [--only rust,python,node,pacing,build] [--no-builds|--builds] [--out FILE]"
                    ))
                }
            }
        }
        if let Some(unknown) = options
            .only
            .iter()
            .find(|o| !["rust", "python", "node", "pacing", "build"].contains(&o.as_str()))
        {
            return Err(format!(
                "--only: unknown part {unknown:?} (rust, python, node, pacing, build)"
            ));
        }
        Ok(options)
    }

    pub(super) fn wants(&self, part: &str) -> bool {
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

        // The same clients on a server that answers from recorded bytes: their own costs.
        let canned_suite = canned_suite(&suites, options.runs * 2);
        let canned = Mock::spawn(
            &root.join("target/release/okta-bench"),
            &["canned", "--url", &mock.url, "--token", TOKEN, "--ids", &path_str(&ids), "--limit", &options.limit.to_string()],
        )?;
        eprintln!("\n==> okta-bench canned at {}", canned.url);
        report.canned = Some(run_suites(root, &[canned_suite], &canned.url, &ids)?);
    }
    if options.wants("pacing") {
        report.pacing = Some(pacing(root, &bench_dir, options.gets)?);
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

