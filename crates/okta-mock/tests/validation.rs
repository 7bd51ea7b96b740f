//! Spec-driven routing and validation: 404, 405, 400, 401 shapes, routing rules and samples.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{assert_okta_error, json_of, link, Mock};

#[tokio::test]
async fn unknown_path_is_okta_404() {
    let mock = Mock::with_users(0).await;
    let (status, body) = mock.get("/api/v1/nothing/here").await;
    assert_eq!(status, 404);
    assert!(assert_okta_error(&body, "E0000007").is_empty());
    assert_eq!(
        body["errorSummary"],
        "Not found: Resource not found: /api/v1/nothing/here"
    );
    let (status, _) = mock.get("/api/v1/users/").await;
    assert_eq!(status, 404, "an empty segment matches no variable");
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let mock = Mock::with_users(0).await;
    let response = mock
        .request(Method::PATCH, "/api/v1/users")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, POST");
    let (_, body) = json_of(response).await;
    assert_okta_error(&body, "E0000022");
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let mock = Mock::with_users(1).await;
    for auth in [
        None,
        Some("SSWS wrong"),
        Some("test-token"),
        Some("Basic dGVzdA=="),
    ] {
        let mut request = mock.http.get(mock.url("/api/v1/users"));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let (status, body) = json_of(request.send().await.unwrap()).await;
        assert_eq!(status, 401, "{auth:?}");
        assert_okta_error(&body, "E0000011");
        assert_eq!(body["errorSummary"], "Invalid token provided");
    }
    let bearer = mock
        .http
        .get(mock.url("/api/v1/users"))
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 200);
}

#[tokio::test]
async fn missing_required_fields_are_400() {
    let mock = Mock::with_users(1).await;
    let (status, body) = mock
        .call(
            Method::POST,
            "/api/v1/users",
            Some(json!({ "credentials": {} })),
        )
        .await;
    assert_eq!(status, 400);
    let causes = assert_okta_error(&body, "E0000001");
    assert!(body["errorSummary"]
        .as_str()
        .unwrap()
        .starts_with("Api validation failed"));
    assert_eq!(causes, ["profile: The field cannot be left blank"]);

    let (status, body) = mock
        .call(Method::POST, "/api/v1/apps", Some(json!({ "label": "x" })))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        assert_okta_error(&body, "E0000001"),
        ["signOnMode: The field cannot be left blank"]
    );

    let id = mock.get("/api/v1/users").await.1[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = mock
        .call(
            Method::POST,
            &format!("/api/v1/users/{id}/lifecycle/reset_password"),
            None,
        )
        .await;
    assert_eq!(status, 400, "sendEmail is a required query parameter");
    assert_eq!(
        assert_okta_error(&body, "E0000001"),
        ["sendEmail: The field cannot be left blank"]
    );

    let (status, body) = mock.get("/api/v1/users?limit=lots").await;
    assert_eq!(status, 400);
    assert_eq!(
        assert_okta_error(&body, "E0000001"),
        ["limit: must be an integer"]
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let mock = Mock::with_users(0).await;
    let response = mock
        .request(Method::POST, "/api/v1/groups")
        .body("{\"profile\":")
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(response).await;
    assert_eq!(status, 400);
    assert_eq!(
        assert_okta_error(&body, "E0000001"),
        ["body: The request body was not well-formed."]
    );
}

#[tokio::test]
async fn literal_segments_win_and_variables_backtrack() {
    let mock = Mock::with_users(1).await;
    let (status, body) = mock
        .call(
            Method::POST,
            "/api/v1/users/me/lifecycle/delete_sessions",
            None,
        )
        .await;
    assert_eq!(
        (status, body),
        (200, serde_json::Value::Null),
        "the literal `me` route answers"
    );
    let (status, body) = mock
        .call(Method::POST, "/api/v1/users/me/lifecycle/suspend", None)
        .await;
    assert_eq!(
        status, 404,
        "falls back to `{{id}}`, and there is no user `me`"
    );
    assert_eq!(
        body["errorSummary"],
        "Not found: Resource not found: me (User)"
    );
    let (status, body) = mock.get("/api/v1/users/user1%40example.com").await;
    assert_eq!(status, 200, "a percent-encoded login is one segment");
    assert_eq!(body["profile"]["login"], "user1@example.com");
}

#[tokio::test]
async fn other_endpoints_answer_samples_of_the_declared_shape() {
    let mock = Mock::with_users(0).await;
    let response = mock
        .request(Method::GET, "/api/v1/zones")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(link(&response, "self").is_some_and(|l| l.ends_with("/api/v1/zones")));
    let (_, zones) = json_of(response).await;
    let zones = zones.as_array().expect("a list");
    assert_eq!(zones.len(), 1);
    assert!(zones[0]["id"].is_string());
    assert_eq!(zones[0]["created"], "2024-01-01T00:00:00.000Z");

    let (status, server) = mock.get("/api/v1/authorizationServers/aus1default").await;
    assert_eq!(status, 200);
    assert!(server.is_object());
    assert!(server["name"].is_string());
    assert!(server["audiences"].is_array());

    let (status, body) = mock.call(Method::DELETE, "/api/v1/zones/nzo1", None).await;
    assert_eq!((status, body), (204, serde_json::Value::Null));
}

#[tokio::test]
async fn every_response_has_request_id_and_rate_headers() {
    let mock = Mock::with_users(0).await;
    let ok = mock
        .request(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap();
    let missing = mock
        .request(Method::GET, "/api/v1/nope")
        .send()
        .await
        .unwrap();
    for response in [&ok, &missing] {
        assert!(response.headers().contains_key("x-okta-request-id"));
        for name in [
            "x-rate-limit-limit",
            "x-rate-limit-remaining",
            "x-rate-limit-reset",
        ] {
            assert!(response.headers().contains_key(name), "{name}");
        }
    }
    assert_ne!(
        ok.headers()["x-okta-request-id"],
        missing.headers()["x-okta-request-id"]
    );
}

#[tokio::test]
async fn keep_alive_serves_several_requests_on_one_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = Mock::with_users(1).await;
    let address = mock.server.url().trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = |close: bool| {
        format!(
            "GET /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: SSWS test-token\r\n{}\r\n",
            if close { "Connection: close\r\n" } else { "" }
        )
    };
    stream
        .write_all(format!("{}{}", request(false), request(true)).as_bytes())
        .await
        .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).await.unwrap();
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}
