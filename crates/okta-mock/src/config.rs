//! How a mock server starts: port, token, seed sizes, rate limit and OAuth clients, from code
//! or the command line.

use std::path::Path;

use crate::oauth::OAuthClient;
use crate::ratelimit::RateLimit;

/// The command-line help.
pub const USAGE: &str = "\
usage: okta-mock [--port N] [--token T] [--seed-users N] [--seed-groups N] [--seed-apps N] [--rate-limit 50/1s]
                 [--oauth-client ID=KEY[:SCOPES]]... [--oauth-dpop-client ID=KEY[:SCOPES]]... [--require-dpop-nonce]

  --port N          port on 127.0.0.1 (0 picks a free one; default 0)
  --token T         the API token clients must send (default test-token)
  --seed-users N    users user1@example.com … userN@example.com (default 0)
  --seed-groups N   groups group1 … groupN (default 0)
  --seed-apps N     bookmark applications App 1 … App N (default 0)
  --rate-limit L    request budget per window, like 50/1s, 600/1m, 10/500ms (default: none)
  --oauth-client ID=KEY[:SCOPES]
                    registers an OAuth service app for POST /oauth2/v1/token: KEY is the path of
                    its public key (PEM `PUBLIC KEY`/`RSA PUBLIC KEY`, or a JWK file), SCOPES the
                    comma-separated scopes it may request (default: any); repeatable
  --oauth-dpop-client ID=KEY[:SCOPES]
                    the same, for an app whose tokens must be DPoP-bound
  --require-dpop-nonce
                    DPoP proofs must carry the server's nonce (use_dpop_nonce first)

Prints `okta-mock listening on http://127.0.0.1:PORT` once it accepts connections.";

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
    /// Reads command-line arguments (without the program name), `--flag value` or
    /// `--flag=value`; `Ok(None)` asks for the help text.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Option<MockConfig>, String> {
        let mut config = MockConfig::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(None);
            }
            if arg == "--require-dpop-nonce" {
                config.require_dpop_nonce = true;
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
                None => (arg, None),
            };
            let value = match inline.or_else(|| args.next()) {
                Some(value) => value,
                None => return Err(format!("{flag} needs a value")),
            };
            let count = || {
                value
                    .parse::<usize>()
                    .map_err(|_| format!("{flag}: {value:?} is not a count"))
            };
            match flag.as_str() {
                "--port" => {
                    config.port = value
                        .parse()
                        .map_err(|_| format!("--port: {value:?} is not a port"))?
                }
                "--token" => config.token = value.clone(),
                "--seed-users" => config.seed_users = count()?,
                "--seed-groups" => config.seed_groups = count()?,
                "--seed-apps" => config.seed_apps = count()?,
                "--rate-limit" => config.rate_limit = Some(value.parse()?),
                "--oauth-client" => config.oauth_clients.push(oauth_client(&flag, &value)?),
                "--oauth-dpop-client" => config
                    .oauth_clients
                    .push(oauth_client(&flag, &value)?.with_dpop(true)),
                _ => return Err(format!("unknown argument {flag}")),
            }
        }
        Ok(Some(config))
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

    fn parse(args: &[&str]) -> Result<Option<MockConfig>, String> {
        MockConfig::from_args(args.iter().map(|a| a.to_string()))
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
