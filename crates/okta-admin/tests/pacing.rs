//! Client-side pacing: a burst far over the mock's rate limit draws no 429 with pacing on (calls
//! wait for the reset), and draws 429s (answered by retries) with it off.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use okta_admin::{Auth, Client, Config, EventKind};
use okta_mock::{MockConfig, MockServer, RateLimit};

async fn burst(pacing: bool) -> (usize, std::time::Duration) {
    let limit = RateLimit { limit: 20, window: std::time::Duration::from_millis(500) };
    let server = MockServer::start(MockConfig { seed_users: 2, rate_limit: Some(limit), ..MockConfig::default() }).await.expect("mock");
    let config = Config::builder(server.url()).auth(Auth::Ssws(server.token().to_owned())).max_retries(10).pacing(pacing).build().expect("config");
    let client = Client::new(config).expect("client");
    let limited = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&limited);
    client
        .observe(Arc::new(move |event: &okta_admin::Event<'_>| {
            if event.kind == EventKind::Response && event.status == Some(429) {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }))
        .map_err(drop)
        .expect("observer");
    let started = std::time::Instant::now();
    let results: Vec<_> = stream::iter(0..60)
        .map(|_| async { client.users().get("user1@example.com").await })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(results.iter().all(Result::is_ok), "every call succeeds");
    (limited.load(Ordering::Relaxed), started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pacing_keeps_a_burst_under_the_rate_limit() {
    let (paced, paced_time) = burst(true).await;
    eprintln!("paced: {paced} 429s in {paced_time:?}");
    assert_eq!(paced, 0, "no 429 with pacing on");
    let (unpaced, unpaced_time) = burst(false).await;
    eprintln!("unpaced: {unpaced} 429s in {unpaced_time:?}");
    assert!(unpaced > 0, "429s without pacing");
}
