//! Reliability limits in Rust: a huge body is cut at the limit (streamed or declared by
//! `Content-Length`), memory stays bounded, and a closed client sends nothing. One test per
//! binary, so that the peak RSS read from `/proc/self/status` is this test's alone.

use okta_admin::{Auth, CallOptions, Client, Config, Error};
use okta_mock::{MockConfig, MockServer};

fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number")
}

#[tokio::test]
async fn huge_bodies_are_cut_at_the_limit_and_memory_stays_bounded() {
    let server = MockServer::start(MockConfig { seed_users: 2, ..MockConfig::default() }).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().to_owned())).max_retries(0).build().expect("config");
    assert_eq!(config.max_response_bytes(), 64 * 1024 * 1024);
    let client = Client::new(config).expect("client");
    let limit = 64 * 1024 * 1024;
    for (fault, status) in [("big:300", 200), ("big-error:300", 400)] {
        let options = CallOptions::new().header("X-Mock-Fault", fault);
        let error = client.users().get("user1@example.com").options(options).await.expect_err(fault);
        assert!(matches!(error, Error::TooLarge { status: s, limit: l, .. } if s == status && l == limit), "{fault}: {error}");
        assert!(error.to_string().contains("max_response_bytes"), "{error}");
    }
    // The mock serves 300 MiB twice; reading stopped at 64 MiB (the mock runs in this process
    // too, and streams its bodies without holding them).
    let peak = peak_rss_kb();
    assert!(peak < 200 * 1024, "peak RSS {peak} KiB");

    // A declared Content-Length over a per-call limit fails before the body is read.
    let small = CallOptions::new().max_response_bytes(100);
    let error = client.users().get("user1@example.com").options(small).await.expect_err("limit");
    assert_eq!(error.code(), "too_large");
    assert_eq!(error.status(), Some(200));
    assert!(client.users().get("user1@example.com").await.is_ok());

    // Below 1 KiB is refused as a client setting.
    let refused = Config::builder(server.url()).auth(Auth::Ssws("t".into())).max_response_bytes(10).build();
    assert!(matches!(refused, Err(Error::Config(_))));

    // A closed client (and its views) sends nothing.
    let view = client.with_options(CallOptions::new());
    client.close();
    assert!(client.is_closed() && view.is_closed());
    server.clear_requests();
    let error = client.users().get("user1@example.com").await.expect_err("closed");
    assert!(matches!(error, Error::Closed), "{error}");
    assert_eq!(server.requests().len(), 0);
}
