//! Stateful groups (with membership) and applications (with user and group assignments).

mod support;

use okta_mock::MockConfig;
use reqwest::Method;
use serde_json::{json, Value};
use support::{assert_okta_error, json_of, link, Mock};

async fn seeded() -> Mock {
    Mock::start(MockConfig {
        seed_users: 5,
        seed_groups: 3,
        seed_apps: 2,
        ..MockConfig::default()
    })
    .await
}

async fn first_id(mock: &Mock, path: &str) -> String {
    mock.get(path).await.1[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn group_crud() {
    let mock = seeded().await;
    let (status, group) = mock
        .call(
            Method::POST,
            "/api/v1/groups",
            Some(json!({ "profile": { "name": "Engineering", "description": "eng" } })),
        )
        .await;
    assert_eq!(status, 200);
    let id = group["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("00g") && id.len() == 20);
    assert_eq!(group["type"], "OKTA_GROUP");
    assert_eq!(group["profile"]["name"], "Engineering");
    assert_eq!(
        mock.get(&format!("/api/v1/groups/{id}")).await,
        (200, group.clone())
    );

    let (status, replaced) = mock
        .call(
            Method::PUT,
            &format!("/api/v1/groups/{id}"),
            Some(json!({ "profile": { "name": "Eng" } })),
        )
        .await;
    assert_eq!(
        (status, &replaced["profile"]),
        (200, &json!({ "name": "Eng" }))
    );

    let (status, body) = mock
        .call(
            Method::POST,
            "/api/v1/groups",
            Some(json!({ "profile": {} })),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        assert_okta_error(&body, "E0000001"),
        ["name: The field cannot be left blank"]
    );

    let (_, found) = mock.get("/api/v1/groups?q=gro").await;
    assert_eq!(found.as_array().unwrap().len(), 3);
    let (_, filtered) = mock
        .get("/api/v1/groups?filter=profile.name%20eq%20%22Eng%22")
        .await;
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    let response = mock
        .request(Method::GET, "/api/v1/groups?limit=2")
        .send()
        .await
        .unwrap();
    assert!(link(&response, "next").is_some());

    assert_eq!(
        mock.call(Method::DELETE, &format!("/api/v1/groups/{id}"), None)
            .await,
        (204, Value::Null)
    );
    let (status, body) = mock.get(&format!("/api/v1/groups/{id}")).await;
    assert_eq!(status, 404);
    assert_okta_error(&body, "E0000007");
}

#[tokio::test]
async fn group_membership() {
    let mock = seeded().await;
    let group = first_id(&mock, "/api/v1/groups").await;
    let (_, users) = mock.get("/api/v1/users").await;
    let ids: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    for id in &ids[..3] {
        let (status, _) = mock
            .call(
                Method::PUT,
                &format!("/api/v1/groups/{group}/users/{id}"),
                None,
            )
            .await;
        assert_eq!(status, 204);
    }
    let response = mock
        .request(
            Method::GET,
            &format!("/api/v1/groups/{group}/users?limit=2"),
        )
        .send()
        .await
        .unwrap();
    let next = link(&response, "next").expect("a second page");
    let (_, first_page) = json_of(response).await;
    let (_, second_page) = json_of(
        mock.http
            .get(next)
            .bearer_auth("test-token")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let members: Vec<&str> = first_page
        .as_array()
        .unwrap()
        .iter()
        .chain(second_page.as_array().unwrap())
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(members, &ids[..3]);

    let path = format!("/api/v1/groups/{group}/users/{}", ids[0]);
    assert_eq!(mock.call(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(
        mock.get(&format!("/api/v1/groups/{group}/users"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (status, body) = mock
        .call(
            Method::PUT,
            &format!("/api/v1/groups/{group}/users/00uNOPE"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert_okta_error(&body, "E0000007");

    // Deleting a user removes its memberships.
    let doomed = format!("/api/v1/users/{}", ids[1]);
    mock.call(Method::DELETE, &doomed, None).await;
    mock.call(Method::DELETE, &doomed, None).await;
    assert_eq!(
        mock.get(&format!("/api/v1/groups/{group}/users"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn application_crud_and_lifecycle() {
    let mock = seeded().await;
    let body = json!({ "label": "Wiki", "signOnMode": "BOOKMARK", "settings": { "app": { "url": "https://wiki.example.com" } } });
    let (status, app) = mock.call(Method::POST, "/api/v1/apps", Some(body)).await;
    assert_eq!(status, 200);
    let id = app["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("0oa") && id.len() == 20);
    assert_eq!(
        (app["status"].as_str(), app["label"].as_str()),
        (Some("ACTIVE"), Some("Wiki"))
    );
    assert_eq!(app["settings"]["app"]["url"], "https://wiki.example.com");

    let (_, listed) = mock.get("/api/v1/apps").await;
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let (_, found) = mock.get("/api/v1/apps?q=wik").await;
    assert_eq!(found.as_array().unwrap().len(), 1);

    let replacement = json!({ "label": "Wiki 2", "signOnMode": "BOOKMARK" });
    let (status, replaced) = mock
        .call(
            Method::PUT,
            &format!("/api/v1/apps/{id}"),
            Some(replacement),
        )
        .await;
    assert_eq!((status, replaced["label"].as_str()), (200, Some("Wiki 2")));

    let (status, body) = mock
        .call(Method::DELETE, &format!("/api/v1/apps/{id}"), None)
        .await;
    assert_eq!(status, 403, "an active app cannot be deleted");
    assert_okta_error(&body, "E0000056");
    assert_eq!(
        mock.call(
            Method::POST,
            &format!("/api/v1/apps/{id}/lifecycle/deactivate"),
            None
        )
        .await
        .0,
        200
    );
    assert_eq!(
        mock.get(&format!("/api/v1/apps/{id}")).await.1["status"],
        "INACTIVE"
    );
    let (_, inactive) = mock
        .get("/api/v1/apps?filter=status%20eq%20%22INACTIVE%22")
        .await;
    assert_eq!(inactive.as_array().unwrap().len(), 1);
    assert_eq!(
        mock.call(
            Method::POST,
            &format!("/api/v1/apps/{id}/lifecycle/activate"),
            None
        )
        .await
        .0,
        200
    );
    mock.call(
        Method::POST,
        &format!("/api/v1/apps/{id}/lifecycle/deactivate"),
        None,
    )
    .await;
    assert_eq!(
        mock.call(Method::DELETE, &format!("/api/v1/apps/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(mock.get(&format!("/api/v1/apps/{id}")).await.0, 404);
}

#[tokio::test]
async fn application_user_assignments() {
    let mock = seeded().await;
    let app = first_id(&mock, "/api/v1/apps").await;
    let user = first_id(&mock, "/api/v1/users").await;
    let (status, assigned) = mock
        .call(
            Method::POST,
            &format!("/api/v1/apps/{app}/users"),
            Some(json!({ "id": user, "profile": { "role": "editor" } })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(assigned["id"], user.as_str());
    assert_eq!(assigned["credentials"]["userName"], "user1@example.com");
    assert_eq!(assigned["profile"]["role"], "editor");

    let path = format!("/api/v1/apps/{app}/users/{user}");
    assert_eq!(mock.get(&path).await, (200, assigned));
    let (status, updated) = mock
        .call(
            Method::POST,
            &path,
            Some(json!({ "profile": { "role": "admin" } })),
        )
        .await;
    assert_eq!(
        (status, updated["profile"]["role"].as_str()),
        (200, Some("admin"))
    );
    assert_eq!(
        mock.get(&format!("/api/v1/apps/{app}/users"))
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let (status, body) = mock
        .call(
            Method::POST,
            &format!("/api/v1/apps/{app}/users"),
            Some(json!({ "scope": "USER" })),
        )
        .await;
    assert_eq!(status, 400);
    assert_okta_error(&body, "E0000001");

    assert_eq!(mock.call(Method::DELETE, &path, None).await.0, 204);
    let (status, body) = mock.get(&path).await;
    assert_eq!(status, 404);
    assert_okta_error(&body, "E0000007");
}

#[tokio::test]
async fn application_group_assignments() {
    let mock = seeded().await;
    let app = first_id(&mock, "/api/v1/apps").await;
    let group = first_id(&mock, "/api/v1/groups").await;
    let path = format!("/api/v1/apps/{app}/groups/{group}");
    let (status, assigned) = mock
        .call(
            Method::PUT,
            &path,
            Some(json!({ "priority": 2, "profile": { "tier": "gold" } })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (assigned["id"].as_str(), assigned["priority"].as_i64()),
        (Some(group.as_str()), Some(2))
    );
    assert_eq!(mock.get(&path).await, (200, assigned));

    let patch = json!([{ "op": "replace", "path": "/profile/tier", "value": "silver" }, { "op": "replace", "path": "/priority", "value": 5 }]);
    let (status, patched) = mock.call(Method::PATCH, &path, Some(patch)).await;
    assert_eq!(
        (
            status,
            patched["profile"]["tier"].as_str(),
            patched["priority"].as_i64()
        ),
        (200, Some("silver"), Some(5))
    );

    let (_, listed) = mock.get(&format!("/api/v1/apps/{app}/groups")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (_, apps_of_group) = mock.get(&format!("/api/v1/groups/{group}/apps")).await;
    assert_eq!(apps_of_group[0]["id"], app.as_str());

    assert_eq!(mock.call(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(mock.get(&path).await.0, 404);
    assert_eq!(
        mock.call(
            Method::PUT,
            &format!("/api/v1/apps/{app}/groups/00gNOPE"),
            Some(json!({}))
        )
        .await
        .0,
        404
    );
}
