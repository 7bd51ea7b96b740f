//! Core errors as JS rejections. napi's `Error` carries only a message, so the message is a
//! marker followed by a JSON description of the error (code, status, Okta's error fields, …);
//! `lib/runtime.js` turns it into the matching `OktaError` subclass.

use okta_admin_runtime::Error;
use serde_json::{json, Map, Value};

/// Starts the message of every rejection that `lib/runtime.js` decodes into an `OktaError`.
pub const MARKER: &str = "\u{1}okta-admin-error\u{1}";

/// The napi error for a core error.
pub fn to_napi(error: &Error) -> napi::Error {
    napi::Error::from_reason(format!("{MARKER}{}", describe(error)))
}

/// The napi error for a panic caught in the binding: a bug, reported and never unwound into JS.
pub fn internal(message: &str) -> napi::Error {
    let description = json!({ "code": "internal", "class": "InternalError", "message": format!("internal error in the okta-admin binding: {message}") });
    napi::Error::from_reason(format!("{MARKER}{description}"))
}

/// The text of a caught panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

fn describe(error: &Error) -> Value {
    let mut out = Map::new();
    out.insert("code".into(), error.code().into());
    out.insert("class".into(), error.kind().class_name().into());
    out.insert("message".into(), error.to_string().into());
    if let Some(status) = error.status() {
        out.insert("status".into(), status.into());
    }
    if let Some(api) = error.api_error() {
        let mut put = |key: &str, value: &Option<String>| {
            if let Some(value) = value {
                out.insert(key.into(), value.clone().into());
            }
        };
        put("errorCode", &api.error_code);
        put("errorSummary", &api.error_summary);
        put("errorLink", &api.error_link);
        put("errorId", &api.error_id);
        put("requestId", &api.request_id);
        let causes: Vec<Value> = api
            .error_causes
            .iter()
            .map(|cause| {
                let mut fields = cause.extra.clone();
                fields.insert("errorSummary".into(), cause.error_summary.clone().into());
                Value::Object(fields)
            })
            .collect();
        out.insert("errorCauses".into(), causes.into());
        out.insert("body".into(), api.body.clone().into());
    }
    match error {
        Error::RateLimited { limit, remaining, reset, retries, .. } => {
            out.insert("limit".into(), json!(limit));
            out.insert("remaining".into(), json!(remaining));
            out.insert("reset".into(), json!(reset));
            out.insert("retries".into(), json!(retries));
        }
        Error::Redirect { location, .. } => {
            out.insert("location".into(), json!(location));
        }
        Error::Decode { body, .. } => {
            out.insert("body".into(), body.clone().into());
        }
        Error::ForeignRedirect(url) => {
            out.insert("url".into(), url.as_str().into());
        }
        _ => {}
    }
    Value::Object(out)
}
