//! How a mock server starts: port, token, seed sizes, rate limit and OAuth clients, from code
//! or the command line.

use std::path::Path;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};

use crate::oauth::OAuthClient;
use crate::ratelimit::RateLimit;


/// What a mock server starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The token clients must send as `Authorization: SSWS <token>` (or `Bearer <token>`).
    pub token: String,
    /// How many users to create up front.
    pub seed_users: usize,
    /// How many groups to create up front.
    pub seed_groups: usize,
    /// How many applications to create up front.
    pub seed_apps: usize,
    /// A request budget; `None` enforces nothing.
    pub rate_limit: Option<RateLimit>,
    /// OAuth service apps the token endpoint knows.
    pub oauth_clients: Vec<OAuthClient>,
    /// Whether DPoP proofs must carry the server's nonce.
    pub require_dpop_nonce: bool,
}

impl Default for MockConfig {
    fn default() -> MockConfig {
        MockConfig {
            port: 0,
            token: "test-token".to_string(),
            seed_users: 0,
            seed_groups: 0,
            seed_apps: 0,
            rate_limit: None,
            oauth_clients: Vec::new(),
            require_dpop_nonce: false,
        }
    }
}

impl MockConfig {
    /// The command line of the `okta-mock` binary.
    pub fn command() -> Command {
        let count = |name: &'static str, help: &'static str| {
            Arg::new(name).long(name).value_name("N").value_parser(value_parser!(usize)).help(help)
        };
        let client = |name: &'static str, help: &'static str| {
            Arg::new(name).long(name).value_name("ID=KEY[:SCOPES]").action(ArgAction::Append).help(help)
        };
        Command::new("okta-mock")
            .about("A spec-driven local Okta server for tests, demos and benchmarks")
            .after_help("Prints `okta-mock listening on http://127.0.0.1:PORT` once it accepts connections.")
            .arg(Arg::new("port").long("port").value_name("N").value_parser(value_parser!(u16)).help("Port on 127.0.0.1 (0 or none: a free one)"))
            .arg(Arg::new("token").long("token").value_name("T").help("The API token clients must send (default: test-token)"))
            .arg(count("seed-users", "Users user1@example.com … userN@example.com"))
            .arg(count("seed-groups", "Groups group1 … groupN"))
            .arg(count("seed-apps", "Bookmark applications App 1 … App N"))
            .arg(
                Arg::new("rate-limit")
                    .long("rate-limit")
                    .value_name("L")
                    .value_parser(|v: &str| v.parse::<RateLimit>())
                    .help("Request budget per window, like 50/1s, 600/1m, 10/500ms (default: none)"),
            )
            .arg(client(
                "oauth-client",
                "Registers an OAuth service app for POST /oauth2/v1/token: KEY is the path of its public key \
                 (PEM `PUBLIC KEY`/`RSA PUBLIC KEY`, or a JWK file), SCOPES the comma-separated scopes it may \
                 request (default: any); repeatable",
            ))
            .arg(client("oauth-dpop-client", "The same, for an app whose tokens must be DPoP-bound"))
            .arg(
                Arg::new("require-dpop-nonce")
                    .long("require-dpop-nonce")
                    .action(ArgAction::SetTrue)
                    .help("DPoP proofs must carry the server's nonce (use_dpop_nonce first)"),
            )
    }

    /// The configuration of parsed command-line arguments.
    pub fn from_matches(matches: &ArgMatches) -> Result<MockConfig, String> {
        let defaults = MockConfig::default();
        let count = |name: &str, default: usize| matches.get_one::<usize>(name).copied().unwrap_or(default);
        let mut config = MockConfig {
            port: matches.get_one::<u16>("port").copied().unwrap_or(defaults.port),
            token: matches.get_one::<String>("token").cloned().unwrap_or_else(|| defaults.token.clone()),
            seed_users: count("seed-users", defaults.seed_users),
            seed_groups: count("seed-groups", defaults.seed_groups),
            seed_apps: count("seed-apps", defaults.seed_apps),
            rate_limit: matches.get_one::<RateLimit>("rate-limit").cloned(),
            require_dpop_nonce: matches.get_flag("require-dpop-nonce"),
            ..defaults
        };
        for (flag, dpop) in [("oauth-client", false), ("oauth-dpop-client", true)] {
            for value in matches.get_many::<String>(flag).into_iter().flatten() {
                config.oauth_clients.push(oauth_client(&format!("--{flag}"), value)?.with_dpop(dpop));
            }
        }
        Ok(config)
    }
}

/// `ID=KEY[:SCOPES]`: the key file is read and its key checked. A path that names an existing
/// file is taken whole (so `C:\keys\app.pem` works); otherwise scopes follow the last `:`.
fn oauth_client(flag: &str, value: &str) -> Result<OAuthClient, String> {
    let (id, rest) = value
        .split_once('=')
        .ok_or_else(|| format!("{flag}: expected CLIENT_ID=KEY_PATH[:SCOPES], got {value:?}"))?;
    let (path, scopes) = match rest.rsplit_once(':') {
        Some((path, scopes)) if !Path::new(rest).is_file() => (path, scopes),
        _ => (rest, ""),
    };
    let key = std::fs::read_to_string(path).map_err(|e| format!("{flag}: {path}: {e}"))?;
    let client = OAuthClient::new(id, key)
        .with_scopes(scopes.split(',').map(str::trim).filter(|s| !s.is_empty()));
    crate::oauth::OAuthState::default()
        .register(&client)
        .map_err(|e| format!("{flag}: {e}"))?;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// `Ok(None)` for `--help`.
    fn parse(args: &[&str]) -> Result<Option<MockConfig>, String> {
        match MockConfig::command().try_get_matches_from(std::iter::once("okta-mock").chain(args.iter().copied())) {
            Ok(matches) => MockConfig::from_matches(&matches).map(Some),
            Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    #[test]
    fn reads_flags() {
        let config = parse(&[
            "--port",
            "0",
            "--seed-users=5",
            "--token",
            "t",
            "--rate-limit",
            "3/1s",
        ])
        .ok()
        .flatten();
        let expected = MockConfig {
            seed_users: 5,
            token: "t".into(),
            rate_limit: Some(RateLimit {
                limit: 3,
                window: Duration::from_secs(1),
            }),
            ..MockConfig::default()
        };
        assert_eq!(config, Some(expected));
        assert_eq!(parse(&["--help"]), Ok(None));
        assert!(parse(&["--oauth-client"]).is_err());
        assert!(parse(&["--seed-users"]).is_err());
        assert!(parse(&["--bogus", "1"]).is_err());
    }

    #[test]
    fn reads_oauth_clients() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let rsa = format!("{dir}/tests/fixtures/rsa_public_spki.pem");
        let ec = format!("{dir}/../okta-admin-runtime/tests/fixtures/ec_public_spki.pem");
        let config = parse(&[
            "--oauth-client",
            &format!("app1={rsa}:okta.users.read, okta.groups.read"),
            &format!("--oauth-dpop-client=app2={ec}"),
            "--require-dpop-nonce",
        ])
        .expect("valid")
        .expect("not help");
        assert!(config.require_dpop_nonce);
        let [app1, app2] = config.oauth_clients.as_slice() else {
            panic!("two clients: {config:?}")
        };
        assert_eq!(app1.client_id, "app1");
        assert_eq!(app1.scopes, ["okta.users.read", "okta.groups.read"]);
        assert!(!app1.dpop && app2.dpop && app2.scopes.is_empty());
        for bad in [
            "app".to_string(),
            format!("app={dir}/missing.pem"),
            format!("app={dir}/Cargo.toml"),
            format!("={rsa}"),
        ] {
            assert!(parse(&["--oauth-client", &bad]).is_err(), "{bad}");
        }
    }
}
