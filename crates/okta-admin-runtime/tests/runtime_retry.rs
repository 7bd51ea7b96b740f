//! Retries, rate-limit waits, timeouts and broken connections, over real loopback HTTP.

#[path = "runtime_support.rs"]
mod support;

use std::time::{Duration, Instant};

use okta_admin_runtime::{Call, Client, Error};
use reqwest::Method;
use serde_json::Value;
use support::{http_date, unix_now, Reply, Server};

fn get() -> Call {
    Call::new(Method::GET, "/api/v1/users/{}", &["00u1"])
}

fn post() -> Call {
    let mut call = Call::new(Method::POST, "/api/v1/users", &[]);
    call.json_body(&serde_json::json!({"profile": {}}));
    call
}

fn client(server: &Server, max_retries: u32, max_wait_secs: u64) -> Client {
    let config = server
        .config()
        .max_retries(max_retries)
        .max_rate_limit_wait(Duration::from_secs(max_wait_secs))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

fn too_many() -> Reply {
    Reply::json(
        429,
        r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit"}"#,
    )
}

#[tokio::test]
async fn rate_limited_request_waits_for_reset_then_succeeds() {
    let server = Server::start(|i, _, _| match i {
        0 => too_many()
            .header("X-Rate-Limit-Limit", 600)
            .header("X-Rate-Limit-Remaining", 0)
            .header("X-Rate-Limit-Reset", unix_now())
            .header("X-Okta-Request-Id", "first-failure"),
        _ => Reply::json(200, r#"{"id":"00u1"}"#),
    })
    .await;
    let started = Instant::now();
    let user: Value = client(&server, 2, 10).send(get()).await.expect("retried");
    assert_eq!(user["id"], "00u1");
    // Waited until the reset plus one second.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("X-Okta-Retry-Count"), None);
    assert_eq!(requests[1].header("X-Okta-Retry-Count"), Some("1"));
    assert_eq!(
        requests[1].header("X-Okta-Retry-For"),
        Some("first-failure")
    );
}

#[tokio::test]
async fn rate_limit_wait_is_measured_against_the_date_header() {
    // The server clock is an hour ahead: only `reset - Date` gives a short wait.
    let server_now = unix_now() + 3_600;
    let server = Server::start(move |i, _, _| match i {
        0 => too_many()
            .header("Date", http_date(server_now))
            .header("X-Rate-Limit-Reset", server_now),
        _ => Reply::status(204),
    })
    .await;
    client(&server, 2, 10)
        .send_empty(get())
        .await
        .expect("retried after about 1 s");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn duplicated_reset_header_uses_the_earliest() {
    let server = Server::start(|i, _, _| match i {
        0 => too_many()
            .header("X-Rate-Limit-Reset", unix_now() + 3_600)
            .header("X-Rate-Limit-Reset", unix_now()),
        _ => Reply::status(204),
    })
    .await;
    client(&server, 2, 10)
        .send_empty(post())
        .await
        .expect("429 is retried even for POST");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn exhausted_retries_give_rate_limited() {
    let server = Server::start(|_, _, _| {
        too_many()
            .header("X-Rate-Limit-Limit", 600)
            .header("X-Rate-Limit-Remaining", 0)
            .header("X-Rate-Limit-Reset", unix_now())
            .header("X-Okta-Request-Id", "rl")
    })
    .await;
    let error = client(&server, 1, 10)
        .send_empty(get())
        .await
        .expect_err("rate limited");
    let Error::RateLimited {
        error: api,
        limit,
        remaining,
        reset,
        retries,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.error_code.as_deref()),
        (429, Some("E0000047"))
    );
    assert_eq!(api.request_id.as_deref(), Some("rl"));
    assert_eq!((*limit, *remaining, *retries), (Some(600), Some(0), 1));
    assert!(reset.is_some());
    assert_eq!(error.code(), "rate_limited");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn wait_beyond_the_budget_fails_at_once() {
    let server =
        Server::start(|_, _, _| too_many().header("X-Rate-Limit-Reset", unix_now() + 3_600)).await;
    let started = Instant::now();
    let error = client(&server, 5, 30)
        .send_empty(get())
        .await
        .expect_err("rate limited");
    assert!(
        matches!(error, Error::RateLimited { retries: 0, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn concurrent_limit_gets_a_short_backoff() {
    let server = Server::start(|i, _, _| match i {
        0 => too_many()
            .header("X-Rate-Limit-Limit", 0)
            .header("X-Rate-Limit-Remaining", 0)
            .header("X-Rate-Limit-Reset", unix_now() + 3_600),
        _ => Reply::status(204),
    })
    .await;
    let started = Instant::now();
    client(&server, 2, 10)
        .send_empty(get())
        .await
        .expect("retried");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn zero_max_retries_disables_retries() {
    let server = Server::start(|i, _, _| match i {
        0 => too_many().header("X-Rate-Limit-Reset", unix_now()),
        _ => Reply::status(503),
    })
    .await;
    let client = client(&server, 0, 10);
    assert!(matches!(
        client.send_empty(get()).await,
        Err(Error::RateLimited { retries: 0, .. })
    ));
    let error = client.send_empty(get()).await.expect_err("503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 2);

    // A per-call override works the other way too.
    let mut call = get();
    call.max_retries(1);
    assert_eq!(
        client.send_empty(call).await.expect_err("503").status(),
        Some(503)
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn server_errors_are_retried_for_idempotent_methods_only() {
    let server =
        Server::start(
            |_, request, _| match (request.target.as_str(), request.method.as_str()) {
                ("/api/v1/users/00u1", "GET") if request.header("X-Okta-Retry-Count").is_none() => {
                    Reply::status(503).header("X-Okta-Request-Id", "boom")
                }
                ("/api/v1/users/00u1", "GET") => Reply::json(200, "{}"),
                _ => Reply::status(503),
            },
        )
        .await;
    let client = client(&server, 2, 10);
    client.send_empty(get()).await.expect("GET retried");
    let error = client
        .send_empty(post())
        .await
        .expect_err("POST not retried");
    assert_eq!(error.status(), Some(503));
    let error = client
        .send_empty(Call::new(Method::PUT, "/api/v1/apps/{}", &["a"]))
        .await
        .expect_err("PUT retried until the budget ends");
    assert_eq!(error.status(), Some(503));
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "GET", "POST", "PUT", "PUT", "PUT"]);
    assert_eq!(
        server.requests()[1].header("X-Okta-Retry-For"),
        Some("boom")
    );
    assert_eq!(server.requests()[5].header("X-Okta-Retry-Count"), Some("2"));
}

#[tokio::test]
async fn dropped_connection_is_retried_for_get_not_post() {
    let server = Server::start(|i, _, _| match i {
        0 | 2 => Reply::Hangup,
        _ => Reply::json(200, "{}"),
    })
    .await;
    let client = client(&server, 2, 10);
    client.send_empty(get()).await.expect("GET retried");
    let error = client
        .send_empty(post())
        .await
        .expect_err("POST not retried");
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn refused_connection_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let config = okta_admin_runtime::Config::builder(format!("http://127.0.0.1:{port}"))
        .auth(okta_admin_runtime::Auth::Ssws(support::TOKEN.into()))
        .max_retries(1)
        .build()
        .expect("config");
    let error = Client::new(config)
        .expect("client")
        .send_empty(post())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert!(!format!("{error:?}").contains(support::TOKEN));
}

#[tokio::test]
async fn slow_responses_time_out() {
    let server = Server::start(|_, _, _| {
        Reply::Delay(Duration::from_secs(3), Box::new(Reply::json(200, "{}")))
    })
    .await;
    let started = Instant::now();
    let config = server
        .config()
        .request_timeout(Some(Duration::from_millis(200)))
        .build();
    let client = Client::new(config.expect("config")).expect("client");
    let error = client.send_empty(get()).await.expect_err("timeout");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");

    // A per-call timeout overrides a client without one.
    let config = server
        .config()
        .request_timeout(None)
        .build()
        .expect("config");
    let mut call = get();
    call.timeout(Duration::from_millis(200));
    let error = Client::new(config)
        .expect("client")
        .send_empty(call)
        .await
        .expect_err("timeout");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.code(), "timeout");
}
