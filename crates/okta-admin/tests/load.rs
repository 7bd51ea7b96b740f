//! Load against `okta-mock`: 1 000 concurrent requests complete without error, and paginating
//! 100 000 users streams with flat memory (one page at a time).

use futures_util::{StreamExt, TryStreamExt};
use okta_admin::{Auth, Client, Config};
use okta_mock::{MockConfig, MockServer};

fn client(server: &MockServer) -> Client {
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().into())).build().expect("config");
    Client::new(config).expect("client")
}

/// Resident set size of this process in bytes (Linux).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4096
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_all_succeed() {
    let server = MockServer::start(MockConfig { seed_users: 1000, ..Default::default() }).await.expect("mock");
    let client = client(&server);
    let calls = (1..=1000).map(|n| {
        let client = client.clone();
        async move { client.users().get(&format!("user{n}@example.com")).await }
    });
    let results: Vec<_> = futures_util::stream::iter(calls).buffer_unordered(1000).collect().await;
    assert_eq!(results.len(), 1000);
    for result in results {
        result.expect("every request succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginating_100_000_users_streams_with_flat_memory() {
    let server = MockServer::start(MockConfig { seed_users: 100_000, ..Default::default() }).await.expect("mock");
    let client = client(&server);
    let baseline = rss();
    let mut peak = baseline;
    let mut items = client.users().list().limit(200).items();
    let mut count = 0usize;
    let mut body_bytes = 0usize;
    while let Some(user) = items.try_next().await.expect("page") {
        count += 1;
        body_bytes += user.id.map_or(0, |id| id.len()) + 500;
        if count % 5_000 == 0 {
            peak = peak.max(rss());
        }
    }
    assert_eq!(count, 100_000);
    let growth = peak.saturating_sub(baseline);
    assert!(
        growth < 48 * 1024 * 1024,
        "memory grew by {} MiB while streaming ~{} MiB of users",
        growth / (1024 * 1024),
        body_bytes / (1024 * 1024)
    );
}
