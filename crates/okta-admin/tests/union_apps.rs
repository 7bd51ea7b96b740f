//! Okta's published app examples (`tests/cases/unions.json`, shared with the Python and Node
//! tests) created on okta-mock through the typed API and read back: each comes back as the
//! variant of its sign-on mode, with every field it was sent.

use okta_admin::models::{Application, CreateApplicationRequest};
use okta_admin::{Auth, Client, Config};
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;

/// Fields the server sets, which okta-mock sets anew.
const SERVER_SET: [&str; 6] = ["id", "created", "lastUpdated", "_links", "_embedded", "status"];

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[tokio::test]
async fn published_app_examples_of_every_sign_on_mode_round_trip_through_the_client() {
    let cases: Value = serde_json::from_str(include_str!("../../../tests/cases/unions.json")).expect("cases");
    let server = MockServer::start(MockConfig::default()).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().to_owned())).build().expect("config");
    let apps = Client::new(config).expect("client");
    let apps = apps.applications();
    let mut modes = std::collections::BTreeSet::new();
    let examples = cases["cases"].as_array().expect("cases").iter().filter(|c| c["union"] == "Application" && c["kind"].is_string() && c["body"]["label"].is_string());
    for case in examples {
        let mut sent = case["body"].as_object().expect("an object").clone();
        sent.retain(|key, _| !SERVER_SET.contains(&key.as_str()));
        let sent = without_nulls(Value::Object(sent));
        let body: CreateApplicationRequest = serde_json::from_value(sent.clone()).expect("a request body");
        let created = apps.create(&body).activate(false).await.expect("created");
        let id = created.id().expect("an id").clone();
        let fetched = apps.get(&id).await.expect("fetched");
        let kind = match &fetched {
            Application::Unknown(_) => None,
            known => known.sign_on_mode().map(|mode| mode.to_string()),
        };
        assert_eq!(kind.as_deref(), sent["signOnMode"].as_str(), "{}: the variant of its sign-on mode", case["example"]);
        let again = serde_json::to_value(&fetched).expect("serializes");
        for (key, value) in sent.as_object().expect("an object") {
            assert_eq!(without_nulls(again[key].clone()), *value, "{}: {key} comes back as sent", case["example"]);
        }
        modes.extend(kind);
        apps.deactivate(&id).await.expect("deactivated");
        apps.delete(&id).await.expect("deleted");
    }
    assert!(modes.len() >= 7, "{modes:?}");
}
