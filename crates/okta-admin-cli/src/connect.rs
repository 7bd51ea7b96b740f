//! The client of one invocation: the configuration chain (`okta.yaml`, `OKTA_CLIENT_*`) with the
//! connection flags on top, and `--verbose` reporting every attempt from the core's events.

use std::sync::Arc;
use std::time::Duration;

use clap::ArgMatches;
use okta_admin_runtime::{Client, Error, Event, EventKind, Overrides, Spelling};

/// The client the flags in `matches` describe.
pub fn client(matches: &ArgMatches) -> Result<Client, Error> {
    let text = |name: &str| matches.get_one::<String>(name).cloned();
    let mut overrides = Overrides::new(Spelling::Flag);
    overrides.org_url = text("org-url");
    overrides.token = text("token");
    overrides.bearer_token = text("bearer-token");
    overrides.authorization_mode = text("authorization-mode");
    overrides.client_id = text("client-id");
    overrides.private_key = text("private-key");
    overrides.key_id = text("key-id");
    overrides.client_assertion = text("client-assertion");
    overrides.dpop = matches.get_one::<bool>("dpop").copied();
    overrides.scopes = text("scopes").map(|s| s.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect());
    overrides.max_retries = matches.get_one::<u32>("max-retries").copied();
    if let Some(&seconds) = matches.get_one::<f64>("timeout") {
        let timeout = Duration::try_from_secs_f64(seconds)
            .map_err(|_| Error::Config(format!("--timeout (flag) must be a number of seconds, not {seconds}")))?;
        overrides.request_timeout = Some((!timeout.is_zero()).then_some(timeout));
    }
    overrides.platform = Some(format!("okta-admin-cli/{}", env!("CARGO_PKG_VERSION")));
    let client = Client::new(overrides.build()?)?;
    if matches.get_flag("verbose") {
        // A fresh client has no observer yet, so this cannot be refused.
        let _ = client.observe(Arc::new(report));
    }
    Ok(client)
}

/// One line on stderr per event: `> GET /api/v1/users (listUsers) attempt 1`.
fn report(event: &Event<'_>) {
    let operation = event.operation.map(|id| format!(" ({id})")).unwrap_or_default();
    let line = match event.kind {
        EventKind::Request => format!("> {} {}{operation} attempt {}", event.method, event.path, event.attempt),
        EventKind::Response => {
            let status = event.status.map_or_else(|| "no response".to_owned(), |s| s.to_string());
            let ms = event.elapsed.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
            let mut line = format!("< {status} in {ms:.0} ms");
            if let Some(id) = event.request_id {
                line.push_str(&format!(", request id {id}"));
            }
            if let Some(remaining) = event.rate_limit.and_then(|r| r.remaining) {
                line.push_str(&format!(", rate limit remaining {remaining}"));
            }
            if let Some(reason) = event.reason {
                line.push_str(&format!(": {reason}"));
            }
            line
        }
        EventKind::Retry => {
            let wait = event.retry_in.map_or(0.0, |d| d.as_secs_f64());
            format!("~ retry in {wait:.1} s: {}", event.reason.unwrap_or("retrying"))
        }
    };
    eprintln!("{line}");
}
