//! The control endpoints under `/__mock/` (no auth, not journaled):
//!
//! - `GET /__mock/requests`: the journal as a JSON array (`body` as text, exact when `body_utf8`
//!   is true; `body_base64` always exact); `DELETE /__mock/requests` clears it.
//! - `GET /__mock/config`: `{"rateLimit": "50/1000ms" | null, "faults": [{"fault", "times"}],
//!   "requireDpopNonce": false}`.
//! - `POST /__mock/config` with any of `{"rateLimit": "50/1s" | {"limit": 50, "windowMs": 1000} | null,
//!   "clearFaults": true, "faults": ["status:503:2", {"kind": "delay", "ms": 100, "times": 1}],
//!   "requireDpopNonce": true}`; answers like `GET`. Switching `requireDpopNonce` on picks a
//!   new nonce.
//! - `GET /__mock/stats`: `{"users": N, "groups": N, "apps": N, "requests": N}`.
//! - `/__mock/oauth/clients` and `/__mock/oauth/revoke`: see [`crate::oauth::control`].

use std::sync::PoisonError;
use std::time::Duration;

use hyper::Method;
use serde_json::{json, Value};

use crate::errors::OktaError;
use crate::faults::{self, Fault};
use crate::oauth;
use crate::ratelimit::RateLimit;
use crate::reply::Reply;
use crate::shared::Shared;

/// Answers a `/__mock/…` request.
pub fn handle(
    shared: &Shared,
    method: &Method,
    path: &str,
    body: &[u8],
    request_id: &str,
) -> Reply {
    let result = match (path, method) {
        ("/__mock/requests", &Method::GET) => {
            let requests: Vec<Value> = shared
                .journal
                .snapshot()
                .iter()
                .map(|r| r.to_json())
                .collect();
            Ok(Reply::json(200, &requests))
        }
        ("/__mock/requests", &Method::DELETE) => {
            shared.journal.clear();
            Ok(Reply::empty(204))
        }
        ("/__mock/config", &Method::GET) => Ok(config_reply(shared)),
        ("/__mock/config", &Method::POST) => configure(shared, body).map(|()| config_reply(shared)),
        ("/__mock/stats", &Method::GET) => Ok(stats(shared)),
        (oauth, _) if oauth.starts_with("/__mock/oauth/") => {
            oauth::control::handle(&shared.oauth, method, path, body)
        }
        ("/__mock/requests" | "/__mock/config" | "/__mock/stats", _) => {
            Err(OktaError::method_not_allowed())
        }
        _ => Err(OktaError::not_found(path)),
    };
    result.unwrap_or_else(|e| e.into_reply(request_id))
}

fn config_reply(shared: &Shared) -> Reply {
    let rate_limit = shared.limiter.get().map(|l| l.to_string());
    Reply::json(
        200,
        &json!({
            "rateLimit": rate_limit,
            "faults": shared.faults.pending_json(),
            "requireDpopNonce": shared.oauth.requires_nonce(),
        }),
    )
}

fn stats(shared: &Shared) -> Reply {
    let store = shared.store.read().unwrap_or_else(PoisonError::into_inner);
    Reply::json(
        200,
        &json!({
            "users": store.users.count(),
            "groups": store.groups.count(),
            "apps": store.apps.count(),
            "requests": shared.journal.count(),
        }),
    )
}

/// Applies a `POST /__mock/config` body; nothing changes unless all of it is valid.
fn configure(shared: &Shared, body: &[u8]) -> Result<(), OktaError> {
    let invalid = |message: String| OktaError::invalid_field("config", &message);
    let config: Value =
        serde_json::from_slice(body).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let object = config
        .as_object()
        .ok_or_else(|| invalid("expected a JSON object".into()))?;
    let mut rate_limit = None;
    let mut queued: Vec<(Fault, u32)> = Vec::new();
    let mut clear = false;
    let mut require_nonce = None;
    for (key, value) in object {
        match key.as_str() {
            "rateLimit" | "rate_limit" => {
                rate_limit = Some(read_rate_limit(value).map_err(invalid)?)
            }
            "clearFaults" | "clear_faults" => {
                clear = value
                    .as_bool()
                    .ok_or_else(|| invalid(format!("{key} must be a boolean")))?
            }
            "requireDpopNonce" | "require_dpop_nonce" => {
                require_nonce = Some(
                    value
                        .as_bool()
                        .ok_or_else(|| invalid(format!("{key} must be a boolean")))?,
                )
            }
            "faults" => {
                let entries = value
                    .as_array()
                    .ok_or_else(|| invalid("faults must be an array".into()))?;
                queued = entries
                    .iter()
                    .map(faults::from_json)
                    .collect::<Result<_, _>>()
                    .map_err(invalid)?;
            }
            _ => return Err(invalid(format!("unknown key {key:?}"))),
        }
    }
    if let Some(limit) = rate_limit {
        shared.limiter.set(limit);
    }
    if clear {
        shared.faults.clear();
    }
    if let Some(required) = require_nonce {
        shared.oauth.set_require_nonce(required);
    }
    for (fault, times) in queued {
        shared.faults.push(fault, times);
    }
    Ok(())
}

/// `null`, `"50/1s"` or `{"limit": 50, "windowMs": 1000}`.
fn read_rate_limit(value: &Value) -> Result<Option<RateLimit>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => text.parse().map(Some),
        Value::Object(object) => {
            let number = |key: &str| object.get(key).and_then(Value::as_u64).filter(|&n| n > 0);
            match (
                number("limit").and_then(|n| u32::try_from(n).ok()),
                number("windowMs"),
            ) {
                (Some(limit), Some(ms)) => Ok(Some(RateLimit {
                    limit,
                    window: Duration::from_millis(ms),
                })),
                _ => Err("rateLimit needs positive \"limit\" and \"windowMs\"".into()),
            }
        }
        _ => Err("rateLimit must be null, a string like \"50/1s\" or an object".into()),
    }
}
