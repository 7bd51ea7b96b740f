//! How long to wait before a retry: Okta's rate-limit headers (429) and exponential backoff
//! with jitter, with the HTTP date parsing they need.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, DATE};

const RATE_LIMIT: HeaderName = HeaderName::from_static("x-rate-limit-limit");
const RATE_REMAINING: HeaderName = HeaderName::from_static("x-rate-limit-remaining");
const RATE_RESET: HeaderName = HeaderName::from_static("x-rate-limit-reset");

/// First retry waits about this long; each further retry doubles it.
const BACKOFF_BASE: Duration = Duration::from_millis(250);
/// No single backoff wait is longer than this.
const BACKOFF_CAP: Duration = Duration::from_secs(4);

/// The `X-Rate-Limit-*` headers of a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-Rate-Limit-Limit` (smallest value if repeated).
    pub limit: Option<u64>,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: Option<u64>,
    /// `X-Rate-Limit-Reset`, in epoch seconds.
    pub reset: Option<u64>,
}

impl RateLimit {
    pub(crate) fn from_headers(headers: &HeaderMap) -> RateLimit {
        RateLimit {
            limit: smallest(headers, &RATE_LIMIT),
            remaining: smallest(headers, &RATE_REMAINING),
            reset: smallest(headers, &RATE_RESET),
        }
    }

    /// How long to wait before retrying: until the reset (by the response's own `Date`) plus
    /// one second, or a short backoff when the reset is unknown or the limit is the
    /// concurrent-request one (Limit = Remaining = 0), which frees up as other requests end.
    pub(crate) fn wait(&self, headers: &HeaderMap, retries: u32) -> Duration {
        match self.reset {
            Some(reset) if !(self.limit == Some(0) && self.remaining == Some(0)) => {
                let now = headers
                    .get(DATE)
                    .and_then(parse_http_date)
                    .unwrap_or_else(unix_now);
                Duration::from_secs(reset.saturating_sub(now).saturating_add(1))
            }
            _ => backoff(retries),
        }
    }
}

/// The smallest integer among all values of a (possibly repeated or comma-joined) header.
fn smallest(headers: &HeaderMap, name: &HeaderName) -> Option<u64> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse().ok())
        .min()
}

/// Exponential backoff with equal jitter: half of `base * 2^retries` (capped) plus a random part.
pub(crate) fn backoff(retries: u32) -> Duration {
    let full = BACKOFF_BASE
        .saturating_mul(1 << retries.min(16))
        .min(BACKOFF_CAP);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(retries);
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    full / 2 + (full / 2).mul_f64(unit)
}

/// Milliseconds since the epoch by the local clock.
pub(crate) fn unix_now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into epoch seconds.
pub(crate) fn parse_http_date(value: &HeaderValue) -> Option<u64> {
    let mut parts = value.to_str().ok()?.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month_name)?;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil, years >= 1970).
    let month = month as u64 + 1;
    let y = if month <= 2 { year - 1 } else { year };
    let (era, year_of_era) = (y / 400, y % 400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// How long until the rate limit of a response resets when it is nearly spent (at most one
/// request left), by the response's own `Date`; zero otherwise.
pub(crate) fn until_reset(headers: &HeaderMap) -> Duration {
    let limits = RateLimit::from_headers(headers);
    match (limits.remaining, limits.reset) {
        (Some(remaining), Some(_)) if remaining <= 1 => limits.wait(headers, 0),
        _ => Duration::ZERO,
    }
}
