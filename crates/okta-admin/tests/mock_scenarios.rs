//! The Rust client against `okta-mock` over real loopback HTTP: the cross-language scenario
//! (create a user, add it to a group, list users page by page, a 404), and the mock's rate
//! limits and faults seen through the client's retries and errors.

use std::time::Duration;

use futures_util::TryStreamExt;
use okta_admin::models::{AddGroupRequest, AddGroupRequestProfile, CreateUserRequest, CreateUserRequestProfile};
use okta_admin::{Auth, Client, Config, Error};
use okta_mock::{Fault, MockConfig, MockServer, RateLimit};

async fn mock(seed_users: usize) -> MockServer {
    MockServer::start(MockConfig { seed_users, ..Default::default() }).await.expect("mock starts")
}

fn client(server: &MockServer) -> Client {
    let config = Config::builder(server.url())
        .auth(Auth::Ssws(server.token().into()))
        .request_timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

fn new_user(login: &str) -> CreateUserRequest {
    let profile = CreateUserRequestProfile {
        login: Some(login.into()),
        email: Some(login.into()),
        first_name: Some("Grace".into()),
        last_name: Some("Hopper".into()),
        ..Default::default()
    };
    CreateUserRequest { profile, ..Default::default() }
}

#[tokio::test]
async fn scenario_create_user_add_to_group_list_pages_and_404() {
    let server = mock(450).await;
    let client = client(&server);

    let created = client.users().create(&new_user("grace@example.com")).await.expect("user");
    let user_id = created.id.clone().expect("id");
    assert_eq!(created.profile.as_ref().and_then(|p| p.login.as_deref()), Some("grace@example.com"));
    let fetched = client.users().get(&user_id).await.expect("get");
    assert_eq!(fetched.id, created.id);

    let group_profile = AddGroupRequestProfile { name: Some("navy".into()), ..Default::default() };
    let group = client.groups().add(&AddGroupRequest { profile: Some(group_profile), ..Default::default() }).await.expect("group");
    let group_id = group.id.clone().expect("group id");
    client.groups().assign_user_to_group(&group_id, &user_id).await.expect("member");
    let members = client.groups().list_users(&group_id).collect_all().await.expect("members");
    assert_eq!(members.iter().filter_map(|u| u.id.as_deref()).collect::<Vec<_>>(), [user_id.as_str()]);

    let mut pages = client.users().list().limit(100).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await.expect("page") {
        sizes.push(page.items.len());
    }
    assert_eq!(sizes, [100, 100, 100, 100, 51], "451 users in pages of 100");

    let err = client.users().get("00u-missing").await.expect_err("404");
    let api = err.api_error().expect("api error");
    assert_eq!((api.status, api.error_code.as_deref()), (404, Some("E0000007")));
    assert!(api.request_id.is_some(), "X-Okta-Request-Id is kept");
}

#[tokio::test]
async fn filter_and_search_expressions_reach_the_server_encoded() {
    let server = mock(30).await;
    let client = client(&server);
    let found = client.users().list().search(r#"profile.login eq "user7@example.com""#).collect_all().await.expect("search");
    assert_eq!(found.len(), 1);
    let request = server.requests().into_iter().last().expect("journaled");
    assert_eq!(request.query, "search=profile.login%20eq%20%22user7%40example.com%22");
}

#[tokio::test]
async fn path_ids_cannot_escape_their_segment() {
    let server = mock(0).await;
    let client = client(&server);
    let err = client.users().get("x/../../apps").await.expect_err("no such user");
    assert_eq!(err.status(), Some(404));
    let request = server.requests().into_iter().last().expect("journaled");
    assert_eq!(request.path, "/api/v1/users/x%2F..%2F..%2Fapps");
}

#[tokio::test]
async fn rate_limited_calls_wait_for_the_reset_and_succeed() {
    let server = mock(3).await;
    let client = client(&server);
    server.push_fault(Fault::RateLimit, 1);
    let users = client.users().list().collect_all().await.expect("retried after the reset");
    assert_eq!(users.len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));
}

#[tokio::test]
async fn an_exhausted_rate_limit_budget_ends_in_a_rate_limit_error() {
    let server = mock(1).await;
    let config = Config::builder(server.url())
        .auth(Auth::Ssws(server.token().into()))
        .max_retries(1)
        .max_rate_limit_wait(Duration::from_millis(100))
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");
    server.set_rate_limit(Some(RateLimit { limit: 1, window: Duration::from_secs(30) }));
    client.users().list().collect_all().await.expect("first call fits the budget");
    let err = client.users().list().collect_all().await.expect_err("over budget");
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(err.status(), Some(429));
}

#[tokio::test]
async fn server_errors_are_retried_for_get_but_not_for_post() {
    let server = mock(1).await;
    let client = client(&server);
    server.push_fault(Fault::Status(503), 1);
    client.users().list().collect_all().await.expect("GET retried");
    server.push_fault(Fault::Status(503), 1);
    let err = client.users().create(&new_user("x@example.com")).await.expect_err("POST not retried");
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn malformed_json_and_dropped_connections_give_typed_errors() {
    let server = mock(2).await;
    let client = client(&server);
    server.push_fault(Fault::Malformed, 1);
    let err = client.users().list().collect_all().await.expect_err("truncated JSON");
    assert!(matches!(&err, Error::Decode { status: 200, body, .. } if !body.is_empty()), "{err:?}");
    server.push_fault(Fault::Drop, 5);
    let err = client.users().get("00u1").await.expect_err("dropped");
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let server = mock(5).await;
    let client = client(&server);
    server.push_fault(Fault::ForeignLink, 1);
    let err = client.users().list().collect_all().await.expect_err("foreign link");
    assert!(matches!(err, Error::ForeignRedirect(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1, "nothing else was requested");
}
