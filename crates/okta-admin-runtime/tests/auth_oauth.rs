//! OAuth 2.0 client credentials with a private-key JWT, over real loopback HTTP: a token
//! endpoint verifies every assertion with the public key, tokens are cached, shared by
//! concurrent callers, renewed, and replaced once after a 401.

#[path = "auth_support.rs"]
mod auth;

use std::sync::Arc;
use std::time::Duration;

use auth::support::{Reply, Server};
use auth::{ec_public, fixture, rsa_public, token_reply, Expect, TokenEndpoint, CLIENT_ID};
use okta_admin_runtime::{Auth, Call, Client, Config, Error, OAuth};
use reqwest::Method;
use serde_json::Value;

const SCOPES: [&str; 2] = ["okta.users.read", "okta.groups.read"];
const SCOPE: &str = "okta.users.read okta.groups.read";

fn rsa_expect(kid: Option<&'static str>) -> Expect {
    Expect {
        public: rsa_public(),
        alg: "RS256",
        kid,
        scope: SCOPE,
    }
}

/// A server whose token endpoint verifies assertions and issues `AT-1`, `AT-2`, … valid for
/// `expires_in` seconds (after `delay`), and whose API answers 200 only to the current token.
async fn oauth_server(
    endpoint: Arc<TokenEndpoint>,
    expires_in: u64,
    delay: Duration,
    api: impl Fn(usize, Option<&str>) -> Reply + Send + Sync + 'static,
) -> Server {
    Server::start(move |_, request, base| {
        if request.target.starts_with("/oauth2/") {
            if let Err(reply) = endpoint.check(request, base) {
                return reply;
            }
            let token = format!("AT-{}", endpoint.assertions.lock().unwrap().len());
            return Reply::Delay(delay, Box::new(token_reply("Bearer", &token, expires_in)));
        }
        let token = request
            .header("Authorization")
            .and_then(|h| h.strip_prefix("Bearer "));
        api(endpoint.assertions.lock().unwrap().len(), token)
    })
    .await
}

/// 200 when the request carries the latest token, 401 otherwise.
fn current_token_only(issued: usize, token: Option<&str>) -> Reply {
    if token == Some(format!("AT-{issued}").as_str()) {
        Reply::json(200, r#"{"ok":true}"#)
    } else {
        Reply::json(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        )
    }
}

fn client(server: &Server, oauth: OAuth) -> Client {
    let config = server
        .config()
        .auth(Auth::OAuth(oauth))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

fn rsa_oauth() -> OAuth {
    OAuth::private_key(CLIENT_ID, fixture("rsa_pkcs8.pem"))
        .with_scopes(SCOPES)
        .with_key_id("my-kid")
}

fn get(path: &'static str) -> Call {
    Call::new(Method::GET, path, &[])
}

fn api_requests(server: &Server) -> Vec<auth::support::Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/api/"))
        .collect()
}

#[tokio::test]
async fn rs256_assertion_is_verified_and_the_token_is_cached() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, current_token_only).await;
    let client = client(&server, rsa_oauth());
    for _ in 0..3 {
        let body: Value = client.send(get("/api/v1/users/me")).await.expect("call");
        assert_eq!(body["ok"], true);
    }
    assert_eq!(endpoint.count(), 1, "one token request for three calls");
    let assertion = &endpoint.assertions.lock().unwrap()[0];
    assert_eq!(assertion.header["typ"], "JWT");
    assert_eq!(assertion.claims["iss"], CLIENT_ID);
    for request in api_requests(&server) {
        assert_eq!(request.header("Authorization"), Some("Bearer AT-1"));
        assert_eq!(request.header("DPoP"), None);
        assert!(request
            .header("User-Agent")
            .unwrap()
            .starts_with("okta-admin-rust/"));
    }
    let token_request = &server.requests()[0];
    assert_eq!(token_request.header("Accept"), Some("application/json"));
}

#[tokio::test]
async fn every_key_format_signs_a_verifiable_assertion() {
    let cases = [
        ("rsa_pkcs8.pem", "RS256", None),
        ("rsa_pkcs1.pem", "RS256", None),
        ("rsa_private.jwk.json", "RS256", Some("test-rsa-kid")),
        ("ec_sec1.pem", "ES256", None),
        ("ec_pkcs8.pem", "ES256", None),
        ("ec_private.jwk.json", "ES256", Some("test-ec-kid")),
    ];
    for (file, alg, jwk_kid) in cases {
        let public = if alg == "RS256" {
            rsa_public()
        } else {
            ec_public()
        };
        let endpoint = Arc::new(TokenEndpoint::new(Expect {
            public,
            alg,
            // A JWK's own kid is used when none is configured.
            kid: jwk_kid,
            scope: "okta.users.read",
        }));
        let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, current_token_only).await;
        let oauth = OAuth::private_key(CLIENT_ID, fixture(file)).with_scopes(["okta.users.read"]);
        client(&server, oauth)
            .send_empty(get("/api/v1/users/me"))
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(endpoint.count(), 1, "{file}");
    }
}

#[tokio::test]
async fn keys_pasted_into_one_line_with_escaped_newlines_work() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(None)));
    let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, current_token_only).await;
    let one_line = fixture("rsa_pkcs1.pem").trim().replace('\n', "\\n");
    let oauth = OAuth::private_key(CLIENT_ID, one_line).with_scopes(SCOPES);
    client(&server, oauth)
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect("call");
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(
        endpoint.clone(),
        3600,
        Duration::from_millis(300),
        current_token_only,
    )
    .await;
    let client = client(&server, rsa_oauth());
    let calls = (0..20).map(|i| {
        let client = client.clone();
        async move {
            client
                .send_empty(Call::new(
                    Method::GET,
                    "/api/v1/users/{}",
                    &[&format!("u{i}")],
                ))
                .await
        }
    });
    for result in futures_util::future::join_all(calls).await {
        result.expect("call");
    }
    assert_eq!(endpoint.count(), 1, "one token fetch shared by 20 callers");
    assert_eq!(api_requests(&server).len(), 20);
}

#[tokio::test]
async fn callers_waiting_for_a_failed_token_request_share_its_error() {
    let server = Server::start(|_, request, _| {
        if request.target.starts_with("/oauth2/") {
            Reply::Delay(
                Duration::from_millis(300),
                Box::new(auth::oauth_error(
                    401,
                    "invalid_client",
                    "Client authentication failed.",
                )),
            )
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let client = client(&server, rsa_oauth());
    let calls = (0..10).map(|_| client.send_empty(get("/api/v1/users/me")));
    for result in futures_util::future::join_all(calls).await {
        let error = result.expect_err("refused");
        assert_eq!(
            error.api_error().and_then(|e| e.error_code.as_deref()),
            Some("invalid_client")
        );
    }
    assert_eq!(
        server.requests().len(),
        1,
        "one token request for ten waiting callers"
    );
    // A later call tries again.
    client
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect_err("refused");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn token_is_renewed_before_it_expires_with_a_fresh_assertion() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(endpoint.clone(), 1, Duration::ZERO, current_token_only).await;
    let client = client(&server, rsa_oauth());
    client
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect("first");
    tokio::time::sleep(Duration::from_millis(700)).await;
    client
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect("second");
    assert_eq!(
        endpoint.count(),
        2,
        "renewed halfway through a 1 s lifetime"
    );
    let tokens: Vec<_> = api_requests(&server)
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_owned())
        .collect();
    assert_eq!(tokens, ["Bearer AT-1", "Bearer AT-2"]);
    // The endpoint refuses a reused jti; both assertions passed, so each had its own.
    assert_eq!(endpoint.seen_jti.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_401_replaces_the_token_once_even_for_post() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    // The server revokes AT-1: only tokens issued after the first are accepted.
    let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, |issued, token| {
        if issued >= 2 {
            current_token_only(issued, token)
        } else {
            Reply::json(
                401,
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token"}"#,
            )
        }
    })
    .await;
    let client = client(&server, rsa_oauth());
    let mut call = Call::new(Method::POST, "/api/v1/groups", &[]);
    call.json_body(&serde_json::json!({"profile": {"name": "g"}}));
    client
        .send_empty(call)
        .await
        .expect("retried with a new token");
    assert_eq!(endpoint.count(), 2);
    let api = api_requests(&server);
    assert_eq!(api.len(), 2);
    assert_eq!(api[1].header("Authorization"), Some("Bearer AT-2"));
    assert_eq!(api[1].body, api[0].body, "the same body is sent again");
}

#[tokio::test]
async fn a_persistent_401_is_returned_after_one_refetch() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, |_, _| {
        Reply::json(
            401,
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        )
    })
    .await;
    let client = client(&server, rsa_oauth());
    let error = client
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect_err("401");
    assert_eq!(error.status(), Some(401));
    assert_eq!(endpoint.count(), 2, "exactly one refetch");
    assert_eq!(api_requests(&server).len(), 2);
}

#[tokio::test]
async fn a_reused_client_assertion_is_refused_by_the_token_endpoint() {
    // JWT mode: a pre-signed assertion is sent as is; the endpoint accepts it once only.
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(endpoint.clone(), 1, Duration::ZERO, current_token_only).await;
    // Sign one assertion with a throwaway client, capturing it from the endpoint.
    client(&server, rsa_oauth())
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect("signed");
    let assertion = {
        let request = &server.requests()[0];
        auth::form(&request.body)["client_assertion"].clone()
    };
    let presigned = OAuth::client_assertion(CLIENT_ID, assertion.clone()).with_scopes(SCOPES);
    let config = server
        .config()
        .auth(Auth::OAuth(presigned))
        .build()
        .expect("config");
    assert_eq!(config.auth().authorization_mode(), "JWT");
    let error = Client::new(config.clone())
        .expect("client")
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect_err("jti reuse");
    let api = error.api_error().expect("api error");
    assert_eq!(api.status, 400);
    assert_eq!(api.error_code.as_deref(), Some("invalid_client"));
    assert!(error.to_string().contains("jti reuse"), "{error}");
    for output in [
        format!("{config:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!output.contains(&assertion), "assertion leaked: {output}");
    }
}

#[tokio::test]
async fn token_endpoint_errors_are_api_errors_without_secrets() {
    let server = Server::start(|_, request, _| {
        if request.target.starts_with("/oauth2/") {
            auth::oauth_error(
                401,
                "invalid_client",
                "The client_assertion signature is invalid.",
            )
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let client = client(&server, rsa_oauth());
    let error = client
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect_err("token refused");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.to_string(),
        "HTTP 401 invalid_client: The client_assertion signature is invalid."
    );
    assert!(
        api_requests(&server).is_empty(),
        "no API call without a token"
    );
    let assertion = auth::form(&server.requests()[0].body)["client_assertion"].clone();
    let key_line = fixture("rsa_pkcs8.pem").lines().nth(1).unwrap().to_owned();
    for output in [
        format!("{error:?}"),
        format!("{client:?}"),
        format!("{:?}", client.config()),
    ] {
        assert!(!output.contains(&assertion), "assertion leaked: {output}");
        assert!(!output.contains(&key_line), "key leaked: {output}");
    }
}

#[tokio::test]
async fn a_malformed_token_response_is_reported_without_its_body() {
    let server = Server::start(|_, request, _| {
        if request.target.starts_with("/oauth2/") {
            Reply::json(200, r#"{"token_type":"Bearer","access_tok":"SECRET-AT"}"#)
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let error = client(&server, rsa_oauth())
        .send_empty(get("/api/v1/users/me"))
        .await
        .expect_err("bad response");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(
        !format!("{error:?} {error}").contains("SECRET-AT"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_per_call_authorization_header_is_left_alone() {
    let endpoint = Arc::new(TokenEndpoint::new(rsa_expect(Some("my-kid"))));
    let server = oauth_server(endpoint.clone(), 3600, Duration::ZERO, |_, _| {
        Reply::json(200, "{}")
    })
    .await;
    let mut call = get("/api/v1/users/me");
    call.extra_header("Authorization", "SSWS per-call");
    client(&server, rsa_oauth())
        .send_empty(call)
        .await
        .expect("call");
    assert_eq!(endpoint.count(), 0);
    assert_eq!(
        server.requests()[0].header("Authorization"),
        Some("SSWS per-call")
    );
}

#[test]
fn bad_keys_and_settings_fail_at_build_without_echoing_the_key() {
    let build = |oauth: OAuth| {
        Config::builder("https://dev-1.okta.com")
            .auth(Auth::OAuth(oauth))
            .build()
            .expect_err("invalid")
            .to_string()
    };
    let key = |text: &str| OAuth::private_key(CLIENT_ID, text).with_scopes(["okta.users.read"]);
    let rsa_jwk: Value = serde_json::from_str(&fixture("rsa_private.jwk.json")).unwrap();
    let mut public_jwk = rsa_jwk.clone();
    public_jwk.as_object_mut().unwrap().remove("d");
    let mut p384 = serde_json::from_str::<Value>(&fixture("ec_private.jwk.json")).unwrap();
    p384["crv"] = "P-384".into();
    let pkcs8 = fixture("rsa_pkcs8.pem");
    let truncated = pkcs8.replace(pkcs8.lines().nth(3).unwrap(), "");
    let cases = [
        (key("SECRETSECRETSECRET"), "not a PEM or JWK private key"),
        (key(&fixture("rsa_public_pkcs1.pem")), "public key or certificate"),
        (
            key("-----BEGIN ENCRYPTED PRIVATE KEY-----\nSECRETSECRET\n-----END ENCRYPTED PRIVATE KEY-----"),
            "encrypted private keys are not supported",
        ),
        (
            key("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nSECRETSECRET\n-----END RSA PRIVATE KEY-----"),
            "encrypted private keys are not supported",
        ),
        (key(&public_jwk.to_string()), "public key"),
        (key(&p384.to_string()), "P-256"),
        (key(&truncated), "not valid PKCS#8 DER"),
        (key("{\"kty\":\"oct\",\"k\":\"SECRETSECRET\"}"), "not supported"),
        (OAuth::private_key(CLIENT_ID, pkcs8.clone()), "no OAuth scopes"),
        (OAuth::private_key(" ", pkcs8.clone()).with_scopes(["a"]), "client id is empty"),
        (OAuth::client_assertion(CLIENT_ID, " ").with_scopes(["a"]), "assertion is empty"),
    ];
    let secret_line = pkcs8.lines().nth(5).unwrap();
    let jwk_d = rsa_jwk["d"].as_str().unwrap();
    for (oauth, expected) in cases {
        let message = build(oauth);
        assert!(
            message.contains(expected),
            "{message} (expected {expected})"
        );
        for secret in ["SECRETSECRET", secret_line, &jwk_d[..20]] {
            assert!(!message.contains(secret), "echoed: {message}");
        }
    }
}
