//! Rate limits and fault injection, per request (`X-Mock-Fault`) and queued (`/__mock/config`).

mod support;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use okta_mock::{Fault, MockConfig, RateLimit};
use reqwest::Method;
use serde_json::json;
use support::{assert_okta_error, json_of, link, Mock};

fn header(response: &reqwest::Response, name: &str) -> u64 {
    response.headers()[name].to_str().unwrap().parse().unwrap()
}

fn epoch_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn budget_answers_429_with_headers() {
    let limit = RateLimit {
        limit: 3,
        window: Duration::from_secs(30),
    };
    let mock = Mock::start(MockConfig {
        rate_limit: Some(limit),
        ..MockConfig::default()
    })
    .await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let response = mock
            .request(Method::GET, "/api/v1/users")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "x-rate-limit-limit"), 3);
        remaining.push(header(&response, "x-rate-limit-remaining"));
    }
    assert_eq!(remaining, [2, 1, 0]);
    let response = mock
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(header(&response, "x-rate-limit-remaining"), 0);
    let reset = header(&response, "x-rate-limit-reset");
    assert!(
        reset > epoch_seconds() && reset <= epoch_seconds() + 31,
        "{reset}"
    );
    assert!(response.headers().contains_key("x-okta-request-id"));
    let (_, body) = json_of(response).await;
    assert_okta_error(&body, "E0000047");

    mock.server.set_rate_limit(None);
    assert_eq!(mock.get("/api/v1/users").await.0, 200);
}

#[tokio::test]
async fn budget_is_configurable_at_runtime_and_windows_reset() {
    let mock = Mock::with_users(0).await;
    let set = mock
        .http
        .post(mock.url("/__mock/config"))
        .json(&json!({ "rateLimit": "2/500ms" }))
        .send()
        .await
        .unwrap();
    let (status, config) = json_of(set).await;
    assert_eq!(
        (status, config["rateLimit"].as_str()),
        (200, Some("2/500ms"))
    );
    let statuses = [
        mock.get("/api/v1/users").await.0,
        mock.get("/api/v1/users").await.0,
        mock.get("/api/v1/users").await.0,
    ];
    assert_eq!(statuses, [200, 200, 429]);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(mock.get("/api/v1/users").await.0, 200, "a new window");

    let object = json!({ "rateLimit": { "limit": 1, "windowMs": 60000 } });
    assert_eq!(
        mock.http
            .post(mock.url("/__mock/config"))
            .json(&object)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        [
            mock.get("/api/v1/users").await.0,
            mock.get("/api/v1/users").await.0
        ],
        [200, 429]
    );
    let off = mock
        .http
        .post(mock.url("/__mock/config"))
        .json(&json!({ "rateLimit": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    assert_eq!(mock.get("/api/v1/users").await.0, 200);

    let bad = mock
        .http
        .post(mock.url("/__mock/config"))
        .json(&json!({ "rateLimit": "lots" }))
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(bad).await;
    assert_eq!(status, 400);
    assert_okta_error(&body, "E0000001");
}

#[tokio::test]
async fn delay_fault_slows_the_response() {
    let mock = Mock::with_users(1).await;
    let started = Instant::now();
    let response = mock
        .request(Method::GET, "/api/v1/users")
        .header("X-Mock-Fault", "delay:300")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn drop_fault_closes_the_connection() {
    let mock = Mock::with_users(1).await;
    let result = mock
        .request(Method::GET, "/api/v1/users")
        .header("X-Mock-Fault", "drop")
        .send()
        .await;
    assert!(result.is_err(), "no response: {result:?}");
    assert_eq!(
        mock.get("/api/v1/users").await.0,
        200,
        "the server keeps serving"
    );
}

#[tokio::test]
async fn malformed_fault_truncates_json() {
    let mock = Mock::with_users(3).await;
    let response = mock
        .request(Method::GET, "/api/v1/users")
        .header("X-Mock-Fault", "malformed")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let text = response.text().await.unwrap();
    assert!(text.starts_with("[{\"id\":\"00u"), "{text}");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}

#[tokio::test]
async fn status_fault_answers_okta_errors_and_counts_per_header_value() {
    let mock = Mock::with_users(1).await;
    let (status, body) = json_of(
        mock.request(Method::GET, "/api/v1/users")
            .header("X-Mock-Fault", "status:503")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 503);
    assert_okta_error(&body, "E0000009");

    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response = mock
            .request(Method::GET, "/api/v1/users")
            .header("X-Mock-Fault", "status:500:2")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses,
        [500, 500, 200, 200],
        "only the first two with that header fail"
    );

    let bad = mock
        .request(Method::GET, "/api/v1/users")
        .header("X-Mock-Fault", "explode")
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(bad).await;
    assert_eq!(status, 400);
    assert_okta_error(&body, "E0000001");
}

#[tokio::test]
async fn foreign_link_fault_points_next_elsewhere() {
    let mock = Mock::with_users(5).await;
    let response = mock
        .request(Method::GET, "/api/v1/users?limit=2")
        .header("X-Mock-Fault", "foreign-link")
        .send()
        .await
        .unwrap();
    assert_eq!(
        link(&response, "next").as_deref(),
        Some("http://other.example:1/api/v1/users?after=x")
    );
    assert!(link(&response, "self").is_some());
    let nexts = response
        .headers()
        .get_all("link")
        .iter()
        .filter(|v| v.to_str().unwrap().ends_with("rel=\"next\""))
        .count();
    assert_eq!(nexts, 1, "the real next link is replaced");
}

#[tokio::test]
async fn rate_limit_fault_answers_429_resetting_in_a_second() {
    let mock = Mock::with_users(1).await;
    let response = mock
        .request(Method::GET, "/api/v1/users")
        .header("X-Mock-Fault", "rate-limit")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(header(&response, "x-rate-limit-remaining"), 0);
    let reset = header(&response, "x-rate-limit-reset");
    let now = epoch_seconds();
    assert!(reset >= now && reset <= now + 2, "reset {reset}, now {now}");
    let (_, body) = json_of(response).await;
    assert_okta_error(&body, "E0000047");
}

#[tokio::test]
async fn queued_faults_are_consumed_by_the_next_requests() {
    let mock = Mock::with_users(1).await;
    let config = json!({ "faults": [{ "kind": "status", "status": 503, "times": 2 }, "rate-limit", { "kind": "delay", "ms": 10 }] });
    let (status, state) = json_of(
        mock.http
            .post(mock.url("/__mock/config"))
            .json(&config)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        state["faults"][0],
        json!({ "fault": "status:503", "times": 2 })
    );
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(mock.get("/api/v1/users").await.0);
    }
    assert_eq!(statuses, [503, 503, 429, 200, 200]);

    mock.server.push_fault(Fault::Status(502), 1);
    mock.server.push_fault("malformed".parse().unwrap(), 1);
    assert_eq!(mock.get("/api/v1/users").await.0, 502);
    let text = mock
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());

    mock.server.push_fault(Fault::Drop, 3);
    mock.server.clear_faults();
    assert_eq!(mock.get("/api/v1/users").await.0, 200);
    let cleared = mock
        .http
        .post(mock.url("/__mock/config"))
        .json(&json!({ "faults": ["drop"], "clearFaults": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(cleared).await.1["faults"],
        json!([{ "fault": "drop", "times": 1 }]),
        "clear, then queue"
    );
}
