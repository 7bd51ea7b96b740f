//! The report: rows of ratios and medians, written between the markers of BENCHMARKS.md.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::*;

#[derive(Default)]
pub(super) struct Report {
    pub(super) environment: Vec<(String, String)>,
    pub(super) runtime: Option<Runtime>,
    /// The same workloads against `okta-bench canned`.
    pub(super) canned: Option<Runtime>,
    pub(super) pacing: Option<Pacing>,
    pub(super) sizes: Option<Sizes>,
    pub(super) builds: Option<Builds>,
    pub(super) seconds: f64,
}

/// A metric compared between ours and a baseline, with its target speed-up.
pub(super) struct Row {
    pub(super) language: &'static str,
    pub(super) label: &'static str,
    pub(super) metric: &'static str,
    pub(super) unit: Unit,
    pub(super) ours: &'static str,
    pub(super) theirs: &'static str,
    /// Minimum speed-up (theirs / ours) wanted, or for the floor the maximum ours / floor.
    pub(super) target: Option<Target>,
}

#[derive(Clone, Copy)]
pub(super) enum Unit {
    Seconds,
    KiB,
}

#[derive(Clone, Copy)]
pub(super) enum Target {
    /// theirs / ours at least this.
    SpeedUp(f64),
    /// ours / floor at most this.
    Within(f64),
}

pub(super) const ROWS: &[Row] = &[
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

/// The canned-server comparisons (language "Canned"): our client in each language against the
/// Rust core, and the Rust core against the reqwest floors, on a server that costs next to nothing.
pub(super) const CANNED_ROWS: &[Row] = &[
    canned("(a) list all users", "list_s", "python", "rust", None),
    canned("(b) sequential `get user`", "seq_s", "python", "rust", Some(Target::Within(1.15))),
    canned("(c) `get user`, 32 in flight", "conc_s", "python", "rust", None),
    canned("(b) CPU time of the process", "seq_cpu_s", "python", "rust", None),
    canned("(a) list all users", "list_s", "node", "rust", None),
    canned("(b) sequential `get user`", "seq_s", "node", "rust", Some(Target::Within(1.15))),
    canned("(c) `get user`, 32 in flight", "conc_s", "node", "rust", None),
    canned("(b) CPU time of the process", "seq_cpu_s", "node", "rust", None),
    canned("(a) list all users", "list_s", "rust", "floor", None),
    canned("(b) sequential `get user`", "seq_s", "rust", "floor", Some(Target::Within(1.1))),
    canned("(c) `get user`, 32 in flight", "conc_s", "rust", "floor", None),
    canned("(b) CPU time of the process", "seq_cpu_s", "rust", "floor", None),
    canned("(a) list all users (decoding included)", "list_s", "rust", "floor-bytes", Some(Target::Within(1.5))),
    canned("(a) list, the floor's own decoding", "list_s", "floor", "floor-bytes", None),
];

const fn canned(label: &'static str, metric: &'static str, ours: &'static str, theirs: &'static str, target: Option<Target>) -> Row {
    Row { language: "Canned", label, metric, unit: Unit::Seconds, ours, theirs, target }
}

/// Who a row measures (the first column).
fn who(row: &Row) -> &'static str {
    match (row.language, row.ours) {
        ("Canned", "python") => "Python",
        ("Canned", "node") => "Node",
        ("Canned", "rust") => "Rust",
        ("Canned", _) => "Rust floor",
        (language, _) => language,
    }
}

/// What a row compares with.
fn baseline(row: &Row) -> &'static str {
    match (row.language, row.theirs) {
        ("Python", _) => "okta 3.x",
        ("Node", _) => "okta-sdk-nodejs",
        (_, "rust") => "Rust core",
        (_, "floor") => "reqwest+serde",
        _ => "reqwest bytes",
    }
}

/// One table line per row whose samples exist: medians, the median paired ratio, the verdict.
fn ratio_rows(runtime: &Runtime, rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows {
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
                format!("≤ {x}× {}", if row.theirs == "rust" { "the Rust core" } else { "the floor" }),
                if ratio <= x { "met" } else { "**missed**" },
            ),
            None => (String::new(), ""),
        };
        let baseline = baseline(row);
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
        out.push_str(&format!(
            "| {} | {} | {} | {} ({baseline}) | **{ratio:.3}** | {:.1}× | {:.3} | {ceiling} | {target} | {verdict} |\n",
            who(row),
            row.label,
            show(o, row.unit),
            show(t, row.unit),
            1.0 / ratio,
            best(ours) / best(theirs),
        ));
    }
    out
}

/// Every sample, run by run, as a `text` block.
fn sample_lines(runtime: &Runtime) -> String {
    let mut out = String::new();
    out.push_str("\nEvery sample (seconds; RSS in KiB), run by run:\n\n```text\n");
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
                out.push_str(&format!(
                    "{language:<7}{subject:<12}{metric:<16}{}\n",
                    shown.join("  ")
                ));
            }
        }
    }
    out.push_str("```\n");
    out
}

/// The command behind each subject, as a `sh` block.
fn command_lines(runtime: &Runtime) -> String {
    let mut out = String::from("```sh\n");
    for (what, command) in &runtime.commands {
        out.push_str(&format!("# {what}\n{command}\n"));
    }
    out.push_str("```\n\n");
    out
}

/// The section of the canned-server runs.
fn canned_markdown(canned: &Runtime, options: &Options, mode: &str, environment: &str) -> String {
    let runs = canned.runs.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(", ");
    let mut md = format!(
        "### Client overhead on a canned server{mode}\n\n\
         `okta-bench canned` records once, from the mock, every page of the user list and every user \
         the gets ask for, then answers each request with those bytes (one thread, keep-alive, a hash \
         lookup per request), so nearly all of each time below is the client's own. Our client in each \
         language runs the same workloads as above ({} users in pages of {}, {} gets, {} in flight), \
         interleaved with the Rust core and the two Rust floors in one rotation ({runs} runs). Ratio = \
         median of the paired ratios of the same run.\n\n",
        options.users, options.limit, options.gets, options.concurrency,
    );
    md.push_str(environment);
    md.push_str(
        "| | benchmark | ours (median) | baseline (median) | ours / baseline | speed-up | best / best | | target | |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    md.push_str(&ratio_rows(canned, CANNED_ROWS));
    md.push_str(&sample_lines(canned));
    md.push_str("\nThe commands (`$URL` is the canned server's, started as `target/release/okta-bench canned --url $MOCK \
                 --token bench-token --ids target/bench/ids.txt --limit 200`):\n\n");
    md.push_str(&command_lines(canned));
    md
}

pub(super) fn median(values: &[f64]) -> Option<f64> {
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

pub(super) fn show(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Seconds if value < 1.0 => format!("{:.1} ms", value * 1000.0),
        Unit::Seconds => format!("{value:.2} s"),
        Unit::KiB => format!("{:.1} MiB", value / 1024.0),
    }
}

pub(super) fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

impl Report {
    /// The markdown of each section measured in this run, by section name.
    pub(super) fn markdown(&self, options: &Options) -> Vec<(&'static str, String)> {
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
            md.push_str(&ratio_rows(runtime, ROWS));
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
            md.push_str(&sample_lines(runtime));
            md.push_str("\nThe commands behind each row (`$URL` is the mock's, started as \
                         `target/release/okta-mock --port 0 --seed-users N --token bench-token`; \
                         `target/bench/ids.txt` comes from `target/release/okta-bench ids --url $URL --token bench-token --count N --out target/bench/ids.txt`):\n\n");
            md.push_str(&command_lines(runtime));
            sections.push(("runtime", md));
        }
        if let Some(canned) = &self.canned {
            sections.push(("canned", canned_markdown(canned, options, mode, &environment)));
        }
        if let Some(pacing) = &self.pacing {
            sections.push(("pacing", pacing.markdown()));
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

    pub(super) fn raw(&self) -> Value {
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
        if let Some(canned) = &self.canned {
            map.insert("canned".into(), serde_json::to_value(&canned.samples).unwrap_or(Value::Null));
        }
        if let Some(pacing) = &self.pacing {
            map.insert("pacing".into(), pacing.raw());
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
pub(super) fn write_sections(path: &Path, sections: &[(&'static str, String)]) -> Result<(), String> {
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

pub(super) fn environment(
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
