//! The shared error case table (`tests/cases/errors.json`): the same fault gives the same
//! `ErrorKind` (class name, code, status) as the Python and Node suites assert.

use std::time::Duration;

use okta_admin::{Auth, CallOptions, Client, Config};
use okta_mock::{MockConfig, MockServer};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/cases/errors.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("errors.json")).expect("JSON");
    table["cases"].as_array().expect("cases").clone()
}

fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn every_fault_gives_the_shared_kind() {
    let server = MockServer::start(MockConfig { seed_users: 2, ..MockConfig::default() }).await.expect("mock");
    for case in cases() {
        let name = case["name"].as_str().unwrap_or_default();
        let url = match case["refused"].as_bool() {
            Some(true) => format!("http://127.0.0.1:{}", closed_port()),
            _ => server.url().to_owned(),
        };
        let config = Config::builder(url).auth(Auth::Ssws(server.token().to_owned())).max_retries(0).build().expect("config");
        let client = Client::new(config).expect("client");
        let mut options = CallOptions::new();
        if let Some(fault) = case["fault"].as_str() {
            options = options.header("X-Mock-Fault", fault);
        }
        if let Some(ms) = case["timeout_ms"].as_u64() {
            options = options.timeout(Duration::from_millis(ms));
        }
        let error = client.users().get("user1@example.com").options(options).await.expect_err(name);
        assert_eq!(error.kind().class_name(), case["class"], "{name}: {error}");
        assert_eq!(error.code(), case["code"], "{name}");
        assert_eq!(error.status().map(Value::from).unwrap_or(Value::Null), case["status"], "{name}");
        assert_eq!(error.api_error().is_some(), case["api"].as_bool().unwrap_or_default(), "{name}");
    }
}
