//! Client-side pacing under a rate limit: `--gets` gets with 16 in flight against an okta-mock
//! that allows 200 requests a second, with pacing on and off; the 429s the client drew (counted
//! by its observer) and the total time.

use std::path::Path;

use serde_json::Value;

use super::*;

/// The mock's budget.
const RATE_LIMIT: &str = "200/1s";
/// Calls in flight.
const CONCURRENCY: usize = 16;

/// One run per mode: `(mode, seconds, 429s)`.
pub(super) struct Pacing {
    pub(super) rows: Vec<(String, f64, u64)>,
    pub(super) gets: usize,
    pub(super) commands: Vec<String>,
}

/// Runs the paced and unpaced bursts, each against a fresh rate-limited mock.
pub(super) fn pacing(root: &Path, bench_dir: &Path, gets: usize) -> Result<Pacing, String> {
    let bench = path_str(&root.join("target/release/okta-bench"));
    let ids = bench_dir.join("pace-ids.txt");
    let mut pacing = Pacing { rows: Vec::new(), gets, commands: Vec::new() };
    for mode in ["paced", "unpaced"] {
        let mock = Mock::start(&root.join("target/release/okta-mock"), &["--seed-users", "200", "--token", TOKEN, "--rate-limit", RATE_LIMIT])?;
        eprintln!("\n==> pacing ({mode}): okta-mock with --rate-limit {RATE_LIMIT} at {}", mock.url);
        let id_command = [&bench, "ids", "--url", &mock.url, "--token", TOKEN, "--count", "200", "--out", &path_str(&ids)];
        measure(root, &id_command.map(str::to_owned), &[])?;
        // A fresh window for the burst.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let gets_text = gets.to_string();
        let concurrency = CONCURRENCY.to_string();
        let command = [
            &bench, "pace", "--impl", mode, "--url", &mock.url, "--token", TOKEN, "--ids", &path_str(&ids), "--gets", &gets_text,
            "--concurrency", &concurrency,
        ]
        .map(str::to_owned);
        let result = measure(root, &command, &[])?;
        let seconds = result.get("pace_s").and_then(Value::as_f64).ok_or("okta-bench pace: no pace_s")?;
        let limited = result.get("rate_limited").and_then(Value::as_u64).ok_or("okta-bench pace: no rate_limited")?;
        pacing.rows.push((mode.to_owned(), seconds, limited));
        pacing.commands.push(relative(root, &command.join(" ").replace(&mock.url, "$URL")));
    }
    Ok(pacing)
}

impl Pacing {
    /// The `pacing` section of BENCHMARKS.md.
    pub(super) fn markdown(&self) -> String {
        let mut md = format!(
            "{} `get user` with {CONCURRENCY} in flight against okta-mock `--rate-limit {RATE_LIMIT}` (Rust core; \
             every call succeeds in both modes, retrying its 429s when unpaced):\n\n\
             | pacing | total time | 429 responses drawn |\n|---|---|---|\n",
            self.gets
        );
        for (mode, seconds, limited) in &self.rows {
            let name = if mode == "paced" { "on (default)" } else { "off" };
            md.push_str(&format!("| {name} | {seconds:.2} s | {limited} |\n"));
        }
        md.push_str("\nReproduce:\n\n```sh\n");
        for command in &self.commands {
            md.push_str(&format!("{command}\n"));
        }
        md.push_str("```\n\n");
        md
    }

    /// The raw samples.
    pub(super) fn raw(&self) -> Value {
        Value::Array(self.rows.iter().map(|(m, s, l)| serde_json::json!({"mode": m, "seconds": s, "rate_limited": l})).collect())
    }
}
