//! Stateful users: CRUD, lifecycle, delete, pagination and search.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{assert_okta_error, json_of, link, Mock};

fn new_user(login: &str) -> Value {
    json!({
        "profile": { "login": login, "email": login, "firstName": "Ada", "lastName": "Lovelace", "department": "R&D" },
        "credentials": { "password": { "value": "Sup3r-secret!" } },
    })
}

#[tokio::test]
async fn create_get_update_replace() {
    let mock = Mock::with_users(0).await;
    let (status, user) = mock
        .call(
            Method::POST,
            "/api/v1/users?activate=true",
            Some(new_user("ada@example.com")),
        )
        .await;
    assert_eq!(status, 200);
    let id = user["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("00u") && id.len() == 20, "{id}");
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(user["profile"]["department"], "R&D");
    assert_eq!(
        user["credentials"]["password"],
        json!({}),
        "the password is never echoed"
    );
    assert_eq!(
        user["_links"]["self"]["href"],
        mock.url(&format!("/api/v1/users/{id}"))
    );
    assert!(user["created"].as_str().unwrap().ends_with('Z'));

    let (status, fetched) = mock.get(&format!("/api/v1/users/{id}")).await;
    assert_eq!((status, &fetched), (200, &user));
    let (_, by_login) = mock.get("/api/v1/users/ADA@example.com").await;
    assert_eq!(by_login["id"], id.as_str());

    let (status, updated) = mock
        .call(
            Method::POST,
            &format!("/api/v1/users/{id}"),
            Some(json!({ "profile": { "nickName": "ada" } })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["profile"]["nickName"], "ada");
    assert_eq!(
        updated["profile"]["firstName"], "Ada",
        "a partial update keeps the rest"
    );

    let replacement =
        json!({ "profile": { "login": "countess@example.com", "email": "countess@example.com" } });
    let (status, replaced) = mock
        .call(
            Method::PUT,
            &format!("/api/v1/users/{id}"),
            Some(replacement),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(replaced["profile"]["login"], "countess@example.com");
    assert_eq!(
        replaced["profile"]["firstName"],
        Value::Null,
        "a replace drops what it does not send"
    );
    assert!(replaced.get("profile").unwrap().get("nickName").is_none());
    assert_eq!(
        mock.get("/api/v1/users/ada@example.com").await.0,
        404,
        "the old login is free"
    );

    let (status, body) = mock.get("/api/v1/users/00uNOPE").await;
    assert_eq!(status, 404);
    assert_okta_error(&body, "E0000007");
}

#[tokio::test]
async fn duplicate_login_is_400_with_a_login_cause() {
    let mock = Mock::with_users(3).await;
    let (status, body) = mock
        .call(
            Method::POST,
            "/api/v1/users",
            Some(new_user("USER2@example.com")),
        )
        .await;
    assert_eq!(status, 400);
    let causes = assert_okta_error(&body, "E0000001");
    assert_eq!(
        causes,
        ["login: An object with this field already exists in the current organization"]
    );
    let (status, _) = mock
        .call(
            Method::POST,
            "/api/v1/users",
            Some(json!({ "profile": { "login": "x@example.com" } })),
        )
        .await;
    assert_eq!(status, 400, "email is required too");
}

#[tokio::test]
async fn lifecycle_transitions() {
    let mock = Mock::with_users(0).await;
    let (_, staged) = mock
        .call(
            Method::POST,
            "/api/v1/users?activate=false",
            Some(new_user("l@example.com")),
        )
        .await;
    assert_eq!(staged["status"], "STAGED");
    let id = staged["id"].as_str().unwrap().to_string();
    let status_of = |user: Value| user["status"].as_str().unwrap().to_string();
    let mock_ref = &mock;
    let post = |action: &str| {
        let path = format!("/api/v1/users/{id}/lifecycle/{action}");
        async move { mock_ref.call(Method::POST, &path, None).await }
    };

    let (status, token) = mock
        .call(
            Method::POST,
            &format!("/api/v1/users/{id}/lifecycle/activate?sendEmail=false"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(token["activationToken"].is_string() && token["activationUrl"].is_string());
    assert_eq!(
        status_of(mock.get(&format!("/api/v1/users/{id}")).await.1),
        "ACTIVE"
    );
    let (status, body) = post("activate").await;
    assert_eq!(status, 403);
    assert_okta_error(&body, "E0000016");

    assert_eq!(post("suspend").await, (200, Value::Null));
    assert_eq!(
        status_of(mock.get(&format!("/api/v1/users/{id}")).await.1),
        "SUSPENDED"
    );
    assert_eq!(
        post("suspend").await.0,
        400,
        "only an active user can be suspended"
    );
    assert_eq!(post("unsuspend").await.0, 200);
    assert_eq!(post("unlock").await.0, 200);
    assert_eq!(
        status_of(mock.get(&format!("/api/v1/users/{id}")).await.1),
        "ACTIVE"
    );

    let (status, expired) = post("expire_password").await;
    assert_eq!(
        (status, status_of(expired)),
        (200, "PASSWORD_EXPIRED".to_string())
    );
    let (status, reset) = mock
        .call(
            Method::POST,
            &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(reset["resetPasswordUrl"].is_string());

    assert_eq!(post("deactivate").await, (200, Value::Null));
    assert_eq!(
        status_of(mock.get(&format!("/api/v1/users/{id}")).await.1),
        "DEPROVISIONED"
    );
    assert_eq!(post("activate").await.0, 200);
}

#[tokio::test]
async fn first_delete_deactivates_second_deletes() {
    let mock = Mock::with_users(2).await;
    let (_, users) = mock.get("/api/v1/users").await;
    let id = users[0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/users/{id}");
    assert_eq!(
        mock.call(Method::DELETE, &path, None).await,
        (204, Value::Null)
    );
    assert_eq!(mock.get(&path).await.1["status"], "DEPROVISIONED");
    assert_eq!(
        mock.call(Method::DELETE, &path, None).await,
        (204, Value::Null)
    );
    let (status, body) = mock.get(&path).await;
    assert_eq!(status, 404);
    assert_okta_error(&body, "E0000007");
    assert_eq!(mock.call(Method::DELETE, &path, None).await.0, 404);
    assert_eq!(
        mock.get("/api/v1/users").await.1.as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn pages_follow_link_headers() {
    let mock = Mock::with_users(1050).await;
    let mut next = Some(mock.url("/api/v1/users?limit=200"));
    let (mut pages, mut ids) = (0, Vec::new());
    while let Some(url) = next {
        let response = mock
            .http
            .get(&url)
            .header("Authorization", "SSWS test-token")
            .send()
            .await
            .unwrap();
        assert_eq!(link(&response, "self").as_deref(), Some(url.as_str()));
        next = link(&response, "next");
        if let Some(next) = &next {
            assert!(
                next.starts_with(&mock.url("/api/v1/users?limit=200&after=00u")),
                "{next}"
            );
        }
        let (_, page) = json_of(response).await;
        ids.extend(
            page.as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap().to_string()),
        );
        pages += 1;
    }
    assert_eq!(pages, 6);
    assert_eq!(ids.len(), 1050);
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 1050, "no user twice");

    let (_, default_page) = mock.get("/api/v1/users").await;
    assert_eq!(default_page.as_array().unwrap().len(), 200, "default limit");
    let (_, capped) = mock.get("/api/v1/users?limit=1000").await;
    assert_eq!(capped.as_array().unwrap().len(), 200, "limit is capped");
}

#[tokio::test]
async fn filter_q_and_search() {
    let mock = Mock::with_users(30).await;
    let (_, suspended) = mock.get("/api/v1/users?limit=1").await;
    let id = suspended[0]["id"].as_str().unwrap().to_string();
    mock.call(
        Method::POST,
        &format!("/api/v1/users/{id}/lifecycle/suspend"),
        None,
    )
    .await;

    let count = |body: Value| body.as_array().unwrap().len();
    assert_eq!(
        count(
            mock.get("/api/v1/users?filter=status%20eq%20%22ACTIVE%22")
                .await
                .1
        ),
        29
    );
    assert_eq!(
        count(
            mock.get("/api/v1/users?filter=status+eq+%22SUSPENDED%22")
                .await
                .1
        ),
        1
    );
    let (_, by_login) = mock
        .get("/api/v1/users?filter=profile.login%20eq%20%22user7%40example.com%22")
        .await;
    assert_eq!(count(by_login.clone()), 1);
    assert_eq!(by_login[0]["profile"]["login"], "user7@example.com");
    assert_eq!(
        count(
            mock.get("/api/v1/users?search=profile.lastName%20sw%20%22User2%22")
                .await
                .1
        ),
        11
    );
    assert_eq!(
        count(mock.get("/api/v1/users?q=user1").await.1),
        11,
        "user1, user10…user19"
    );
    assert_eq!(count(mock.get("/api/v1/users?q=nobody").await.1), 0);

    let response = mock
        .request(
            Method::GET,
            "/api/v1/users?filter=status%20eq%20%22ACTIVE%22&limit=10",
        )
        .send()
        .await
        .unwrap();
    let next = link(&response, "next").unwrap();
    assert!(
        next.contains("filter=status+eq+%22ACTIVE%22&limit=10&after="),
        "{next}"
    );

    let (status, body) = mock.get("/api/v1/users?filter=status%20equals").await;
    assert_eq!(status, 400);
    assert_okta_error(&body, "E0000031");
}

#[tokio::test]
async fn user_groups_are_listed() {
    let mock = Mock::start(okta_mock::MockConfig {
        seed_users: 1,
        seed_groups: 2,
        ..Default::default()
    })
    .await;
    let (_, groups) = mock.get("/api/v1/groups").await;
    let group = groups[1]["id"].as_str().unwrap().to_string();
    let body = json!({ "profile": { "login": "g@example.com", "email": "g@example.com" }, "groupIds": [group] });
    let (status, user) = mock.call(Method::POST, "/api/v1/users", Some(body)).await;
    assert_eq!(
        (status, user["status"].as_str()),
        (200, Some("PROVISIONED")),
        "activated without a password"
    );
    let (_, groups_of) = mock
        .get(&format!(
            "/api/v1/users/{}/groups",
            user["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(groups_of.as_array().unwrap().len(), 1);
    assert_eq!(groups_of[0]["id"], group.as_str());
}
