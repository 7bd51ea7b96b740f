//! The request journal, over HTTP and through the library.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{json_of, Mock};

#[tokio::test]
async fn records_requests_exactly() {
    let mock = Mock::with_users(2).await;
    let body = json!({ "profile": { "name": "Ops" } });
    mock.request(Method::POST, "/api/v1/groups?x=a%20b")
        .header("X-Trace", "t-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    mock.get("/api/v1/users/user1%40example.com").await;
    mock.http
        .get(mock.url("/api/v1/nope"))
        .send()
        .await
        .unwrap();

    let requests = mock.server.requests();
    assert_eq!(requests.len(), 3, "control requests are not recorded");
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/api/v1/groups")
    );
    assert_eq!(requests[0].query, "x=a%20b");
    assert_eq!(requests[0].header("x-trace"), Some("t-1"));
    assert_eq!(requests[0].header("authorization"), Some("SSWS test-token"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[0].body).unwrap(),
        body
    );
    assert_eq!(
        requests[1].path, "/api/v1/users/user1%40example.com",
        "still percent-encoded"
    );
    assert_eq!(
        requests[2].header("authorization"),
        None,
        "rejected requests are recorded too"
    );

    let (status, listed) = json_of(
        mock.http
            .get(mock.url("/__mock/requests"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let first = &listed[0];
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/api/v1/groups");
    assert_eq!(first["query"], "x=a%20b");
    assert_eq!(first["target"], "/api/v1/groups?x=a%20b");
    assert_eq!(first["headers"]["x-trace"], "t-1");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(first["body"].as_str().unwrap()).unwrap(),
        body
    );
    assert_eq!(listed[1]["query"], "");

    let cleared = mock
        .http
        .delete(mock.url("/__mock/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(mock.server.requests().is_empty());
    mock.get("/api/v1/users").await;
    mock.server.clear_requests();
    let (_, listed) = json_of(
        mock.http
            .get(mock.url("/__mock/requests"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn control_endpoints_need_no_auth_and_reject_unknowns() {
    let mock = Mock::with_users(4).await;
    let (status, stats) = json_of(
        mock.http
            .get(mock.url("/__mock/stats"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        stats,
        json!({ "users": 4, "groups": 0, "apps": 0, "requests": 0 })
    );
    let response = mock
        .http
        .get(mock.url("/__mock/config"))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("x-okta-request-id"));
    assert_eq!(
        json_of(response).await.1,
        json!({ "rateLimit": null, "faults": [], "requireDpopNonce": false })
    );
    assert_eq!(
        mock.http
            .get(mock.url("/__mock/other"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        mock.http
            .put(mock.url("/__mock/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        405
    );
    let typo = mock
        .http
        .post(mock.url("/__mock/config"))
        .json(&json!({ "fault": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(typo.status(), 400);
}
