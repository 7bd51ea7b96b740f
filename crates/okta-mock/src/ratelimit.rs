//! A fixed-window request budget and the `X-Rate-Limit-*` headers every response carries.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

/// The limit the headers show while no budget is configured (nothing is enforced then).
const NOMINAL_LIMIT: u32 = 10_000;

/// A budget: at most `limit` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: u32,
    /// The window length.
    pub window: Duration,
}

impl FromStr for RateLimit {
    type Err = String;

    /// Reads `50/1s`, `100/m`, `10/500ms` (`ms`, `s`, `m`; a missing count means 1).
    fn from_str(text: &str) -> Result<RateLimit, String> {
        let bad = || format!("invalid rate limit {text:?} (expected like 50/1s, 100/1m, 10/500ms)");
        let (limit, window) = text.trim().split_once('/').ok_or_else(bad)?;
        let limit: u32 = limit.trim().parse().map_err(|_| bad())?;
        let window = window.trim();
        let split = window
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(window.len());
        let (count, unit) = window.split_at(split);
        let count: u64 = if count.is_empty() {
            1
        } else {
            count.parse().map_err(|_| bad())?
        };
        let millis = match unit {
            "ms" => count,
            "s" => count.saturating_mul(1000),
            "m" => count.saturating_mul(60_000),
            _ => return Err(bad()),
        };
        if limit == 0 || millis == 0 {
            return Err(bad());
        }
        Ok(RateLimit {
            limit,
            window: Duration::from_millis(millis),
        })
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}ms", self.limit, self.window.as_millis())
    }
}

/// What the budget says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateStatus {
    /// `X-Rate-Limit-Limit`.
    pub limit: u32,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: u32,
    /// `X-Rate-Limit-Reset`: epoch seconds when the window ends.
    pub reset: u64,
    /// The request is over budget and gets a 429.
    pub exceeded: bool,
}

impl RateStatus {
    /// The three `X-Rate-Limit-*` headers.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("x-rate-limit-limit", self.limit.to_string()),
            ("x-rate-limit-remaining", self.remaining.to_string()),
            ("x-rate-limit-reset", self.reset.to_string()),
        ]
    }
}

/// The configured budget and the current window's count.
#[derive(Debug, Default)]
pub struct RateLimiter {
    state: Mutex<Window>,
}

#[derive(Debug, Default)]
struct Window {
    limit: Option<RateLimit>,
    /// Epoch milliseconds when the current window ends.
    ends: u64,
    used: u32,
}

impl RateLimiter {
    /// Replaces the budget (`None`: unlimited) and starts a fresh window.
    pub fn set(&self, limit: Option<RateLimit>) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = Window {
            limit,
            ends: 0,
            used: 0,
        };
    }

    /// The configured budget.
    pub fn get(&self) -> Option<RateLimit> {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).limit
    }

    /// Counts a request made at `now_ms` (epoch milliseconds) against the budget.
    pub fn check(&self, now_ms: u64) -> RateStatus {
        let mut window = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(limit) = window.limit else {
            return RateStatus {
                limit: NOMINAL_LIMIT,
                remaining: NOMINAL_LIMIT,
                reset: now_ms / 1000 + 60,
                exceeded: false,
            };
        };
        if now_ms >= window.ends {
            let millis = u64::try_from(limit.window.as_millis()).unwrap_or(u64::MAX);
            window.ends = now_ms.saturating_add(millis);
            window.used = 0;
        }
        window.used = window.used.saturating_add(1);
        RateStatus {
            limit: limit.limit,
            remaining: limit.limit.saturating_sub(window.used),
            reset: window.ends.div_ceil(1000),
            exceeded: window.used > limit.limit,
        }
    }

    /// A 429 forced by fault injection at `now_ms`: nothing left, reset one second ahead.
    pub fn forced(&self, now_ms: u64) -> RateStatus {
        let limit = self.get().map_or(NOMINAL_LIMIT, |l| l.limit);
        RateStatus {
            limit,
            remaining: 0,
            reset: (now_ms + 1000).div_ceil(1000),
            exceeded: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_budgets() {
        assert_eq!(
            "50/1s".parse(),
            Ok(RateLimit {
                limit: 50,
                window: Duration::from_secs(1)
            })
        );
        assert_eq!(
            "100/m".parse(),
            Ok(RateLimit {
                limit: 100,
                window: Duration::from_secs(60)
            })
        );
        assert_eq!(
            "3/250ms".parse(),
            Ok(RateLimit {
                limit: 3,
                window: Duration::from_millis(250)
            })
        );
        assert!("50".parse::<RateLimit>().is_err());
        assert!("0/1s".parse::<RateLimit>().is_err());
        assert!("5/1h".parse::<RateLimit>().is_err());
    }

    #[test]
    fn enforces_a_window() {
        let limiter = RateLimiter::default();
        limiter.set(Some(RateLimit {
            limit: 2,
            window: Duration::from_secs(1),
        }));
        assert_eq!(limiter.check(10_500).remaining, 1);
        assert!(!limiter.check(10_600).exceeded);
        let third = limiter.check(10_700);
        assert!(third.exceeded);
        assert_eq!(third.reset, 12);
        assert!(!limiter.check(11_500).exceeded);
    }
}
