//! The shared error case table (`tests/cases/errors.json`): the same fault or odd input gives the
//! same `ErrorKind` (class name, code, status, fields, bounded message) as the Python and Node
//! suites assert.

use std::time::Duration;

use okta_admin::{Auth, Call, CallOptions, Client, Config, Error};
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

/// Makes the call a case describes and returns its error.
async fn fail(client: &Client, case: &Value, options: CallOptions) -> Error {
    let name = case["name"].as_str().unwrap_or_default();
    match case["call"].as_str().unwrap_or("get") {
        "list" => client.users().list().options(options).collect_all().await.map(drop).expect_err(name),
        "request" => {
            let call = Call::request(case["method"].as_str().unwrap_or("GET"), "/api/v1/users", &[]);
            client.with_options(options).send_raw(call).await.map(drop).expect_err(name)
        }
        _ => {
            let id = match case["id_length"].as_u64() {
                Some(n) => "a".repeat(n as usize),
                None => "user1@example.com".to_owned(),
            };
            client.users().get(&id).options(options).await.map(drop).expect_err(name)
        }
    }
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
        if case["closed"].as_bool() == Some(true) {
            client.close();
        }
        let mut options = CallOptions::new();
        if let Some(fault) = case["fault"].as_str() {
            options = options.header("X-Mock-Fault", fault);
        }
        if let Some([name, value]) = case["header"].as_array().map(Vec::as_slice) {
            options = options.header(name.as_str().unwrap_or_default(), value.as_str().unwrap_or_default());
        }
        if let Some(ms) = case["timeout_ms"].as_u64() {
            options = options.timeout(Duration::from_millis(ms));
        }
        if let Some(limit) = case["max_response_bytes"].as_u64() {
            options = options.max_response_bytes(limit);
        }
        let error = fail(&client, &case, options).await;
        assert_eq!(error.kind().class_name(), case["class"], "{name}: {error}");
        assert_eq!(error.code(), case["code"], "{name}");
        assert_eq!(error.status().map(Value::from).unwrap_or(Value::Null), case["status"], "{name}");
        assert_eq!(error.api_error().is_some(), case["api"].as_bool().unwrap_or_default(), "{name}");
        let message = error.to_string();
        assert!(!message.contains(['\r', '\n']), "{name}: a raw line break in {message:?}");
        if let Some(max) = case["message_max"].as_u64() {
            assert!(message.len() as u64 <= max, "{name}: a message of {} bytes", message.len());
        }
        let details = error.details();
        for (field, expected) in case["fields"].as_object().into_iter().flatten() {
            assert_eq!(details.get(field), Some(expected), "{name}: {field}");
        }
    }
}
