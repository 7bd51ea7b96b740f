//! Client-side pacing under Okta's rate limits. Every response says how many requests its
//! bucket has left (`X-Rate-Limit-Remaining`) and when the window resets (`X-Rate-Limit-Reset`).
//! The pacer remembers that per bucket (method and path template), counts the requests sent
//! since, and holds a call back until the reset when none are left, instead of sending it into a
//! 429. Concurrent calls of one client share the count, so a bulk job at any concurrency stays
//! within the budget. On by default ([`ConfigBuilder::pacing`](crate::ConfigBuilder::pacing)).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, DATE};

use crate::retry::{parse_http_date, unix_now_ms, RateLimit};

/// What the pacer knows of one bucket.
#[derive(Default)]
struct Bucket {
    /// Requests estimated left in the window (`None`: unknown until a response says).
    left: Option<u64>,
    /// Requests sent and not yet answered.
    in_flight: u64,
    /// When the window resets (`None`: unknown).
    resets: Option<Instant>,
}

/// The buckets of one client.
#[derive(Default)]
pub(crate) struct Pacer {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Pacer {
    fn buckets(&self) -> std::sync::MutexGuard<'_, HashMap<String, Bucket>> {
        self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits, if the requests of bucket `key` (method and path template) are spent, until its
    /// window resets; then counts one request sent. A reset further away than `budget` (what is
    /// left of the call's rate-limit wait) is not waited for: the request goes out and the
    /// server decides. Returns how long it waited.
    pub(crate) async fn before_send(&self, key: &str, budget: Duration) -> Duration {
        let mut waited = Duration::ZERO;
        loop {
            let wait = {
                let mut buckets = self.buckets();
                let bucket = match buckets.get_mut(key) {
                    Some(bucket) => bucket,
                    None => buckets.entry(key.to_owned()).or_default(),
                };
                let now = Instant::now();
                if bucket.resets.is_some_and(|resets| now >= resets) {
                    // A new window: unknown until the next response says.
                    bucket.left = None;
                    bucket.resets = None;
                }
                match (bucket.left, bucket.resets) {
                    (Some(0), Some(resets)) if resets - now <= budget.saturating_sub(waited) => Some(resets - now),
                    (left, _) => {
                        bucket.left = left.map(|l| l.saturating_sub(1));
                        bucket.in_flight += 1;
                        None
                    }
                }
            };
            match wait {
                Some(wait) => {
                    tracing::debug!(target: "okta_admin", bucket = key, wait_ms = wait.as_millis() as u64, "paced: waiting for the rate limit to reset");
                    tokio::time::sleep(wait).await;
                    waited += wait;
                }
                None => return waited,
            }
        }
    }

    /// Learns the bucket's state from a response's rate-limit headers, as parsed, and its
    /// headers for the `Date` (or, with none, that the request is no longer in flight). The estimate only goes down within a window:
    /// responses arrive out of order, and requests still in flight may not be counted yet.
    pub(crate) fn after_response(&self, key: &str, response: Option<(&RateLimit, &HeaderMap)>) {
        let mut buckets = self.buckets();
        let Some(bucket) = buckets.get_mut(key) else { return };
        bucket.in_flight = bucket.in_flight.saturating_sub(1);
        let Some((limits, headers)) = response else { return };
        // Limit = Remaining = 0 is Okta's concurrent-request limit, not a window to wait out.
        let (Some(remaining), Some(reset), Some(1..)) = (limits.remaining, limits.reset, limits.limit) else { return };
        let resets = Instant::now() + until(reset, headers);
        let reported = remaining.saturating_sub(bucket.in_flight);
        let new_window = bucket.resets.map_or(true, |known| resets > known + Duration::from_millis(500));
        bucket.left = Some(match bucket.left {
            Some(left) if !new_window => left.min(reported),
            _ => reported,
        });
        bucket.resets = Some(bucket.resets.map_or(resets, |known| known.max(resets)));
    }
}

/// Time until `reset` (epoch seconds): by the local clock when the response's `Date` agrees
/// with it (to the millisecond), by the `Date` when the clocks differ.
fn until(reset: u64, headers: &HeaderMap) -> Duration {
    let local_ms = unix_now_ms();
    let server_ms = headers
        .get(DATE)
        .and_then(parse_http_date)
        .map(|s| s.saturating_mul(1000))
        .filter(|server| server.abs_diff(local_ms) > 2000)
        .unwrap_or(local_ms);
    Duration::from_millis(reset.saturating_mul(1000).saturating_sub(server_ms))
}
