//! Runs one parsed command line: an operation of the table, `api`, or `completions`.

use std::io::{self, Write};

use clap::ArgMatches;
use clap_complete::Shell;
use okta_admin_runtime::{Call, Preview, Reply};

use crate::exit::Failure;
use crate::generated::commands::RESOURCES;
use crate::output::{Format, Printer};
use crate::{bind, cli, connect};

/// Runs the command in `matches` to its end.
pub fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let Some((name, sub)) = matches.subcommand() else { return Err(Failure::Usage("no command given".into())) };
    match name {
        "completions" => {
            let shell = *sub.get_one::<Shell>("shell").ok_or_else(|| Failure::Usage("no shell given".into()))?;
            clap_complete::generate(shell, &mut cli::command(), "okta-admin", &mut io::stdout());
            Ok(())
        }
        "api" => api(sub),
        resource => operation(resource, sub),
    }
}

/// `okta-admin <resource> <operation> …`.
fn operation(resource: &str, matches: &ArgMatches) -> Result<(), Failure> {
    let unknown = || Failure::Usage(format!("unknown command {resource}"));
    let resource = RESOURCES.iter().find(|r| r.name == resource).ok_or_else(unknown)?;
    let (name, leaf) = matches.subcommand().ok_or_else(unknown)?;
    let entry = resource.commands.iter().find(|c| c.name == name).ok_or_else(unknown)?;
    let call = bind::call(entry, leaf)?;
    let op = entry.op();
    let how = if op.paged { Reading::List } else { Reading::One { json: matches!(op.reply, Reply::Json(_)) } };
    send(call, how, leaf)
}

/// `okta-admin api METHOD PATH`.
fn api(matches: &ArgMatches) -> Result<(), Failure> {
    let text = |name: &str| matches.get_one::<String>(name).map(String::as_str).unwrap_or_default();
    let (path, query) = text("path").split_once('?').unwrap_or((text("path"), ""));
    let mut call = Call::request(text("method"), path, &[]);
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        call.extra_query(&name, &value);
    }
    bind::extras(matches, &mut call)?;
    if let Some(data) = bind::data(matches)? {
        bind::check_json(&data, "--data")?;
        call.raw_body("application/json", data);
    }
    let how = if matches.get_flag("paginate") { Reading::List } else { Reading::One { json: true } };
    send(call, how, matches)
}

/// What to do with the response.
enum Reading {
    /// Print one response (JSON re-printed when `json` and the body is JSON).
    One { json: bool },
    /// Follow every page and print the items.
    List,
}

/// Sends `call` (or, with `--dry-run`, shows it) and prints what comes back.
fn send(call: Call, how: Reading, matches: &ArgMatches) -> Result<(), Failure> {
    let client = connect::client(matches)?;
    if matches.get_flag("dry-run") {
        return Ok(print_preview(&client.preview(call)?)?);
    }
    let mut printer = Printer::new(format(matches));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Local(format!("could not start the async runtime: {e}")))?;
    runtime.block_on(async {
        match how {
            Reading::One { json } => {
                let response = client.send_raw(call).await?;
                let is_json = json && response.headers.get("content-type").map_or(true, |t| t.as_bytes().windows(4).any(|w| w == b"json"));
                if is_json {
                    response.check_json()?;
                }
                printer.body(&response.body, is_json)?;
            }
            Reading::List => {
                let mut pages = client.paginate::<serde_json::Value>(call);
                if let Some(&max) = matches.get_one::<u64>("max-pages") {
                    pages = pages.max_pages(max);
                }
                let mut left = matches.get_one::<u64>("first").copied();
                while left != Some(0) {
                    let Some(page) = pages.next_page_raw().await? else { break };
                    page.check_json()?;
                    let printed = printer.page(&page.body, left)?;
                    left = left.map(|n| n.saturating_sub(printed));
                }
            }
        }
        Ok::<(), Failure>(())
    })?;
    Ok(printer.finish()?)
}

fn format(matches: &ArgMatches) -> Format {
    match matches.get_one::<String>("output").map(String::as_str) {
        Some("table") => Format::Table(matches.get_many::<String>("columns").map(|c| c.cloned().collect())),
        _ => Format::Json,
    }
}

/// The request line, headers and body, as `curl -v` shows them.
fn print_preview(preview: &Preview) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{} {}", preview.method, preview.url)?;
    for (name, value) in &preview.headers {
        writeln!(out, "{name}: {value}")?;
    }
    if let Some(body) = &preview.body {
        let multipart = preview.headers.iter().any(|(n, v)| n == "content-type" && v.starts_with("multipart/"));
        writeln!(out)?;
        match std::str::from_utf8(body) {
            Ok(text) if !multipart => writeln!(out, "{text}")?,
            _ => writeln!(out, "<{} bytes>", body.len())?,
        }
    }
    out.flush()
}
