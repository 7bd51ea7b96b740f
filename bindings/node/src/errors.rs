//! Core errors as JS rejections. napi's `Error` carries only a message, so the message is a
//! marker followed by a JSON description of the error (code, status, Okta's error fields, …);
//! `lib/runtime.js` turns it into the matching `OktaError` subclass.

use okta_admin_runtime::Error;
use serde_json::{json, Value};

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
    let mut out = error.details();
    out.insert("code".into(), error.code().into());
    out.insert("class".into(), error.kind().class_name().into());
    out.insert("message".into(), error.to_string().into());
    Value::Object(out)
}
