//! How a mock server starts: port, token, seed sizes and rate limit, from code or the command line.

use crate::ratelimit::RateLimit;

/// The command-line help.
pub const USAGE: &str = "\
usage: okta-mock [--port N] [--token T] [--seed-users N] [--seed-groups N] [--seed-apps N] [--rate-limit 50/1s]

  --port N          port on 127.0.0.1 (0 picks a free one; default 0)
  --token T         the API token clients must send (default test-token)
  --seed-users N    users user1@example.com … userN@example.com (default 0)
  --seed-groups N   groups group1 … groupN (default 0)
  --seed-apps N     bookmark applications App 1 … App N (default 0)
  --rate-limit L    request budget per window, like 50/1s, 600/1m, 10/500ms (default: none)

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
                _ => return Err(format!("unknown argument {flag}")),
            }
        }
        Ok(Some(config))
    }
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
        assert!(parse(&["--seed-users"]).is_err());
        assert!(parse(&["--bogus", "1"]).is_err());
    }
}
