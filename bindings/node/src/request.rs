//! `client.request({ method, path, params, query, headers, json, body, contentType, … })`: a call
//! to a path the spec lacks, built on [`Call::from_path`] and sent like every generated call
//! (same credentials, retries, rate-limit waits and errors).

use std::collections::BTreeMap;

use okta_admin_runtime::{Call, Error};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::args::{apply_settings, invalid_in, Settings};

const CONTEXT: &str = "client.request";

/// The options of `client.request()`, as JSON; the bytes of `body` travel beside them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RequestArgs {
    method: String,
    path: String,
    /// Values of the `{name}` markers of `path`, each sent as exactly one encoded segment.
    params: Option<BTreeMap<String, Value>>,
    query: Option<BTreeMap<String, Value>>,
    headers: Option<BTreeMap<String, Option<String>>>,
    /// A JSON body (`null`: none).
    json: Option<Box<RawValue>>,
    /// The body's media type (default `application/json` for `json`, `application/octet-stream`
    /// for bytes).
    content_type: Option<String>,
    timeout_ms: Option<f64>,
    max_retries: Option<u32>,
    max_response_bytes: Option<f64>,
}

fn invalid(message: impl std::fmt::Display) -> Error {
    invalid_in(CONTEXT, message)
}

/// Builds the call of `client.request()` from its JSON options and the bytes of `body`.
pub fn build_request(args: &str, bytes: Option<Vec<u8>>) -> Result<Call, Error> {
    let args: RequestArgs = serde_json::from_str(args).map_err(|e| invalid(format!("bad options: {e}")))?;
    let mut params = Vec::new();
    for (name, value) in args.params.unwrap_or_default() {
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(invalid(format!("path parameter `{name}` must be a string or number"))),
        };
        params.push((name, text));
    }
    let params: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let mut call = Call::request(&args.method, &args.path, &params);
    match (args.json, bytes) {
        (Some(_), Some(_)) => return Err(invalid("pass either `json` or `body`, not both")),
        (Some(json), None) => {
            call.raw_body(args.content_type.as_deref().unwrap_or("application/json"), json.get().as_bytes().to_vec())
        }
        (None, Some(bytes)) => {
            call.raw_body(args.content_type.as_deref().unwrap_or("application/octet-stream"), bytes)
        }
        (None, None) if args.content_type.is_some() => {
            return Err(invalid("`contentType` needs a `json` or `body`"));
        }
        (None, None) => {}
    }
    let settings = Settings {
        timeout_ms: args.timeout_ms,
        max_retries: args.max_retries,
        max_response_bytes: args.max_response_bytes,
        headers: args.headers,
        query: args.query,
    };
    apply_settings(CONTEXT, &mut call, settings)?;
    Ok(call)
}
