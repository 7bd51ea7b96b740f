//! Per-call escape hatches against `okta-mock`: extra query and headers, a raw JSON body that
//! replaces the typed one, per-call timeout and retry limit, the raw response beside the typed
//! result, and a hand-built `Call` for anything the spec lacks.

use std::time::Duration;

use okta_admin::models::{CreateUserRequest, CreateUserRequestProfile};
use okta_admin::{Auth, Call, CallOptions, Client, Config, Error};
use okta_mock::{Fault, MockConfig, MockServer};
use reqwest::Method;
use serde_json::json;

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start(MockConfig { seed_users: 3, ..Default::default() }).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().into())).build().expect("config");
    let client = Client::new(config).expect("client");
    (server, client)
}

#[tokio::test]
async fn extra_query_and_headers_reach_the_server() {
    let (server, client) = setup().await;
    let scoped = client.with_options(CallOptions::new().query("expand", "blocks").header("X-Request-Tag", "audit-7"));
    scoped.users().list().collect_all().await.expect("list");
    let request = server.requests().pop().expect("journaled");
    assert_eq!(request.query, "expand=blocks");
    assert_eq!(request.header("x-request-tag"), Some("audit-7"));
    client.users().list().collect_all().await.expect("plain client unchanged");
    assert_eq!(server.requests().pop().expect("journaled").query, "");
}

#[tokio::test]
async fn a_raw_json_body_replaces_the_typed_one() {
    let (server, client) = setup().await;
    let raw = json!({"profile": {"login": "raw@example.com", "email": "raw@example.com", "firstName": "R", "lastName": "J", "favoriteColor": "green"}});
    let typed = CreateUserRequest { profile: CreateUserRequestProfile::default(), ..Default::default() };
    let user = client
        .with_options(CallOptions::new().json_body(raw.clone()))
        .users()
        .create(&typed)
        .await
        .expect("created from the raw body");
    assert_eq!(user.profile.and_then(|p| p.login).as_deref(), Some("raw@example.com"));
    let sent: serde_json::Value = serde_json::from_slice(&server.requests().pop().expect("journaled").body).expect("json");
    assert_eq!(sent, raw);
}

#[tokio::test]
async fn per_call_timeout_and_retry_limit() {
    let (_server, client) = setup().await;
    let slow = CallOptions::new().header("X-Mock-Fault", "delay:2000").timeout(Duration::from_millis(200));
    let err = client.with_options(slow).users().get("00u1").await.expect_err("timed out");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");

    let no_retry = CallOptions::new().header("X-Mock-Fault", "status:503").max_retries(0);
    let err = client.with_options(no_retry).users().list().collect_all().await.expect_err("503");
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn the_raw_response_is_kept_beside_the_typed_result() {
    let (server, client) = setup().await;
    let options = CallOptions::new().capture_response();
    let users = client.with_options(options.clone()).users().list().collect_all().await.expect("list");
    let raw = options.last_response().expect("captured");
    assert_eq!(raw.status, 200);
    assert!(raw.headers.contains_key("x-rate-limit-remaining"));
    assert!(raw.request_id().is_some());
    let decoded: Vec<serde_json::Value> = raw.json().expect("body");
    assert_eq!(decoded.len(), users.len());
    server.push_fault(Fault::Status(500), 5);
    let _ = client.with_options(options.clone().max_retries(0)).users().get("00u1").await;
    assert_eq!(options.last_response().expect("kept").status, 200, "a failed call leaves the last success");
}

#[tokio::test]
async fn a_hand_built_call_reaches_any_endpoint() {
    let (server, client) = setup().await;
    let mut call = Call::new(Method::GET, "/api/v1/users/{}", &["user2@example.com"]);
    call.extra_query("expand", "groups");
    let raw = client.send_raw(call).await.expect("raw");
    let user: serde_json::Value = raw.json().expect("json");
    assert_eq!(user["profile"]["login"], "user2@example.com");
    assert_eq!(server.requests().pop().expect("journaled").path, "/api/v1/users/user2%40example.com");
}

#[tokio::test]
async fn a_call_from_a_whole_path_is_checked_before_sending() {
    let (server, client) = setup().await;
    let user: serde_json::Value = client.send(Call::from_path(Method::GET, "/api/v1/users/user1%40example.com")).await.expect("user");
    assert_eq!(user["profile"]["login"], "user1@example.com");
    for bad in ["api/v1/users", "/api/v1/users/../apps", "/api/v1/users?x=1", "/a/%2e%2e/b", "/a/%2E%2e/b", "/a/.%2E", "/a#b", "/a\r\nX: y", "/api/v1/users/..\\apps"] {
        let before = server.requests().len();
        let err = client.send_raw(Call::from_path(Method::GET, bad)).await.expect_err(bad);
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
        assert_eq!(server.requests().len(), before, "{bad} was not sent");
    }
}
