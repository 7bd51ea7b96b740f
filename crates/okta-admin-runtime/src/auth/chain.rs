//! The configuration chain of Okta's official SDKs, lowest to highest precedence:
//! `~/.okta/okta.yaml`, `./okta.yaml`, `OKTA_CLIENT_*` environment variables (explicit builder
//! calls come last, in [`ConfigBuilder`](crate::ConfigBuilder)). Each setting is taken from the
//! highest source that has it; every error names the key and the source it came from, and
//! never quotes a secret.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::keys;
use super::yaml::{self, Yaml};
use super::OAuth;
use crate::credentials::Auth;
use crate::proxy::Proxy;

/// One setting: its `okta.client.*` paths in YAML (first is canonical) and its env names.
struct Key {
    yaml: &'static [&'static str],
    env: &'static [&'static str],
}

const ORG_URL: Key = Key {
    yaml: &["orgUrl"],
    env: &["OKTA_CLIENT_ORGURL"],
};
const TOKEN: Key = Key {
    yaml: &["token"],
    env: &["OKTA_CLIENT_TOKEN"],
};
const MODE: Key = Key {
    yaml: &["authorizationMode"],
    env: &["OKTA_CLIENT_AUTHORIZATIONMODE"],
};
const CLIENT_ID: Key = Key {
    yaml: &["clientId"],
    env: &["OKTA_CLIENT_CLIENTID"],
};
const SCOPES: Key = Key {
    yaml: &["scopes"],
    env: &["OKTA_CLIENT_SCOPES"],
};
const PRIVATE_KEY: Key = Key {
    yaml: &["privateKey"],
    env: &["OKTA_CLIENT_PRIVATEKEY"],
};
const KID: Key = Key {
    yaml: &["kid", "privateKeyId"],
    env: &["OKTA_CLIENT_KID", "OKTA_CLIENT_PRIVATEKEYID"],
};
const CLIENT_ASSERTION: Key = Key {
    yaml: &["clientAssertion"],
    env: &["OKTA_CLIENT_CLIENTASSERTION"],
};
const DPOP: Key = Key {
    yaml: &["dpopEnabled"],
    env: &["OKTA_CLIENT_DPOPENABLED"],
};
const USER_AGENT: Key = Key {
    yaml: &["userAgent"],
    env: &["OKTA_CLIENT_USERAGENT"],
};
const REQUEST_TIMEOUT: Key = Key {
    yaml: &["requestTimeout"],
    env: &["OKTA_CLIENT_REQUESTTIMEOUT"],
};
const CONNECTION_TIMEOUT: Key = Key {
    yaml: &["connectionTimeout"],
    env: &["OKTA_CLIENT_CONNECTIONTIMEOUT"],
};
const MAX_RETRIES: Key = Key {
    yaml: &["rateLimit.maxRetries"],
    env: &["OKTA_CLIENT_RATELIMIT_MAXRETRIES"],
};
const PROXY_HOST: Key = Key {
    yaml: &["proxy.host"],
    env: &["OKTA_CLIENT_PROXY_HOST"],
};
const PROXY_PORT: Key = Key {
    yaml: &["proxy.port"],
    env: &["OKTA_CLIENT_PROXY_PORT"],
};
const PROXY_USERNAME: Key = Key {
    yaml: &["proxy.username"],
    env: &["OKTA_CLIENT_PROXY_USERNAME"],
};
const PROXY_PASSWORD: Key = Key {
    yaml: &["proxy.password"],
    env: &["OKTA_CLIENT_PROXY_PASSWORD"],
};

/// Everything the chain found, setting by setting. A missing or invalid setting is an `Err`
/// that `build()` reports unless an explicit builder call replaced the setting.
pub(crate) struct Loaded {
    /// The org URL and where it came from, or why there is none.
    pub(crate) org_url: Result<(String, String), String>,
    /// The credentials, or why there are none.
    pub(crate) auth: Result<Auth, String>,
    pub(crate) user_agent: Result<Option<String>, String>,
    /// `Some(None)`: no request timeout (0).
    pub(crate) request_timeout: Result<Option<Option<Duration>>, String>,
    pub(crate) connect_timeout: Result<Option<Duration>, String>,
    pub(crate) max_retries: Result<Option<u32>, String>,
    pub(crate) proxy: Result<Option<Proxy>, String>,
}

/// A value found in one source.
struct Found {
    value: Yaml,
    /// e.g. `OKTA_CLIENT_ORGURL (env)` or `okta.client.orgUrl from ./okta.yaml`.
    name: String,
}

impl Found {
    fn text(&self) -> Result<String, String> {
        match &self.value {
            Yaml::Scalar(s) => Ok(s.trim().to_owned()),
            _ => Err(format!("{}: expected a single value", self.name)),
        }
    }
}

/// Settings given in code, above the environment: `(variable, value, label)` triples, each read
/// as if `variable` were set to `value`, and named `label` in messages (`token= (argument)`);
/// `hints` name the argument in "is not set" messages (`("OKTA_CLIENT_TOKEN", "token=")`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Explicit {
    pub(crate) values: Vec<(&'static str, String, String)>,
    pub(crate) hints: Vec<(&'static str, String)>,
}

struct Chain<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    explicit: &'a Explicit,
    /// (label, `okta.client` mapping), highest precedence first.
    files: Vec<(&'static str, Yaml)>,
    cwd: PathBuf,
    home: Option<PathBuf>,
}

impl Chain<'_> {
    fn get(&self, key: &Key) -> Option<Found> {
        for (variable, value, label) in &self.explicit.values {
            if key.env.contains(variable) {
                return Some(Found { value: Yaml::Scalar(value.clone()), name: label.clone() });
            }
        }
        for name in key.env {
            if let Some(value) = (self.env)(name).filter(|v| !v.trim().is_empty()) {
                return Some(Found {
                    value: Yaml::Scalar(value),
                    name: format!("{name} (env)"),
                });
            }
        }
        for (label, client) in &self.files {
            for path in key.yaml {
                let mut node = Some(client);
                for part in path.split('.') {
                    node = node.and_then(|n| n.get(part));
                }
                match node {
                    None | Some(Yaml::Null) => {}
                    Some(Yaml::Scalar(s)) if s.trim().is_empty() => {}
                    Some(value) => {
                        return Some(Found {
                            value: value.clone(),
                            name: format!("okta.client.{path} from {label}"),
                        })
                    }
                }
            }
        }
        None
    }

    /// `OKTA_CLIENT_X or okta.client.x` (after the argument that sets it, when the binding
    /// named one), for "is not set" messages.
    fn describe(&self, key: &Key) -> String {
        let hint = self.explicit.hints.iter().find(|(variable, _)| key.env.contains(variable));
        match hint {
            Some((_, argument)) => format!("{argument}, {} or okta.client.{}", key.env[0], key.yaml[0]),
            None => format!("{} or okta.client.{}", key.env[0], key.yaml[0]),
        }
    }

    fn number(&self, key: &Key) -> Result<Option<u64>, String> {
        self.get(key)
            .map(|found| {
                let text = found.text()?;
                text.parse::<u64>().map_err(|_| {
                    format!(
                        "{}: {text:?} is not a non-negative whole number",
                        found.name
                    )
                })
            })
            .transpose()
    }
}

/// Reads the chain. `env` looks up one variable; `home` is the user's home directory. Only an
/// unreadable or malformed `okta.yaml` fails here.
pub(crate) fn load(
    home: Option<&Path>,
    cwd: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    explicit: &Explicit,
) -> Result<Loaded, String> {
    let mut files = Vec::new();
    let cwd_file = cwd.join("okta.yaml");
    if let Some(client) = read_file(&cwd_file, "./okta.yaml")? {
        files.push(("./okta.yaml", client));
    }
    if let Some(home) = home {
        let home_file = home.join(".okta").join("okta.yaml");
        if home_file != cwd_file {
            if let Some(client) = read_file(&home_file, "~/.okta/okta.yaml")? {
                files.push(("~/.okta/okta.yaml", client));
            }
        }
    }
    let chain = Chain {
        env,
        explicit,
        files,
        cwd: cwd.to_owned(),
        home: home.map(Path::to_owned),
    };

    let org_url = match chain.get(&ORG_URL) {
        Some(found) => found.text().map(|url| (url, found.name)),
        None => Err(format!(
            "no org URL: set {} (e.g. https://dev-123456.okta.com) in the environment, \
             ./okta.yaml or ~/.okta/okta.yaml",
            chain.describe(&ORG_URL)
        )),
    };
    let auth = credentials(&chain).and_then(|auth| auth);
    let user_agent = chain.get(&USER_AGENT).map(|f| f.text()).transpose();
    let request_timeout = chain
        .number(&REQUEST_TIMEOUT)
        .map(|secs| secs.map(|secs| (secs > 0).then(|| Duration::from_secs(secs))));
    let connect_timeout = chain
        .number(&CONNECTION_TIMEOUT)
        .map(|secs| secs.filter(|secs| *secs > 0).map(Duration::from_secs));
    let max_retries = chain
        .number(&MAX_RETRIES)
        .map(|n| n.map(|n| u32::try_from(n).unwrap_or(u32::MAX)));
    let proxy = proxy(&chain);
    Ok(Loaded {
        org_url,
        auth,
        user_agent,
        request_timeout,
        connect_timeout,
        max_retries,
        proxy,
    })
}

/// Reads `okta.client` from one YAML file; a missing file is skipped.
fn read_file(path: &Path, label: &'static str) -> Result<Option<Yaml>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if path.is_dir() => return Err(format!("{label} is a directory ({e})")),
        Err(e) => return Err(format!("could not read {label}: {e}")),
    };
    let document = yaml::parse(&text).map_err(|e| format!("{label} {e}"))?;
    let client = match &document {
        Yaml::Null => return Ok(None),
        Yaml::Map(_) => match document.get("okta") {
            None | Some(Yaml::Null) => return Ok(None),
            Some(okta @ Yaml::Map(_)) => match okta.get("client") {
                None | Some(Yaml::Null) => return Ok(None),
                Some(client @ Yaml::Map(_)) => client.clone(),
                Some(_) => return Err(format!("okta.client in {label} must be a mapping")),
            },
            Some(_) => return Err(format!("okta in {label} must be a mapping")),
        },
        _ => return Err(format!("{label} must be a mapping with an `okta:` key")),
    };
    Ok(Some(client))
}

fn credentials(chain: &Chain) -> Result<Result<Auth, String>, String> {
    let mode = chain.get(&MODE);
    let (mode_text, mode_from) = match &mode {
        Some(found) => (found.text()?, found.name.clone()),
        None => ("SSWS".to_owned(), "the default".to_owned()),
    };
    let mode_name = match mode_text.to_ascii_lowercase().as_str() {
        "ssws" => "SSWS",
        "bearer" => "Bearer",
        "privatekey" | "private_key" => "PrivateKey",
        "jwt" => "JWT",
        _ => {
            return Err(format!(
                "{mode_from}: {mode_text:?} is not supported; use SSWS, Bearer, PrivateKey or JWT"
            ))
        }
    };
    if matches!(mode_name, "SSWS" | "Bearer") {
        let Some(token) = chain.get(&TOKEN) else {
            let mut message = format!(
                "no API token: set {} (authorizationMode {mode_name}, {mode_from})",
                chain.describe(&TOKEN)
            );
            if mode.is_none() && chain.get(&PRIVATE_KEY).is_some() {
                message
                    .push_str("; for OAuth with a private key set authorizationMode: PrivateKey");
            }
            return Ok(Err(message));
        };
        let text = token.text()?;
        if text.chars().any(char::is_control) {
            return Err(format!(
                "{}: contains characters that are not allowed in an HTTP header",
                token.name
            ));
        }
        return Ok(Ok(if mode_name == "SSWS" {
            Auth::Ssws(text)
        } else {
            Auth::Bearer(text)
        }));
    }

    let client_id = chain.get(&CLIENT_ID);
    let scopes = chain.get(&SCOPES);
    let assertion = if mode_name == "JWT" {
        chain.get(&CLIENT_ASSERTION)
    } else {
        None
    };
    let private_key = if assertion.is_none() {
        chain.get(&PRIVATE_KEY)
    } else {
        None
    };
    let mut missing = Vec::new();
    if client_id.is_none() {
        missing.push(chain.describe(&CLIENT_ID));
    }
    if scopes.is_none() {
        missing.push(chain.describe(&SCOPES));
    }
    if assertion.is_none() && private_key.is_none() {
        missing.push(if mode_name == "JWT" {
            format!(
                "{} (or {})",
                chain.describe(&CLIENT_ASSERTION),
                chain.describe(&PRIVATE_KEY)
            )
        } else {
            chain.describe(&PRIVATE_KEY)
        });
    }
    let needs = |missing: &[String]| {
        format!(
            "authorizationMode {mode_name} ({mode_from}) also needs {}",
            missing.join(", ")
        )
    };
    if !missing.is_empty() {
        return Ok(Err(needs(&missing)));
    }
    let (Some(client_id), Some(scopes)) = (client_id, scopes) else {
        return Ok(Err(needs(&missing)));
    };
    let client_id_text = client_id.text()?;
    if client_id_text.chars().any(char::is_control) {
        return Err(format!("{}: contains control characters", client_id.name));
    }
    let scope_list = scope_list(&scopes)?;
    let mut oauth = match (assertion, private_key) {
        (Some(assertion), _) => OAuth::client_assertion(client_id_text, assertion.text()?),
        (None, Some(key)) => OAuth::private_key(client_id_text, private_key_text(chain, &key)?),
        (None, None) => unreachable!("checked above"),
    }
    .with_scopes(scope_list);
    if let Some(kid) = chain.get(&KID) {
        oauth = oauth.with_key_id(kid.text()?);
    }
    if let Some(dpop) = chain.get(&DPOP) {
        let text = dpop.text()?;
        let enabled = match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => true,
            "false" | "no" | "off" | "0" => false,
            _ => return Err(format!("{}: {text:?} is not true or false", dpop.name)),
        };
        oauth = oauth.with_dpop(enabled);
    }
    Ok(Ok(Auth::OAuth(oauth)))
}

/// Scopes as a YAML list, or a comma- or space-separated string.
fn scope_list(found: &Found) -> Result<Vec<String>, String> {
    let items: Vec<String> = match &found.value {
        Yaml::Scalar(s) => s
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::to_owned)
            .collect(),
        Yaml::List(items) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Yaml::Scalar(s) => out.push(s.clone()),
                    Yaml::Null => {}
                    _ => return Err(format!("{}: each scope must be a string", found.name)),
                }
            }
            out
        }
        _ => return Err(format!("{}: expected a list of scopes", found.name)),
    };
    let scopes: Vec<String> = items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        return Err(format!("{}: no scopes given", found.name));
    }
    if scopes.iter().any(|s| s.contains(char::is_whitespace)) {
        return Err(format!("{}: a scope contains whitespace", found.name));
    }
    Ok(scopes)
}

/// The key text: PEM or JWK given inline, or read from the file the value names. The key is
/// parsed here so that a bad key is reported with the setting it came from.
fn private_key_text(chain: &Chain, found: &Found) -> Result<String, String> {
    let value = found.text()?;
    let (text, from_file) = if keys::looks_like_key(&value) {
        (value, false)
    } else {
        let path = match (value.strip_prefix("~/"), &chain.home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if Path::new(&value).is_relative() => chain.cwd.join(&value),
            _ => PathBuf::from(&value),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => (text, true),
            // The value is not echoed: it may be a mangled key rather than a path.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!(
                    "{}: not a PEM or JWK private key, nor the path of an existing file \
                     (value not shown)",
                    found.name
                ))
            }
            Err(e) => {
                return Err(format!(
                    "{}: could not read the private key file ({})",
                    found.name,
                    e.kind()
                ))
            }
        }
    };
    match keys::parse_private_key(&text) {
        Ok(_) => Ok(text),
        Err(e) if from_file => Err(format!("{} (the file it names): {e}", found.name)),
        Err(e) => Err(format!("{}: {e}", found.name)),
    }
}

fn proxy(chain: &Chain) -> Result<Option<Proxy>, String> {
    let Some(host) = chain.get(&PROXY_HOST) else {
        return Ok(None);
    };
    let host_text = host.text()?;
    let Some(port) = chain.get(&PROXY_PORT) else {
        return Err(format!(
            "{} is set but {} is not",
            host.name,
            chain.describe(&PROXY_PORT)
        ));
    };
    let port_text = port.text()?;
    let port_number = port_text
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| {
            format!(
                "{}: {port_text:?} is not a port number (1-65535)",
                port.name
            )
        })?;
    let mut proxy = Proxy::new(host_text, port_number);
    if let Err(e) = proxy.check() {
        return Err(format!("{}: {e}", host.name));
    }
    if let Some(username) = chain.get(&PROXY_USERNAME) {
        let password = match chain.get(&PROXY_PASSWORD) {
            Some(password) => password.text()?,
            None => String::new(),
        };
        proxy = proxy.with_credentials(username.text()?, password);
    }
    Ok(Some(proxy))
}
