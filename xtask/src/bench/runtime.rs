//! The runtime benchmarks: suites per language and SDK against one okta-mock, instruction counts.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::*;

/// One implementation of a language: how to run its workload and (optionally) its import.
pub(super) struct Subject {
    pub(super) name: &'static str,
    pub(super) run: Vec<String>,
    pub(super) import: Option<Vec<String>>,
    pub(super) env: Vec<(String, String)>,
}

/// Ours first, then the baseline(s) it is compared with.
pub(super) struct Suite {
    pub(super) language: &'static str,
    /// How many runs: the Rust processes take about a second, so they get three times as many.
    pub(super) runs: usize,
    pub(super) subjects: Vec<Subject>,
}

pub(super) fn suites(
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

/// One rotation (language "Canned") of our client in every language and the Rust floors, from
/// the suites' own commands: `rust`, `floor`, `floor-bytes`, `python`, `node`.
pub(super) fn canned_suite(suites: &[Suite], runs: usize) -> Suite {
    let mut subjects = Vec::new();
    for suite in suites {
        for subject in &suite.subjects {
            let name = match (suite.language, subject.name) {
                ("Rust", "ours") => "rust",
                ("Rust", floor) => floor,
                ("Python", "ours") => "python",
                ("Node", "ours") => "node",
                _ => continue,
            };
            subjects.push(Subject { name, run: subject.run.clone(), import: None, env: subject.env.clone() });
        }
    }
    Suite { language: "Canned", runs, subjects }
}

/// Samples per language, per implementation, per metric.
type Samples = BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<f64>>>>;

pub(super) struct Runtime {
    pub(super) samples: Samples,
    pub(super) commands: Vec<(String, String)>,
    /// Runs per language.
    pub(super) runs: Vec<(String, usize)>,
    /// Instructions the Rust client executes for the whole workload (callgrind), per implementation.
    pub(super) instructions: Vec<(String, u64)>,
}

pub(super) fn run_suites(root: &Path, suites: &[Suite], url: &str, ids: &Path) -> Result<Runtime, String> {
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
pub(super) fn instructions(
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
pub(super) fn measure(root: &Path, command: &[String], env: &[(String, String)]) -> Result<Value, String> {
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
