//! OAuth over real HTTP: the `okta-admin` client against the mock's token endpoint (private-key
//! JWT with RSA and EC keys, DPoP with and without nonces, expiry and revocation), and
//! hand-made assertions and proofs for what the client never sends.

#[path = "support/jose.rs"]
mod jose;
mod support;

use std::time::Duration;

use jose::{admin_fixture, fixture, public_jwk, token_form, Signer};
use okta_admin::{Auth, Call, Client, Config, Error, OAuth};
use okta_mock::{MockConfig, MockServer, OAuthClient, RecordedRequest};
use reqwest::Method;
use serde_json::{json, Value};
use support::json_of;

const SCOPES: [&str; 2] = ["okta.users.read", "okta.groups.read"];
const SCOPE: &str = "okta.users.read okta.groups.read";

async fn mock() -> MockServer {
    MockServer::start(MockConfig {
        seed_users: 3,
        ..MockConfig::default()
    })
    .await
    .expect("the mock starts")
}

/// Registers `id` with the RSA test key (SPKI PEM) and `SCOPES`.
fn register_rsa(server: &MockServer, id: &str) -> OAuthClient {
    let client = OAuthClient::new(id, fixture("rsa_public_spki.pem")).with_scopes(SCOPES);
    server
        .register_oauth_client(client.clone())
        .expect("registered");
    client
}

fn client(server: &MockServer, oauth: OAuth) -> Client {
    let config = Config::builder(server.url())
        .auth(Auth::OAuth(oauth))
        .request_timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

fn rsa_oauth(id: &str) -> OAuth {
    OAuth::private_key(id, admin_fixture("rsa_pkcs8.pem")).with_scopes(SCOPES)
}

fn list_users() -> Call {
    Call::new(Method::GET, "/api/v1/users", &[])
}

async fn users(client: &Client) -> Result<Vec<Value>, Error> {
    client.send(list_users()).await
}

fn token_requests(server: &MockServer) -> Vec<RecordedRequest> {
    let requests = server.requests();
    requests
        .into_iter()
        .filter(|r| r.path == "/oauth2/v1/token")
        .collect()
}

fn api_requests(server: &MockServer) -> Vec<RecordedRequest> {
    let requests = server.requests();
    requests
        .into_iter()
        .filter(|r| r.path.starts_with("/api/"))
        .collect()
}

fn authorization(request: &RecordedRequest) -> String {
    request
        .header("authorization")
        .unwrap_or_default()
        .to_owned()
}

fn oauth_code(error: &Error) -> Option<&str> {
    error.api_error().and_then(|e| e.error_code.as_deref())
}

/// Posts a token request form (with an optional DPoP proof); status, headers and JSON.
async fn post_token(
    server: &MockServer,
    form: String,
    dpop: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new()
        .post(server.token_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form);
    if let Some(proof) = dpop {
        request = request.header("DPoP", proof);
    }
    let response = request.send().await.expect("answered");
    let headers = response.headers().clone();
    let (status, body) = json_of(response).await;
    (status, headers, body)
}

/// A hand-made token request for `id` signed by `signer`; the access token.
async fn fetch_token(server: &MockServer, signer: &Signer, id: &str, dpop: Option<&str>) -> String {
    let assertion = signer.assertion(&Signer::claims(id, &server.token_url()));
    let (status, _, body) =
        post_token(server, token_form(&assertion, "okta.users.read"), dpop).await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().expect("a token").to_owned()
}

/// `GET /api/v1/users` with `authorization` and an optional DPoP proof; status and headers.
async fn get_users(
    server: &MockServer,
    authorization: &str,
    dpop: Option<&str>,
) -> (u16, reqwest::header::HeaderMap) {
    let mut request = reqwest::Client::new()
        .get(format!("{}/api/v1/users", server.url()))
        .header("authorization", authorization);
    if let Some(proof) = dpop {
        request = request.header("DPoP", proof);
    }
    let response = request.send().await.expect("answered");
    (response.status().as_u16(), response.headers().clone())
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn rsa_private_key_jwt_end_to_end_with_the_token_request_journaled() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    let client = client(&server, rsa_oauth("0oa-rsa"));
    for _ in 0..2 {
        assert_eq!(users(&client).await.expect("users").len(), 3);
    }
    let tokens = token_requests(&server);
    assert_eq!(tokens.len(), 1, "one token for two calls");
    assert_eq!(tokens[0].method, "POST");
    let form: Vec<(String, String)> = form_urlencoded_pairs(&tokens[0].body);
    assert!(form.contains(&("scope".into(), SCOPE.into())), "{form:?}");
    assert!(form.iter().any(|(k, _)| k == "client_assertion"));
    let api = api_requests(&server);
    assert_eq!(api.len(), 2);
    let bearer = authorization(&api[0]);
    assert!(bearer.starts_with("Bearer "), "{bearer}");
    assert_ne!(bearer, format!("Bearer {}", server.token()));
    assert_eq!(authorization(&api[1]), bearer);
    // The issued token works for any HTTP client until it expires.
    assert_eq!(get_users(&server, &bearer, None).await.0, 200);
    assert_eq!(get_users(&server, "Bearer not-issued", None).await.0, 401);
}

fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

#[tokio::test]
async fn every_public_key_format_verifies_the_matching_private_key() {
    let server = mock().await;
    let rsa_jwk = public_jwk("rsa_private.jwk.json");
    let ec_jwk = public_jwk("ec_private.jwk.json");
    let cases = [
        ("rsa-spki", fixture("rsa_public_spki.pem"), "rsa_pkcs8.pem"),
        (
            "rsa-pkcs1",
            admin_fixture("rsa_public_pkcs1.pem"),
            "rsa_pkcs1.pem",
        ),
        ("rsa-jwk", rsa_jwk.to_string(), "rsa_private.jwk.json"),
        (
            "ec-spki",
            admin_fixture("ec_public_spki.pem"),
            "ec_pkcs8.pem",
        ),
        ("ec-jwk", ec_jwk.to_string(), "ec_sec1.pem"),
        // A private JWK registers its public half.
        (
            "ec-private-jwk",
            admin_fixture("ec_private.jwk.json"),
            "ec_private.jwk.json",
        ),
    ];
    for (id, public, private) in cases {
        server
            .register_oauth_client(OAuthClient::new(id, public))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let oauth = OAuth::private_key(id, admin_fixture(private)).with_scopes(["okta.users.read"]);
        users(&client(&server, oauth))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    assert_eq!(token_requests(&server).len(), 6);
    // A key registered for one client does not verify another's assertions.
    let wrong = OAuth::private_key("rsa-spki", admin_fixture("ec_pkcs8.pem"))
        .with_scopes(["okta.users.read"]);
    let error = users(&client(&server, wrong)).await.expect_err("wrong key");
    assert_eq!(error.status(), Some(401));
    assert_eq!(oauth_code(&error), Some("invalid_client"));
}

#[tokio::test]
async fn control_api_registers_lists_and_validates_clients() {
    let server = mock().await;
    let http = reqwest::Client::new();
    let post = |body: Value| {
        http.post(format!("{}/__mock/oauth/clients", server.url()))
            .json(&body)
            .send()
    };
    let (status, summary) = json_of(
        post(json!({
            "clientId": "0oa-ec",
            "publicKey": public_jwk("ec_private.jwk.json"),
            "scopes": ["okta.users.read"],
            "tokenLifetimeSecs": 120,
        }))
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{summary}");
    assert_eq!(summary["keyType"], "EC");
    assert_eq!(summary["kid"], "test-ec-kid");
    assert_eq!(summary["dpop"], false);
    let (status, rsa) = json_of(
        post(json!({ "clientId": "0oa-rsa", "publicKey": fixture("rsa_public_spki.pem"), "dpop": true }))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &rsa["keyType"]), (201, &json!("RSA")));
    let (_, list) = json_of(
        http.get(format!("{}/__mock/oauth/clients", server.url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["clientId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["0oa-ec", "0oa-rsa"]);
    for bad in [
        json!({ "clientId": "x", "publicKey": "not a key" }),
        json!({ "clientId": "x", "publicKey": admin_fixture("rsa_pkcs8.pem") }),
        json!({ "publicKey": fixture("rsa_public_spki.pem") }),
        json!({ "clientId": "x" }),
        json!({ "clientId": "x", "publicKey": fixture("rsa_public_spki.pem"), "tokenLifetimeSecs": 0 }),
        json!({ "clientId": "x", "publicKey": fixture("rsa_public_spki.pem"), "scope": "a" }),
        json!(["x"]),
    ] {
        let (status, body) = json_of(post(bad.clone()).await.unwrap()).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["errorCode"], "E0000001", "{body}");
    }
    let ec = OAuth::private_key("0oa-ec", admin_fixture("ec_pkcs8.pem"))
        .with_scopes(["okta.users.read"]);
    users(&client(&server, ec)).await.expect("EC client works");
    let token = token_requests(&server);
    assert_eq!(token.len(), 1);
    let revoke = http
        .post(format!("{}/__mock/oauth/revoke", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(revoke).await, (200, json!({ "revoked": 1 })));
    assert_eq!(
        http.get(format!("{}/__mock/oauth/revoke", server.url()))
            .send()
            .await
            .unwrap()
            .status(),
        405
    );
}

#[tokio::test]
async fn a_successful_token_response_has_okta_s_shape() {
    let server = mock().await;
    server
        .register_oauth_client(
            OAuthClient::new("0oa-rsa", fixture("rsa_public_spki.pem"))
                .with_scopes(SCOPES)
                .with_token_lifetime_secs(600),
        )
        .unwrap();
    let assertion = Signer::rsa().assertion(&Signer::claims("0oa-rsa", &server.token_url()));
    let (status, headers, body) = post_token(&server, token_form(&assertion, SCOPE), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 600);
    assert_eq!(body["scope"], SCOPE);
    assert!(body["access_token"].as_str().unwrap().len() >= 32);
    assert_eq!(header(&headers, "cache-control"), "no-store");
}

#[tokio::test]
async fn a_reused_assertion_is_refused() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    users(&client(&server, rsa_oauth("0oa-rsa")))
        .await
        .expect("first use");
    let body = token_requests(&server)[0].body.clone();
    let (status, _, error) = post_token(&server, String::from_utf8(body).unwrap(), None).await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"], "invalid_client");
    assert!(
        error["error_description"].as_str().unwrap().contains("jti"),
        "{error}"
    );
    // A pre-signed assertion (okta-admin's JWT mode) gets the same answer.
    let assertion = form_urlencoded_pairs(&token_requests(&server)[0].body)
        .into_iter()
        .find(|(k, _)| k == "client_assertion")
        .unwrap()
        .1;
    let presigned = OAuth::client_assertion("0oa-rsa", assertion).with_scopes(SCOPES);
    let error = users(&client(&server, presigned))
        .await
        .expect_err("reused");
    assert_eq!(
        (error.status(), oauth_code(&error)),
        (Some(400), Some("invalid_client"))
    );
}

#[tokio::test]
async fn assertions_with_bad_claims_or_signatures_are_refused() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    let aud = server.token_url();
    let rsa = Signer::rsa();
    let now = jose::now();
    let with = |patch: Value| {
        let mut claims = Signer::claims("0oa-rsa", &aud);
        for (key, value) in patch.as_object().unwrap() {
            if value.is_null() {
                claims.as_object_mut().unwrap().remove(key);
            } else {
                claims[key] = value.clone();
            }
        }
        claims
    };
    let unsigned = |claims: &Value| {
        let b64 = |v: &Value| base64_url(v.to_string().as_bytes());
        format!("{}.{}.", b64(&json!({"alg": "none"})), b64(claims))
    };
    let cases: Vec<(&str, String, u16, &str)> = vec![
        (
            "wrong aud",
            rsa.assertion(&with(
                json!({"aud": "https://other.example/oauth2/v1/token"}),
            )),
            401,
            "audience",
        ),
        (
            "aud without path",
            rsa.assertion(&with(json!({"aud": server.url()}))),
            401,
            "audience",
        ),
        (
            "expired",
            rsa.assertion(&with(json!({"iat": now - 600, "exp": now - 60}))),
            401,
            "expired",
        ),
        (
            "exp two hours ahead",
            rsa.assertion(&with(json!({"exp": now + 7200}))),
            401,
            "too far",
        ),
        (
            "no exp",
            rsa.assertion(&with(json!({"exp": null}))),
            401,
            "exp",
        ),
        (
            "no jti",
            rsa.assertion(&with(json!({"jti": null}))),
            401,
            "jti",
        ),
        (
            "iss differs from sub",
            rsa.assertion(&with(json!({"sub": "other"}))),
            401,
            "client id",
        ),
        (
            "unknown client",
            rsa.assertion(&Signer::claims("0oa-nobody", &aud)),
            401,
            "not valid",
        ),
        (
            "signed by another key",
            Signer::ec().assertion(&with(json!({}))),
            401,
            "signature",
        ),
        ("alg none", unsigned(&with(json!({}))), 401, "signature"),
        ("not a JWT", "abc".to_owned(), 401, "client_assertion"),
    ];
    for (case, assertion, status, why) in cases {
        let (got, _, body) =
            post_token(&server, token_form(&assertion, "okta.users.read"), None).await;
        assert_eq!(got, status, "{case}: {body}");
        assert_eq!(body["error"], "invalid_client", "{case}: {body}");
        let description = body["error_description"].as_str().unwrap();
        assert!(description.contains(why), "{case}: {description}");
    }
    let good = rsa.assertion(&with(json!({})));
    let form = |grant: &str| {
        format!(
            "grant_type={grant}&scope=okta.users.read&client_assertion_type={}&client_assertion={good}",
            jose::JWT_BEARER
        )
    };
    let (status, _, body) = post_token(&server, form("password"), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, _, body) = post_token(
        &server,
        form("client_credentials").replace("jwt-bearer", "saml2-bearer"),
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let json_body = reqwest::Client::new()
        .post(server.token_url())
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(json_body).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );
    // None of the refused requests burned the good assertion's jti.
    let (status, _, body) = post_token(&server, form("client_credentials"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        token_requests(&server).len(),
        15,
        "every token request is journaled"
    );
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn an_unknown_client_is_401_invalid_client() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    let error = users(&client(&server, rsa_oauth("0oa-unknown")))
        .await
        .expect_err("unknown client");
    assert_eq!(error.status(), Some(401));
    assert_eq!(oauth_code(&error), Some("invalid_client"));
    assert!(
        api_requests(&server).is_empty(),
        "no API call without a token"
    );
}

#[tokio::test]
async fn scopes_outside_the_allowed_set_are_invalid_scope() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    let greedy = OAuth::private_key("0oa-rsa", admin_fixture("rsa_pkcs8.pem"))
        .with_scopes(["okta.users.read", "okta.apps.manage"]);
    let error = users(&client(&server, greedy))
        .await
        .expect_err("scope refused");
    assert_eq!(error.status(), Some(400));
    assert_eq!(oauth_code(&error), Some("invalid_scope"));
    assert!(error.to_string().contains("okta.apps.manage"), "{error}");
    // A subset of the allowed scopes is fine.
    let modest = OAuth::private_key("0oa-rsa", admin_fixture("rsa_pkcs8.pem"))
        .with_scopes(["okta.groups.read"]);
    users(&client(&server, modest)).await.expect("subset");
    // No scope at all is refused too.
    let assertion = Signer::rsa().assertion(&Signer::claims("0oa-rsa", &server.token_url()));
    let (status, _, body) = post_token(&server, token_form(&assertion, ""), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );
}

#[tokio::test]
async fn expired_tokens_are_refused_and_the_client_fetches_a_new_one() {
    let server = mock().await;
    server
        .register_oauth_client(
            OAuthClient::new("0oa-short", fixture("rsa_public_spki.pem"))
                .with_token_lifetime_secs(1),
        )
        .unwrap();
    let token = fetch_token(&server, &Signer::rsa(), "0oa-short", None).await;
    let bearer = format!("Bearer {token}");
    assert_eq!(get_users(&server, &bearer, None).await.0, 200);
    let client = client(&server, rsa_oauth("0oa-short"));
    users(&client).await.expect("first call");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, headers) = get_users(&server, &bearer, None).await;
    assert_eq!(status, 401, "expired");
    assert!(headers.contains_key("x-okta-request-id"));
    users(&client).await.expect("second call, with a new token");
    let api = api_requests(&server);
    let client_calls: Vec<String> = api[1..]
        .iter()
        .filter(|r| authorization(r) != bearer)
        .map(authorization)
        .collect();
    assert_eq!(client_calls.len(), 2);
    assert_ne!(client_calls[0], client_calls[1], "a new token after expiry");
    assert_eq!(token_requests(&server).len(), 3);
}

#[tokio::test]
async fn revoked_tokens_get_401_and_the_client_refetches_once() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    let client = client(&server, rsa_oauth("0oa-rsa"));
    users(&client).await.expect("before revocation");
    assert_eq!(server.revoke_oauth_tokens(), 1);
    users(&client)
        .await
        .expect("after revocation: 401, new token, retried");
    let api = api_requests(&server);
    assert_eq!(api.len(), 3);
    assert_eq!(
        authorization(&api[0]),
        authorization(&api[1]),
        "the revoked token was tried"
    );
    assert_ne!(authorization(&api[1]), authorization(&api[2]));
    assert_eq!(token_requests(&server).len(), 2);
    let (status, _) = get_users(&server, &authorization(&api[0]), None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn dpop_end_to_end() {
    let server = mock().await;
    server
        .register_oauth_client(
            OAuthClient::new("0oa-dpop", fixture("rsa_public_spki.pem"))
                .with_scopes(SCOPES)
                .with_dpop(true),
        )
        .unwrap();
    let dpop_client = client(&server, rsa_oauth("0oa-dpop").with_dpop(true));
    for _ in 0..2 {
        assert_eq!(users(&dpop_client).await.expect("users").len(), 3);
    }
    let tokens = token_requests(&server);
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].header("dpop").is_some());
    let api = api_requests(&server);
    assert_eq!(api.len(), 2);
    for request in &api {
        assert!(authorization(request).starts_with("DPoP "), "{request:?}");
        assert!(request.header("dpop").is_some());
    }
    // A DPoP-bound token is refused as a Bearer token, and without a proof.
    let token = authorization(&api[0])
        .trim_start_matches("DPoP ")
        .to_owned();
    let (status, headers) = get_users(&server, &format!("Bearer {token}"), None).await;
    assert_eq!(status, 401);
    assert!(header(&headers, "www-authenticate").starts_with("DPoP "));
    assert_eq!(
        get_users(&server, &format!("DPoP {token}"), None).await.0,
        401
    );
    // A client without DPoP switches it on when the token endpoint asks for a proof.
    let upgraded = client(&server, rsa_oauth("0oa-dpop"));
    users(&upgraded).await.expect("upgraded to DPoP");
    let tokens = token_requests(&server);
    assert_eq!(tokens.len(), 3);
    assert!(tokens[1].header("dpop").is_none());
    assert!(tokens[2].header("dpop").is_some());
}

#[tokio::test]
async fn dpop_with_a_required_nonce() {
    let server = mock().await;
    server
        .register_oauth_client(
            OAuthClient::new("0oa-dpop", fixture("rsa_public_spki.pem")).with_dpop(true),
        )
        .unwrap();
    let http = reqwest::Client::new();
    let config = http
        .post(format!("{}/__mock/config", server.url()))
        .json(&json!({ "requireDpopNonce": true }))
        .send()
        .await
        .unwrap();
    let (status, config) = json_of(config).await;
    assert_eq!((status, &config["requireDpopNonce"]), (200, &json!(true)));

    let client = client(&server, rsa_oauth("0oa-dpop").with_dpop(true));
    users(&client)
        .await
        .expect("nonce retries at the token endpoint and the API");
    users(&client).await.expect("the nonce is remembered");
    let tokens = token_requests(&server);
    assert_eq!(tokens.len(), 2, "use_dpop_nonce, then with the nonce");
    assert_eq!(
        api_requests(&server).len(),
        3,
        "use_dpop_nonce once, then two calls"
    );

    // By hand: the challenges and their nonce.
    let key = Signer::generate();
    let assertion = Signer::rsa().assertion(&Signer::claims("0oa-dpop", &server.token_url()));
    let proof = key.proof(&Signer::proof_claims(
        "POST",
        &server.token_url(),
        None,
        None,
    ));
    let (status, headers, body) = post_token(
        &server,
        token_form(&assertion, "okta.users.read"),
        Some(&proof),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("use_dpop_nonce")),
        "{body}"
    );
    let nonce = header(&headers, "dpop-nonce").to_owned();
    assert!(!nonce.is_empty());
    let proof = key.proof(&Signer::proof_claims(
        "POST",
        &server.token_url(),
        None,
        Some(&nonce),
    ));
    let token = fetch_token(&server, &Signer::rsa(), "0oa-dpop", Some(&proof)).await;
    let url = format!("{}/api/v1/users", server.url());
    let proof = key.proof(&Signer::proof_claims("GET", &url, Some(&token), None));
    let (status, headers) = get_users(&server, &format!("DPoP {token}"), Some(&proof)).await;
    assert_eq!(status, 401);
    assert!(header(&headers, "www-authenticate").contains("use_dpop_nonce"));
    assert_eq!(header(&headers, "dpop-nonce"), nonce);
    let proof = key.proof(&Signer::proof_claims(
        "GET",
        &url,
        Some(&token),
        Some(&nonce),
    ));
    assert_eq!(
        get_users(&server, &format!("DPoP {token}"), Some(&proof))
            .await
            .0,
        200
    );

    server.set_require_dpop_nonce(false);
    let proof = key.proof(&Signer::proof_claims("GET", &url, Some(&token), None));
    assert_eq!(
        get_users(&server, &format!("DPoP {token}"), Some(&proof))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn dpop_proofs_must_match_the_request_token_and_key() {
    let server = mock().await;
    server
        .register_oauth_client(
            OAuthClient::new("0oa-dpop", fixture("rsa_public_spki.pem")).with_dpop(true),
        )
        .unwrap();
    let rsa = Signer::rsa();
    let key = Signer::generate();
    let token_url = server.token_url();
    let assertion = || rsa.assertion(&Signer::claims("0oa-dpop", &token_url));

    // The token endpoint.
    let (status, _, body) =
        post_token(&server, token_form(&assertion(), "okta.users.read"), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof"))
    );
    let wrong_htu = key.proof(&Signer::proof_claims(
        "POST",
        &format!("{}/oauth2/v1/other", server.url()),
        None,
        None,
    ));
    let (status, _, body) = post_token(
        &server,
        token_form(&assertion(), "okta.users.read"),
        Some(&wrong_htu),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof")),
        "{body}"
    );
    let proof = key.proof(&Signer::proof_claims("POST", &token_url, None, None));
    let (status, _, body) = post_token(
        &server,
        token_form(&assertion(), "okta.users.read"),
        Some(&proof),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "DPoP");
    let token = body["access_token"].as_str().unwrap().to_owned();

    // The API.
    let url = format!("{}/api/v1/users", server.url());
    let dpop = format!("DPoP {token}");
    let mut private_jwk = key.jwk();
    private_jwk["d"] = "AAAA".into();
    let refused = [
        (
            "wrong ath",
            key.proof(&Signer::proof_claims(
                "GET",
                &url,
                Some("another-token"),
                None,
            )),
        ),
        (
            "no ath",
            key.proof(&Signer::proof_claims("GET", &url, None, None)),
        ),
        (
            "wrong htu",
            key.proof(&Signer::proof_claims(
                "GET",
                &format!("{}/api/v1/groups", server.url()),
                Some(&token),
                None,
            )),
        ),
        (
            "wrong htm",
            key.proof(&Signer::proof_claims("POST", &url, Some(&token), None)),
        ),
        (
            "another key",
            Signer::generate().proof(&Signer::proof_claims("GET", &url, Some(&token), None)),
        ),
        (
            "stale iat",
            key.proof(&{
                let mut claims = Signer::proof_claims("GET", &url, Some(&token), None);
                claims["iat"] = (jose::now() - 600).into();
                claims
            }),
        ),
        (
            "wrong typ",
            key.sign(
                &json!({"typ": "JWT", "alg": "ES256", "jwk": key.jwk()}),
                &Signer::proof_claims("GET", &url, Some(&token), None),
            ),
        ),
        (
            "private jwk",
            key.sign(
                &json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": private_jwk}),
                &Signer::proof_claims("GET", &url, Some(&token), None),
            ),
        ),
        ("garbage", "not-a-proof".to_owned()),
    ];
    for (case, proof) in refused {
        let (status, headers) = get_users(&server, &dpop, Some(&proof)).await;
        assert_eq!(status, 401, "{case}");
        assert!(
            header(&headers, "www-authenticate").contains("invalid_dpop_proof"),
            "{case}: {headers:?}"
        );
    }
    let good = key.proof(&Signer::proof_claims("GET", &url, Some(&token), None));
    assert_eq!(get_users(&server, &dpop, Some(&good)).await.0, 200);
    assert_eq!(
        get_users(&server, &dpop, Some(&good)).await.0,
        401,
        "a replayed proof"
    );
    // htu leaves out the query.
    let proof = key.proof(&Signer::proof_claims("GET", &url, Some(&token), None));
    let response = reqwest::Client::new()
        .get(format!("{url}?limit=1"))
        .header("authorization", &dpop)
        .header("DPoP", proof)
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(response).await.1.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_static_token_still_works() {
    let server = mock().await;
    register_rsa(&server, "0oa-rsa");
    for scheme in ["SSWS", "Bearer"] {
        let (status, _) = get_users(&server, &format!("{scheme} {}", server.token()), None).await;
        assert_eq!(status, 200, "{scheme}");
    }
    assert_eq!(
        get_users(&server, &format!("DPoP {}", server.token()), None)
            .await
            .0,
        401
    );
}

#[test]
fn the_binary_registers_clients_from_the_command_line() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = std::env::temp_dir().join(format!("okta-mock-oauth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jwk_path = dir.join("ec.jwk.json");
    std::fs::write(&jwk_path, public_jwk("ec_private.jwk.json").to_string()).unwrap();
    let spki = format!(
        "{}/tests/fixtures/rsa_public_spki.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        .args([
            "--seed-users",
            "2",
            "--oauth-client",
            &format!("0oa-rsa={spki}:okta.users.read,okta.groups.read"),
            &format!("--oauth-dpop-client=0oa-ec={}", jwk_path.display()),
            "--require-dpop-nonce",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("okta-mock listening on ")
        .unwrap_or_default()
        .to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = runtime.block_on(async {
        let call = |oauth: OAuth| {
            let config = Config::builder(url.clone())
                .auth(Auth::OAuth(oauth))
                .build()
                .unwrap();
            async move {
                Client::new(config)
                    .unwrap()
                    .send::<Vec<Value>>(list_users())
                    .await
                    .map(|u| u.len())
            }
        };
        let rsa = call(rsa_oauth("0oa-rsa")).await;
        let greedy = call(
            OAuth::private_key("0oa-rsa", admin_fixture("rsa_pkcs8.pem"))
                .with_scopes(["okta.apps.read"]),
        )
        .await;
        let ec = call(
            OAuth::private_key("0oa-ec", admin_fixture("ec_pkcs8.pem"))
                .with_scopes(["any.scope"])
                .with_dpop(true),
        )
        .await;
        (rsa, greedy, ec)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(results.0.expect("rsa client"), 2);
    assert_eq!(
        results
            .1
            .expect_err("scope")
            .api_error()
            .and_then(|e| e.error_code.clone())
            .as_deref(),
        Some("invalid_scope")
    );
    assert_eq!(results.2.expect("DPoP client with nonce"), 2);

    let output = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        .args([
            "--oauth-client",
            &format!("x={}", admin_fixture_path("rsa_pkcs8.pem")),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("private key"));
}

fn admin_fixture_path(name: &str) -> String {
    format!(
        "{}/../okta-admin-runtime/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}
