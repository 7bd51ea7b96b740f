//! Every attempt, response and retry of a call reaches the client's observer (the same events
//! go to `tracing`, target `okta_admin`), without credentials or user data.

use okta_admin::{Auth, CallOptions, Client, Config};
use okta_mock::{MockConfig, MockServer};

#[tokio::test]
async fn every_attempt_response_and_retry_is_observed() {
    use std::sync::{Arc, Mutex};
    let server = MockServer::start(MockConfig { seed_users: 2, ..MockConfig::default() }).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().to_owned())).max_retries(1).build().expect("config");
    let client = Client::new(config).expect("client");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    client
        .observe(Arc::new(move |event: &okta_admin::Event<'_>| {
            let line = format!("{:?}", event);
            sink.lock().expect("lock").push((event.kind.name(), event.attempt, event.status, event.operation, event.path.to_owned(), line));
        }))
        .map_err(drop)
        .expect("first observer");
    assert!(client.observe(Arc::new(|_: &okta_admin::Event<'_>| {})).is_err(), "one observer per client");
    let options = CallOptions::new().header("X-Mock-Fault", "status:503:1");
    client.users().get("user1@example.com").options(options).await.expect("retried");
    let seen = seen.lock().expect("lock");
    let steps: Vec<_> = seen.iter().map(|(kind, attempt, status, ..)| (*kind, *attempt, *status)).collect();
    assert_eq!(
        steps,
        [("request", 1, None), ("response", 1, Some(503)), ("retry", 1, Some(503)), ("request", 2, None), ("response", 2, Some(200))]
    );
    for (.., operation, path, line) in seen.iter() {
        assert_eq!((*operation, path.as_str()), (Some("getUser"), "/api/v1/users/{id}"));
        assert!(!line.contains(server.token()) && !line.contains("user1@example.com"), "{line}");
    }
}
