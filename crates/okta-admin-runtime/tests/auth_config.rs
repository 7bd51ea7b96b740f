//! The configuration chain of Okta's SDKs with temporary directories and an injected
//! environment: `~/.okta/okta.yaml` < `./okta.yaml` < `OKTA_CLIENT_*` < explicit calls, errors
//! that name the key and its source, and secrets absent from every Debug and error output.

#[path = "auth_support.rs"]
mod auth;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use auth::support::{Reply, Server};
use auth::{fixture, rsa_public, token_reply, Expect, TempDir, TokenEndpoint, CLIENT_ID};
use okta_admin_runtime::{Auth, Call, Client, Config, ConfigBuilder, OAuth, Proxy};
use reqwest::Method;

/// Loads the chain from `home`, `cwd` and the variables in `env`.
fn load(home: &TempDir, cwd: &TempDir, env: &[(&str, &str)]) -> okta_admin_runtime::Result<ConfigBuilder> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ConfigBuilder::from_sources(Some(home.path()), cwd.path(), move |name| {
        env.get(name).cloned()
    })
}

fn error(result: okta_admin_runtime::Result<impl std::fmt::Debug>) -> String {
    result.expect_err("should fail").to_string()
}

/// The error of loading and building with `env`, plus a valid org URL and token unless given.
fn fails(home: &TempDir, cwd: &TempDir, env: &[(&str, &str)]) -> String {
    let mut env = env.to_vec();
    for (name, value) in [
        ("OKTA_CLIENT_ORGURL", "https://x.okta.com"),
        ("OKTA_CLIENT_TOKEN", "t"),
    ] {
        if !env.iter().any(|(n, _)| *n == name) {
            env.push((name, value));
        }
    }
    error(load(home, cwd, &env).and_then(ConfigBuilder::build))
}

/// `text` indented by `n` spaces on every line, for YAML block scalars.
fn indent(text: &str, n: usize) -> String {
    text.lines()
        .map(|l| format!("{}{l}\n", " ".repeat(n)))
        .collect()
}

const HOME_YAML: &str = "\
okta:
  client:
    orgUrl: https://home.okta.com
    token: home-token
    userAgent: home-agent/1.0
    requestTimeout: 11
    connectionTimeout: 12
    rateLimit:
      maxRetries: 1
";

const CWD_YAML: &str = "\
# project settings
okta:
  client:
    orgUrl: \"https://cwd.okta.com\"
    token: 'cwd-token'
    requestTimeout: 21
    cache:
      enabled: false   # keys other SDKs use are ignored
";

#[test]
fn home_yaml_then_cwd_yaml_then_env_then_explicit() {
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    home.write(".okta/okta.yaml", HOME_YAML);

    let only_home = load(&home, &cwd, &[]).unwrap().build().unwrap();
    assert_eq!(only_home.org_url().as_str(), "https://home.okta.com/");
    assert_eq!(only_home.auth(), &Auth::Ssws("home-token".into()));
    assert!(only_home.user_agent().ends_with(" home-agent/1.0"));
    assert_eq!(only_home.request_timeout(), Some(Duration::from_secs(11)));
    assert_eq!(only_home.connect_timeout(), Duration::from_secs(12));
    assert_eq!(only_home.max_retries(), 1);

    cwd.write("okta.yaml", CWD_YAML);
    let with_cwd = load(&home, &cwd, &[]).unwrap().build().unwrap();
    assert_eq!(with_cwd.org_url().as_str(), "https://cwd.okta.com/");
    assert_eq!(with_cwd.auth(), &Auth::Ssws("cwd-token".into()));
    assert_eq!(with_cwd.request_timeout(), Some(Duration::from_secs(21)));
    assert_eq!(
        with_cwd.connect_timeout(),
        Duration::from_secs(12),
        "kept from home"
    );
    assert!(
        with_cwd.user_agent().ends_with(" home-agent/1.0"),
        "kept from home"
    );

    let env = [
        ("OKTA_CLIENT_TOKEN", "env-token"),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "bearer"),
        ("OKTA_CLIENT_REQUESTTIMEOUT", "0"),
        ("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "3"),
        ("OKTA_CLIENT_USERAGENT", "env-agent/2"),
        ("OKTA_CLIENT_ORGURL", "   "), // blank counts as unset
    ];
    let with_env = load(&home, &cwd, &env).unwrap().build().unwrap();
    assert_eq!(with_env.org_url().as_str(), "https://cwd.okta.com/");
    assert_eq!(with_env.auth(), &Auth::Bearer("env-token".into()));
    assert_eq!(with_env.request_timeout(), None, "0 means no timeout");
    assert_eq!(with_env.max_retries(), 3);
    assert!(with_env.user_agent().ends_with(" env-agent/2"));

    let explicit = load(&home, &cwd, &env)
        .unwrap()
        .org_url("https://explicit.okta.com")
        .auth(Auth::Ssws("explicit-token".into()))
        .max_retries(0)
        .request_timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap();
    assert_eq!(explicit.org_url().as_str(), "https://explicit.okta.com/");
    assert_eq!(explicit.auth(), &Auth::Ssws("explicit-token".into()));
    assert_eq!(explicit.max_retries(), 0);
    assert_eq!(explicit.request_timeout(), Some(Duration::from_secs(5)));
}

#[test]
fn missing_settings_can_be_supplied_explicitly_or_are_named() {
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    let message = error(load(&home, &cwd, &[]).unwrap().build());
    assert!(
        message.contains("OKTA_CLIENT_ORGURL or okta.client.orgUrl"),
        "{message}"
    );
    let message = error(
        load(&home, &cwd, &[("OKTA_CLIENT_ORGURL", "https://x.okta.com")])
            .unwrap()
            .build(),
    );
    assert!(
        message.contains("OKTA_CLIENT_TOKEN or okta.client.token"),
        "{message}"
    );
    let config = load(&home, &cwd, &[])
        .unwrap()
        .org_url("https://x.okta.com")
        .auth(Auth::Ssws("t".into()))
        .build()
        .expect("explicit settings fill the gaps");
    assert_eq!(config.org_url().as_str(), "https://x.okta.com/");

    // An invalid chain value is reported by build() unless an explicit call replaces it.
    let env = [
        ("OKTA_CLIENT_ORGURL", "https://x.okta.com"),
        ("OKTA_CLIENT_TOKEN", "t"),
        ("OKTA_CLIENT_REQUESTTIMEOUT", "abc"),
    ];
    let message = error(load(&home, &cwd, &env).unwrap().build());
    assert!(
        message.contains("OKTA_CLIENT_REQUESTTIMEOUT (env): \"abc\""),
        "{message}"
    );
    let config = load(&home, &cwd, &env)
        .unwrap()
        .request_timeout(Some(Duration::from_secs(9)))
        .build()
        .expect("replaced explicitly");
    assert_eq!(config.request_timeout(), Some(Duration::from_secs(9)));
}

#[test]
fn private_key_mode_from_yaml_with_env_overrides() {
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    cwd.write(
        "okta.yaml",
        &format!(
            "okta:\n  client:\n    orgUrl: https://dev-1.okta.com\n    authorizationMode: PrivateKey\n    clientId: {CLIENT_ID}\n    scopes:\n      - okta.users.read\n      - okta.apps.read\n    kid: yaml-kid\n    privateKey: |\n{}",
            indent(&fixture("rsa_pkcs8.pem"), 6)
        ),
    );
    let config = load(&home, &cwd, &[]).unwrap().build().unwrap();
    let Auth::OAuth(oauth) = config.auth() else {
        panic!("{:?}", config.auth())
    };
    assert_eq!(config.auth().authorization_mode(), "PrivateKey");
    assert_eq!(oauth.client_id(), CLIENT_ID);
    assert_eq!(oauth.scopes(), ["okta.users.read", "okta.apps.read"]);
    assert_eq!(oauth.key_id(), Some("yaml-kid"));
    assert!(!oauth.dpop());

    let env = [
        (
            "OKTA_CLIENT_SCOPES",
            "okta.users.read, okta.groups.read okta.logs.read",
        ),
        ("OKTA_CLIENT_PRIVATEKEYID", "env-kid"),
        ("OKTA_CLIENT_DPOPENABLED", "true"),
    ];
    let config = load(&home, &cwd, &env).unwrap().build().unwrap();
    let Auth::OAuth(oauth) = config.auth() else {
        panic!()
    };
    assert_eq!(
        oauth.scopes(),
        ["okta.users.read", "okta.groups.read", "okta.logs.read"]
    );
    assert_eq!(oauth.key_id(), Some("env-kid"));
    assert!(oauth.dpop());

    // A file path instead of key text, relative to the working directory.
    cwd.write("keys/service.jwk.json", &fixture("ec_private.jwk.json"));
    let env = [("OKTA_CLIENT_PRIVATEKEY", "keys/service.jwk.json")];
    load(&home, &cwd, &env)
        .unwrap()
        .build()
        .expect("key from a file");
    home.write(".okta/service.pem", &fixture("ec_pkcs8.pem"));
    let env = [("OKTA_CLIENT_PRIVATEKEY", "~/.okta/service.pem")];
    load(&home, &cwd, &env)
        .unwrap()
        .build()
        .expect("key from a file under ~");

    let env = [
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "JWT"),
        (
            "OKTA_CLIENT_CLIENTASSERTION",
            "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        ),
    ];
    let config = load(&home, &cwd, &env).unwrap().build().unwrap();
    assert_eq!(config.auth().authorization_mode(), "JWT");
}

#[tokio::test]
async fn a_client_configured_from_okta_yaml_fetches_and_uses_tokens() {
    let endpoint = Arc::new(TokenEndpoint::new(Expect {
        public: rsa_public(),
        alg: "RS256",
        kid: Some("kid-from-yaml"),
        scope: "okta.users.read okta.groups.read",
    }));
    let server = Server::start({
        let endpoint = endpoint.clone();
        move |_, request, base| {
            if request.target.starts_with("/oauth2/") {
                return match endpoint.check(request, base) {
                    Ok(()) => token_reply("Bearer", "yaml-at", 3600),
                    Err(reply) => reply,
                };
            }
            match request.header("Authorization") {
                Some("Bearer yaml-at") => Reply::json(200, "{}"),
                _ => Reply::json(401, "{}"),
            }
        }
    })
    .await;
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    home.write("keys/key.pem", &fixture("rsa_pkcs1.pem"));
    home.write(
        ".okta/okta.yaml",
        &format!(
            "okta:\n  client:\n    authorizationMode: PrivateKey\n    clientId: {CLIENT_ID}\n    scopes: [okta.users.read, okta.groups.read]\n    privateKeyId: kid-from-yaml\n    privateKey: {}\n",
            home.path().join("keys/key.pem").display()
        ),
    );
    let config = load(&home, &cwd, &[("OKTA_CLIENT_ORGURL", &server.base)])
        .unwrap()
        .build()
        .unwrap();
    Client::new(config)
        .unwrap()
        .send_empty(Call::new(Method::GET, "/api/v1/users/me", &[]))
        .await
        .expect("call");
    assert_eq!(endpoint.count(), 1);
}

#[test]
fn errors_name_the_key_and_where_it_came_from() {
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    let check = |message: String, expected: &[&str]| {
        for part in expected {
            assert!(message.contains(part), "{message:?} lacks {part:?}");
        }
    };

    cwd.write(
        "okta.yaml",
        "okta:\n  client:\n    orgUrl: http://example.okta.com\n    token: t\n",
    );
    check(
        error(load(&home, &cwd, &[]).unwrap().build()),
        &[
            "okta.client.orgUrl from ./okta.yaml:",
            "https://example.okta.com",
        ],
    );
    std::fs::remove_file(cwd.path().join("okta.yaml")).unwrap();

    check(
        error(
            load(&home, &cwd, &[("OKTA_CLIENT_ORGURL", "dev-1.okta.com")])
                .unwrap()
                .build(),
        ),
        &["OKTA_CLIENT_ORGURL (env):", "not an absolute URL"],
    );

    let private_key_env = [
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
        ("OKTA_CLIENT_CLIENTID", CLIENT_ID),
        ("OKTA_CLIENT_SCOPES", "okta.users.read"),
        (
            "OKTA_CLIENT_PRIVATEKEY",
            "-----BEGIN PRIVATE KEY-----\nAAAASECRET\n-----END PRIVATE KEY-----",
        ),
    ];
    let message = fails(&home, &cwd, &private_key_env);
    check(message.clone(), &["OKTA_CLIENT_PRIVATEKEY (env):"]);
    assert!(!message.contains("AAAASECRET"), "{message}");

    let mut garbage = private_key_env;
    garbage[3].1 = "no-such-key-or-file-SECRET";
    let message = fails(&home, &cwd, &garbage);
    check(
        message.clone(),
        &["OKTA_CLIENT_PRIVATEKEY (env): not a PEM or JWK private key"],
    );
    assert!(!message.contains("SECRET"), "{message}");

    cwd.write(
        "bad.pem",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    garbage[3].1 = "bad.pem";
    check(
        fails(&home, &cwd, &garbage),
        &[
            "OKTA_CLIENT_PRIVATEKEY (env) (the file it names):",
            "not a private key",
        ],
    );

    check(
        error(
            load(
                &home,
                &cwd,
                &[
                    private_key_env[0],
                    ("OKTA_CLIENT_ORGURL", "https://x.okta.com"),
                ],
            )
            .unwrap()
            .build(),
        ),
        &[
            "authorizationMode PrivateKey (OKTA_CLIENT_AUTHORIZATIONMODE (env))",
            "OKTA_CLIENT_CLIENTID or okta.client.clientId",
            "OKTA_CLIENT_SCOPES or okta.client.scopes",
            "OKTA_CLIENT_PRIVATEKEY or okta.client.privateKey",
        ],
    );

    check(
        fails(
            &home,
            &cwd,
            &[("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret")],
        ),
        &[
            "OKTA_CLIENT_AUTHORIZATIONMODE (env): \"ClientSecret\" is not supported",
            "PrivateKey",
        ],
    );

    home.write(
        ".okta/okta.yaml",
        "okta:\n  client:\n    requestTimeout: soon\n",
    );
    check(
        fails(&home, &cwd, &[]),
        &["okta.client.requestTimeout from ~/.okta/okta.yaml: \"soon\" is not a non-negative whole number"],
    );

    home.write(
        ".okta/okta.yaml",
        "okta:\n  client:\n    rateLimit:\n      maxRetries: -1\n",
    );
    check(
        fails(&home, &cwd, &[]),
        &["okta.client.rateLimit.maxRetries from ~/.okta/okta.yaml"],
    );

    home.write(
        ".okta/okta.yaml",
        "okta:\n  client:\n    proxy:\n      host: proxy.local\n",
    );
    check(
        fails(&home, &cwd, &[]),
        &["okta.client.proxy.host from ~/.okta/okta.yaml is set but OKTA_CLIENT_PROXY_PORT or okta.client.proxy.port is not"],
    );

    home.write(
        ".okta/okta.yaml",
        "okta:\n  client:\n    proxy:\n      host: proxy.local\n      port: 99999\n",
    );
    check(
        fails(&home, &cwd, &[]),
        &["okta.client.proxy.port from ~/.okta/okta.yaml: \"99999\" is not a port number"],
    );

    home.write(".okta/okta.yaml", "okta:\n  client:\n    dpopEnabled: maybe\n    authorizationMode: PrivateKey\n    clientId: c\n    scopes: a\n    privateKey: x\n");
    cwd.write("x", &fixture("ec_sec1.pem"));
    check(
        fails(&home, &cwd, &[]),
        &["okta.client.dpopEnabled from ~/.okta/okta.yaml: \"maybe\" is not true or false"],
    );

    home.write(
        ".okta/okta.yaml",
        "okta:\n  client:\n    token: \"unterminated SECRET\n",
    );
    let message = fails(&home, &cwd, &[]);
    check(message.clone(), &["~/.okta/okta.yaml line 3:"]);
    assert!(!message.contains("SECRET"), "{message}");

    home.write(".okta/okta.yaml", "okta:\n  client:\n    scopes: {a: b}\n");
    check(
        fails(
            &home,
            &cwd,
            &[
                ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
                ("OKTA_CLIENT_CLIENTID", "c"),
                ("OKTA_CLIENT_PRIVATEKEY", "x"),
            ],
        ),
        &["okta.client.scopes from ~/.okta/okta.yaml: expected a list of scopes"],
    );

    home.write(".okta/okta.yaml", "okta: [1, 2]\n");
    check(
        fails(&home, &cwd, &[]),
        &["okta in ~/.okta/okta.yaml must be a mapping"],
    );
}

#[test]
fn proxy_settings_come_from_the_chain_or_the_builder() {
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    cwd.write(
        "okta.yaml",
        "okta:\n  client:\n    orgUrl: https://x.okta.com\n    token: t\n    proxy:\n      host: proxy.local\n      port: 3128\n      username: null\n      password: null\n",
    );
    let config = load(&home, &cwd, &[]).unwrap().build().unwrap();
    assert_eq!(config.proxy(), Some(&Proxy::new("proxy.local", 3128)));
    let env = [
        ("OKTA_CLIENT_PROXY_USERNAME", "svc"),
        ("OKTA_CLIENT_PROXY_PASSWORD", "proxy-SECRET-pw"),
    ];
    let config = load(&home, &cwd, &env).unwrap().build().unwrap();
    let proxy = config.proxy().unwrap();
    assert_eq!(
        (proxy.host(), proxy.port(), proxy.username()),
        ("proxy.local", 3128, Some("svc"))
    );
    assert!(!format!("{config:?}").contains("proxy-SECRET-pw"));
    for bad in ["", "http://p:1", "ftp://p", "p/x"] {
        let result = Config::builder("https://x.okta.com")
            .auth(Auth::Ssws("t".into()))
            .proxy(Proxy::new(bad, 8080))
            .build();
        assert!(result.is_err(), "{bad:?} accepted");
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_errors() {
    let token = "00SSWS-SECRET-token";
    let assertion = "eyJ.ASSERTION-SECRET.sig";
    let proxy_password = "PROXY-SECRET-pw";
    let pem = fixture("rsa_pkcs8.pem");
    let jwk = fixture("ec_private.jwk.json");
    let jwk_d = serde_json::from_str::<serde_json::Value>(&jwk).unwrap()["d"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut secrets: Vec<String> =
        vec![token.into(), assertion.into(), proxy_password.into(), jwk_d];
    secrets.extend(
        pem.lines()
            .filter(|l| !l.starts_with("-----"))
            .map(str::to_owned),
    );

    // An OAuth client whose API refuses its token: errors after a real token exchange.
    let server = Server::start(|_, request, _| {
        if request.target.starts_with("/oauth2/") {
            token_reply("Bearer", "ACCESS-SECRET-token", 3600)
        } else {
            Reply::json(
                401,
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
            )
        }
    })
    .await;
    secrets.push("ACCESS-SECRET-token".into());
    let proxy = Proxy::new("127.0.0.1", 9).with_credentials("svc", proxy_password);
    let oauth = OAuth::private_key(CLIENT_ID, pem.clone()).with_scopes(["okta.users.read"]);
    let builder = server.config().auth(Auth::OAuth(oauth.clone()));
    let config = builder.clone().build().unwrap();
    let client = Client::new(config.clone()).unwrap();
    let api_error = client
        .send_empty(Call::new(Method::GET, "/api/v1/users/me", &[]))
        .await
        .expect_err("401");
    let dpop_client = Client::new(
        server
            .config()
            .auth(Auth::OAuth(oauth.clone().with_dpop(true)))
            .build()
            .unwrap(),
    )
    .unwrap();

    let mut outputs = vec![
        format!("{:?}", Auth::Ssws(token.into())),
        format!("{:?}", Auth::Bearer(token.into())),
        format!("{:?}", Auth::OAuth(oauth.clone())),
        format!("{oauth:?} {oauth:#?}"),
        format!("{:?}", OAuth::private_key(CLIENT_ID, jwk.clone())),
        format!("{:?}", OAuth::client_assertion(CLIENT_ID, assertion)),
        format!("{proxy:?}"),
        format!("{builder:?}"),
        format!("{config:?} {config:#?}"),
        format!("{client:?} {dpop_client:?}"),
        format!("{api_error:?} {api_error}"),
        format!(
            "{:?}",
            server
                .config()
                .proxy(proxy.clone())
                .auth(Auth::Ssws(token.into()))
                .build()
                .unwrap()
        ),
    ];
    // Errors from the chain with every secret configured somewhere.
    let (home, cwd) = (TempDir::new("home"), TempDir::new("cwd"));
    let env = [
        ("OKTA_CLIENT_ORGURL", "http://not-loopback.example.com"),
        ("OKTA_CLIENT_TOKEN", token),
        ("OKTA_CLIENT_CLIENTASSERTION", assertion),
        ("OKTA_CLIENT_PROXY_HOST", "proxy.local"),
        ("OKTA_CLIENT_PROXY_PORT", "8080"),
        ("OKTA_CLIENT_PROXY_PASSWORD", proxy_password),
        ("OKTA_CLIENT_PRIVATEKEY", pem.as_str()),
    ];
    let builder = load(&home, &cwd, &env).unwrap();
    outputs.push(format!("{builder:?}"));
    outputs.push(error(builder.build()));
    let mut jwt_env = env.to_vec();
    jwt_env.push(("OKTA_CLIENT_AUTHORIZATIONMODE", "JWT"));
    outputs.push(format!("{:?}", load(&home, &cwd, &jwt_env)));
    let mut bad_key = env.to_vec();
    bad_key.extend([
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
        ("OKTA_CLIENT_CLIENTID", "c"),
        ("OKTA_CLIENT_SCOPES", "s"),
    ]);
    let truncated = pem.replace(pem.lines().nth(4).unwrap(), "");
    bad_key[6].1 = truncated.as_str();
    bad_key[0].1 = "https://x.okta.com";
    let message = error(load(&home, &cwd, &bad_key).and_then(ConfigBuilder::build));
    assert!(
        message.contains("OKTA_CLIENT_PRIVATEKEY (env)"),
        "{message}"
    );
    outputs.push(message);

    for output in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret.as_str()),
                "secret {secret:?} leaked: {output}"
            );
        }
    }
}
