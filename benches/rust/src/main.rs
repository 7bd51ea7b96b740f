//! `okta-bench`: the Rust side of `cargo xtask bench`.
//!
//! ```text
//! okta-bench ids --url URL --token T --count N --out FILE
//!     writes the ids of the first N users (one per line) for the `get user` benchmarks
//! okta-bench run --impl ours|floor|floor-bytes --url URL --token T --ids FILE
//!                [--users N] [--limit 200] [--gets 2000] [--concurrency 32]
//!     runs (a) list every user page by page, (b) sequential gets, (c) gets with C in flight,
//!     and prints one JSON line: {"impl", "list_s", "listed", "seq_s", "conc_s", "list_cpu_s",
//!     "seq_cpu_s", "conc_cpu_s", "rss_kb"} (wall-clock and CPU seconds, peak RSS in KiB)
//! ```
//! okta-bench canned --url URL --token T --ids FILE [--limit 200]
//!     records the user pages and the users of FILE from the mock at URL, then serves them
//!     canned (see `canned.rs`); prints `okta-bench canned at http://127.0.0.1:PORT`
//! okta-bench handoff --url URL --token T --ids FILE [--gets 2000]
//!     diagnostic: sequential gets with okta-admin from a thread outside the runtime, as the
//!     Python binding's blocking `Client` makes them, two ways, alternating in rounds of 200:
//!     `direct` (`runtime.block_on(get)`) and `spawned` (`runtime.spawn(get)`, then
//!     `runtime.block_on(timeout(100 ms, handle))`, the pattern of bindings/python/src/runtime.rs)
//!
//! Implementations:
//! - `ours`: `okta_admin::Client` (`users().list(..).pages()`, `users().get(..)`).
//! - `floor`: a hand-written minimal reqwest loop (same reqwest as the workspace) sending the
//!   same requests and decoding the bodies into the same `okta_admin::models::User` with
//!   serde_json: what the HTTP stack plus JSON decoding costs without the client's runtime.
//! - `floor-bytes`: the same loop reading the bodies as bytes only (no JSON decoding): the
//!   HTTP stack alone.

mod canned;

use std::future::IntoFuture as _;
use std::time::Instant;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use okta_admin::models::User;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, LINK};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    command: String,
    implementation: String,
    url: String,
    token: String,
    ids: Option<String>,
    out: Option<String>,
    count: usize,
    users: Option<usize>,
    limit: u32,
    gets: usize,
    concurrency: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut raw = std::env::args().skip(1);
    let command = raw
        .next()
        .ok_or("usage: okta-bench ids|run --url URL --token T …")?;
    let mut args = Args {
        command,
        implementation: "ours".into(),
        url: String::new(),
        token: String::new(),
        ids: None,
        out: None,
        count: 2000,
        users: None,
        limit: 200,
        gets: 2000,
        concurrency: 32,
    };
    while let Some(flag) = raw.next() {
        let value = raw.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: {value:?} is not a number"))
        };
        match flag.as_str() {
            "--impl" => args.implementation = value.clone(),
            "--url" => args.url = value.trim_end_matches('/').to_owned(),
            "--token" => args.token = value.clone(),
            "--ids" => args.ids = Some(value.clone()),
            "--out" => args.out = Some(value.clone()),
            "--count" => args.count = number()?,
            "--users" => args.users = Some(number()?),
            "--limit" => args.limit = number()? as u32,
            "--gets" => args.gets = number()?,
            "--concurrency" => args.concurrency = number()?.max(1),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.url.is_empty() || args.token.is_empty() {
        return Err("--url and --token are required".into());
    }
    Ok(args)
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("okta-bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if args.command == "canned" {
        return match canned::serve(&args) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("okta-bench canned: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = if args.command == "handoff" {
        handoff(&runtime, &args)
    } else {
        runtime.block_on(dispatch(&args))
    };
    match result {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("okta-bench {} ({}): {e}", args.command, args.implementation);
            std::process::ExitCode::FAILURE
        }
    }
}

async fn dispatch(args: &Args) -> Result<String, BoxError> {
    match args.command.as_str() {
        "ids" => write_ids(args).await,
        "run" => run(args).await,
        "pace" => pace(args).await,
        other => Err(format!("unknown command {other:?}").into()),
    }
}

/// `--gets` gets with `--concurrency` in flight against a rate-limited mock, with client-side
/// pacing on (`--impl paced`) or off (`--impl unpaced`): the seconds it took and how many 429s
/// the client drew (counted by its observer).
async fn pace(args: &Args) -> Result<String, BoxError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let ids = read_ids(args)?;
    let config = okta_admin::Config::builder(args.url.as_str())
        .auth(okta_admin::Auth::Ssws(args.token.clone()))
        .max_retries(20)
        .pacing(args.implementation == "paced")
        .build()?;
    let client = okta_admin::Client::new(config)?;
    let limited = std::sync::Arc::new(AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&limited);
    let counted = client.observe(std::sync::Arc::new(move |event: &okta_admin::Event<'_>| {
        if event.kind == okta_admin::EventKind::Response && event.status == Some(429) {
            count.fetch_add(1, Ordering::Relaxed);
        }
    }));
    counted.map_err(|_| "observer already set")?;
    let started = Instant::now();
    futures_util::stream::iter(ids.iter().cycle().take(args.gets))
        .map(|id| client.users().get(id).into_future())
        .buffer_unordered(args.concurrency)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    Ok(format!(
        "{{\"impl\": \"{}\", \"pace_s\": {:.6}, \"rate_limited\": {}, \"gets\": {}}}",
        args.implementation,
        started.elapsed().as_secs_f64(),
        limited.load(Ordering::Relaxed),
        args.gets
    ))
}

/// The ids of the first `--count` users, written one per line to `--out`.
async fn write_ids(args: &Args) -> Result<String, BoxError> {
    let floor = Floor::new(args)?;
    let mut ids = Vec::with_capacity(args.count);
    let mut next = Some(format!("{}/api/v1/users?limit={}", args.url, args.limit));
    while let (Some(url), true) = (next.take(), ids.len() < args.count) {
        let (users, link) = floor.page::<Vec<User>>(&url).await?;
        ids.extend(users.into_iter().filter_map(|u: User| u.id));
        next = link;
    }
    if ids.len() < args.count {
        return Err(format!(
            "the mock has only {} users; {} wanted",
            ids.len(),
            args.count
        )
        .into());
    }
    ids.truncate(args.count);
    let out = args.out.as_deref().ok_or("--out is required")?;
    std::fs::write(out, ids.join("\n") + "\n")?;
    Ok(format!("{{\"ids\": {}}}", ids.len()))
}

fn read_ids(args: &Args) -> Result<Vec<String>, BoxError> {
    let path = args.ids.as_deref().ok_or("--ids is required")?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut ids: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.is_empty() {
        return Err(format!("{path} has no ids").into());
    }
    // Cycle through the file if more gets are asked for than it has ids.
    let base = ids.clone();
    while ids.len() < args.gets {
        ids.extend(base.iter().cloned());
    }
    ids.truncate(args.gets);
    Ok(ids)
}

/// Runs the three workloads with one implementation and reports times and peak RSS.
async fn run(args: &Args) -> Result<String, BoxError> {
    let ids = read_ids(args)?;
    let times = match args.implementation.as_str() {
        "ours" => run_ours(args, &ids).await?,
        "floor" => run_floor::<User, Vec<User>>(args, &ids).await?,
        "floor-bytes" => run_floor::<Bytes, Bytes>(args, &ids).await?,
        other => return Err(format!("unknown implementation {other:?}").into()),
    };
    if let (Some(expected), false) = (args.users, args.implementation == "floor-bytes") {
        if times.listed != expected {
            return Err(format!("listed {} users, expected {expected}", times.listed).into());
        }
    }
    let Times {
        list_s,
        listed,
        seq_s,
        conc_s,
        list_cpu_s,
        seq_cpu_s,
        conc_cpu_s,
    } = times;
    Ok(format!(
        "{{\"impl\": \"{}\", \"list_s\": {list_s:.6}, \"listed\": {listed}, \"seq_s\": {seq_s:.6}, \"conc_s\": {conc_s:.6}, \
         \"list_cpu_s\": {list_cpu_s:.6}, \"seq_cpu_s\": {seq_cpu_s:.6}, \"conc_cpu_s\": {conc_cpu_s:.6}, \"gets\": {}, \"rss_kb\": {}}}",
        args.implementation,
        ids.len(),
        peak_rss_kb()
    ))
}

async fn run_ours(args: &Args, ids: &[String]) -> Result<Times, BoxError> {
    let config = okta_admin::Config::builder(args.url.as_str())
        .auth(okta_admin::Auth::Ssws(args.token.clone()))
        .build()?;
    let client = okta_admin::Client::new(config)?;
    // Warm-up: one request, so every implementation starts with an open connection.
    client.users().get(&ids[0]).await?;

    let mut times = Times::default();
    let phase = Phase::start();
    let mut pages = client.users().list().limit(i64::from(args.limit)).pages();
    while let Some(page) = pages.try_next().await? {
        times.listed += page.items.len();
    }
    (times.list_s, times.list_cpu_s) = phase.end();

    let phase = Phase::start();
    for id in ids {
        let user = client.users().get(id).await?;
        std::hint::black_box(user);
    }
    (times.seq_s, times.seq_cpu_s) = phase.end();

    let phase = Phase::start();
    let mut gets = futures_util::stream::iter(ids)
        .map(|id| {
            let client = &client;
            async move { client.users().get(id).await }
        })
        .buffer_unordered(args.concurrency);
    while let Some(user) = gets.next().await {
        std::hint::black_box(user?);
    }
    (times.conc_s, times.conc_cpu_s) = phase.end();
    Ok(times)
}

/// A body as the floor reads it: decoded with serde_json, or kept as bytes.
trait Body: Sized {
    fn read(bytes: Bytes) -> Result<Self, BoxError>;
    /// How many users it holds (`None` when not decoded).
    fn count(&self) -> Option<usize>;
}

/// The raw body (for `floor-bytes`).
impl Body for Bytes {
    fn read(bytes: Bytes) -> Result<Self, BoxError> {
        Ok(bytes)
    }
    fn count(&self) -> Option<usize> {
        None
    }
}

impl Body for User {
    fn read(bytes: Bytes) -> Result<Self, BoxError> {
        Ok(serde_json::from_slice(&bytes)?)
    }
    fn count(&self) -> Option<usize> {
        Some(1)
    }
}

impl Body for Vec<User> {
    fn read(bytes: Bytes) -> Result<Self, BoxError> {
        Ok(serde_json::from_slice(&bytes)?)
    }
    fn count(&self) -> Option<usize> {
        Some(self.len())
    }
}

/// The hand-written minimal client: one `reqwest::Client`, the auth header, and the next link.
struct Floor {
    http: reqwest::Client,
    base: String,
}

impl Floor {
    fn new(args: &Args) -> Result<Floor, BoxError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("SSWS {}", args.token))?,
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()?;
        Ok(Floor {
            http,
            base: args.url.clone(),
        })
    }

    /// GETs `url` and returns the body and the `rel="next"` link.
    async fn page<B: Body>(&self, url: &str) -> Result<(B, Option<String>), BoxError> {
        let response = self.http.get(url).send().await?.error_for_status()?;
        let next = next_link(response.headers()).and_then(link_url);
        let body = B::read(response.bytes().await?)?;
        Ok((body, next))
    }

    async fn get<B: Body>(&self, id: &str) -> Result<B, BoxError> {
        let response = self
            .http
            .get(format!("{}/api/v1/users/{id}", self.base))
            .send()
            .await?
            .error_for_status()?;
        B::read(response.bytes().await?)
    }
}

/// The `rel="next"` entry of a response's `Link` headers, as sent.
fn next_link(headers: &HeaderMap) -> Option<&str> {
    headers.get_all(LINK).iter().filter_map(|v| v.to_str().ok()).find(|v| v.ends_with("rel=\"next\""))
}

/// The URL between `<` and `>` of a `Link` entry.
fn link_url(link: &str) -> Option<String> {
    Some(link[link.find('<')? + 1..link.find('>')?].to_owned())
}

async fn run_floor<One: Body, Many: Body>(args: &Args, ids: &[String]) -> Result<Times, BoxError> {
    let floor = Floor::new(args)?;
    floor.get::<One>(&ids[0]).await?;

    let mut times = Times::default();
    let phase = Phase::start();
    let mut next = Some(format!("{}/api/v1/users?limit={}", args.url, args.limit));
    while let Some(url) = next {
        let (users, link) = floor.page::<Many>(&url).await?;
        // Undecoded pages count as unknown (the count check is skipped).
        times.listed += users.count().unwrap_or(0);
        next = link;
    }
    (times.list_s, times.list_cpu_s) = phase.end();

    let phase = Phase::start();
    for id in ids {
        std::hint::black_box(floor.get::<One>(id).await?);
    }
    (times.seq_s, times.seq_cpu_s) = phase.end();

    let phase = Phase::start();
    let mut gets = futures_util::stream::iter(ids)
        .map(|id| floor.get::<One>(id))
        .buffer_unordered(args.concurrency);
    while let Some(user) = gets.next().await {
        std::hint::black_box(user?);
    }
    (times.conc_s, times.conc_cpu_s) = phase.end();
    Ok(times)
}

/// See `okta-bench handoff` in the module docs.
fn handoff(runtime: &tokio::runtime::Runtime, args: &Args) -> Result<String, BoxError> {
    let ids = read_ids(args)?;
    let config = okta_admin::Config::builder(args.url.as_str())
        .auth(okta_admin::Auth::Ssws(args.token.clone()))
        .build()?;
    let client = okta_admin::Client::new(config)?;
    runtime.block_on(client.users().get(&ids[0]).into_future())?;
    let (mut direct, mut spawned) = (0.0, 0.0);
    for (round, chunk) in ids.chunks(200).enumerate() {
        for way in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            for id in chunk {
                if way == 0 {
                    runtime.block_on(client.users().get(id).into_future())?;
                } else {
                    let (client, id) = (client.clone(), id.clone());
                    let mut handle = runtime
                        .spawn(async move { client.users().get(&id).await });
                    let user = runtime.block_on(async {
                        tokio::time::timeout(std::time::Duration::from_millis(100), &mut handle)
                            .await
                    })??;
                    std::hint::black_box(user?);
                }
            }
            *if way == 0 { &mut direct } else { &mut spawned } += started.elapsed().as_secs_f64();
        }
    }
    Ok(format!(
        "{{\"direct_s\": {direct:.6}, \"spawned_s\": {spawned:.6}, \"gets\": {}}}",
        ids.len()
    ))
}

/// What `run` measures: wall-clock and CPU seconds of each workload, and the users listed.
#[derive(Default)]
struct Times {
    list_s: f64,
    listed: usize,
    seq_s: f64,
    conc_s: f64,
    list_cpu_s: f64,
    seq_cpu_s: f64,
    conc_cpu_s: f64,
}

/// Wall clock and CPU time (of every thread of the process) since `start`.
struct Phase {
    wall: Instant,
    cpu: f64,
}

impl Phase {
    fn start() -> Phase {
        Phase {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn end(self) -> (f64, f64) {
        (self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu)
    }
}

/// CPU time of every live thread of this process (`/proc/self/task/*/schedstat`, nanoseconds).
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let nanos: u64 = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    nanos as f64 / 1e9
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
