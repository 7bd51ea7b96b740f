//! Starting the mock: the binary, the blocking variant, shutdown on drop, and big seeds.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use okta_mock::{MockConfig, MockServer};
use serde_json::json;
use support::{json_of, link, Mock};

#[test]
fn binary_prints_its_url_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        .args([
            "--port",
            "0",
            "--seed-users",
            "3",
            "--seed-groups",
            "2",
            "--token",
            "bin-token",
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
        .expect("the announcement")
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (status, users) = runtime.block_on(async {
        let response = reqwest::Client::new()
            .get(format!("{url}/api/v1/users"))
            .header("Authorization", "SSWS bin-token")
            .send()
            .await;
        json_of(response.unwrap()).await
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200);
    assert_eq!(users.as_array().unwrap().len(), 3);
}

#[test]
fn binary_rejects_bad_arguments() {
    let output = Command::new(env!("CARGO_BIN_EXE_okta-mock"))
        .args(["--rate-limit", "fast"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid rate limit"));
}

#[test]
fn blocking_variant_serves_from_its_own_thread() {
    let server = MockServer::start_blocking(MockConfig {
        seed_groups: 2,
        ..MockConfig::default()
    })
    .unwrap();
    let url = server.url().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    let get = || {
        client
            .get(format!("{url}/api/v1/groups"))
            .bearer_auth("test-token")
            .send()
    };
    let (status, groups) = runtime.block_on(async { json_of(get().await.unwrap()).await });
    assert_eq!((status, groups.as_array().unwrap().len()), (200, 2));
    assert_eq!(server.requests().len(), 1);
    drop(server);
    let after_drop = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/api/v1/groups"))
            .send()
            .await
    });
    assert!(after_drop.is_err(), "the port is closed after drop");
}

#[tokio::test]
async fn seeds_one_hundred_thousand_users() {
    let mock = Mock::with_users(100_000).await;
    let (_, stats) = json_of(
        mock.http
            .get(mock.url("/__mock/stats"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(stats["users"], 100_000);
    let (status, last) = mock.get("/api/v1/users/user100000@example.com").await;
    assert_eq!(status, 200);
    let before_last = mock.get("/api/v1/users/user99999@example.com").await.1["id"]
        .as_str()
        .unwrap()
        .to_string();
    let response = mock
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/users?after={before_last}"),
        )
        .send()
        .await
        .unwrap();
    assert!(
        link(&response, "next").is_none(),
        "the last page has no next link"
    );
    let (_, page) = json_of(response).await;
    assert_eq!(page, json!([last]));
}

#[tokio::test]
async fn async_server_stops_on_drop() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let url = format!("{}/api/v1/users", server.url());
    assert_eq!(server.token(), "test-token");
    drop(server);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let result = reqwest::Client::new()
        .get(url)
        .bearer_auth("test-token")
        .send()
        .await;
    assert!(result.is_err(), "the port is closed after drop: {result:?}");
}
