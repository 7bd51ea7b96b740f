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
}

fn invalid(message: impl std::fmt::Display) -> Error {
    invalid_in(CONTEXT, message)
}

/// Builds the call of `client.request()` from its JSON options and the bytes of `body`.
pub fn build_request(args: &str, bytes: Option<Vec<u8>>) -> Result<Call, Error> {
    let args: RequestArgs = serde_json::from_str(args).map_err(|e| invalid(format!("bad options: {e}")))?;
    let method = match args.method.to_ascii_uppercase().as_str() {
        "GET" => reqwest::Method::GET,
        "POST" => reqwest::Method::POST,
        "PUT" => reqwest::Method::PUT,
        "PATCH" => reqwest::Method::PATCH,
        "DELETE" => reqwest::Method::DELETE,
        "HEAD" => reqwest::Method::HEAD,
        "OPTIONS" => reqwest::Method::OPTIONS,
        _ => return Err(invalid(format!("unsupported method {:?} (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)", args.method))),
    };
    let path = fill_path(&args.path, args.params.unwrap_or_default())?;
    let mut call = Call::from_path(method, &path);
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
        headers: args.headers,
        query: args.query,
    };
    apply_settings(CONTEXT, &mut call, settings)?;
    Ok(call)
}

/// Replaces each `{name}` of `template` with `params[name]`, percent-encoded as one path segment
/// (everything but `A-Z a-z 0-9 - . _ ~`, as the generated calls do). Empty, `.` and `..`
/// values, unknown markers and unused params are refused.
fn fill_path(template: &str, mut params: BTreeMap<String, Value>) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(invalid(format!("unclosed `{{` in path {template:?}")));
        };
        let name = &rest[open + 1..open + close];
        let value = match params.remove(name) {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(_) => return Err(invalid(format!("path parameter `{name}` must be a string or number"))),
            None => return Err(invalid(format!("no value for `{{{name}}}` in `params`"))),
        };
        if matches!(value.as_str(), "" | "." | "..") {
            return Err(invalid(format!("path parameter `{name}` = {value:?} would change which endpoint is called")));
        }
        encode_segment(&value, &mut out);
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(invalid(format!("unopened `}}` in path {template:?}")));
    }
    out.push_str(rest);
    if let Some(name) = params.keys().next() {
        return Err(invalid(format!("`params.{name}` has no `{{{name}}}` in the path")));
    }
    Ok(out)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_segment(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}
