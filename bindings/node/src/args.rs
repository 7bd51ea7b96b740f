//! Turns the arguments of one JS call into an [`okta_admin_runtime::Call`] through the shared
//! call layer ([`Call::from_op`]). The arguments arrive as one JSON text,
//! `[values, body, file, callOptions]`: `values` is aligned with the operation's parameters in the
//! runtime's table (`lib/runtime.js` maps positional arguments and option keys onto it), so a
//! call crosses the FFI boundary as a single string and bodies stay raw JSON text from
//! `JSON.stringify` to the wire.

use std::collections::BTreeMap;
use std::time::Duration;

use okta_admin_runtime::ops::OPS;
use okta_admin_runtime::{Arg, Args, Body, BodyKind, Call, Error, FilePart, Op};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// Stands for "no timeout": far enough away, yet safe to add to any `Instant`.
const NO_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Per-call settings: the last argument of every method (`raw` is the JS runtime's).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<u32>,
    max_response_bytes: Option<f64>,
    headers: Option<BTreeMap<String, Option<String>>>,
    query: Option<BTreeMap<String, Value>>,
    /// A raw JSON body sent instead of the typed one (`null`: none given).
    body: Option<Box<RawValue>>,
}

/// The settings shared by the call options of generated methods and `client.request()`.
#[derive(Default)]
pub struct Settings {
    /// Request timeout for each attempt in milliseconds (0: none).
    pub timeout_ms: Option<f64>,
    /// Retries for this call (0 disables them).
    pub max_retries: Option<u32>,
    /// The largest response body this call reads, in bytes.
    pub max_response_bytes: Option<f64>,
    /// Extra headers, e.g. a per-call `Authorization`; `null` values are skipped.
    pub headers: Option<BTreeMap<String, Option<String>>>,
    /// Extra query parameters, for parameters the spec lacks.
    pub query: Option<BTreeMap<String, Value>>,
}

/// An [`Error::InvalidRequest`] for the call described by `context`.
pub fn invalid_in(context: &str, message: impl std::fmt::Display) -> Error {
    Error::InvalidRequest(format!("{context}: {message}"))
}

/// The file name and media type of an upload; its bytes travel beside the JSON arguments.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FileMeta {
    file_name: Option<String>,
    media_type: Option<String>,
    content_type: Option<String>,
}

/// What `lib/runtime.js` sends for one call.
type Wire<'a> = (Vec<Option<&'a RawValue>>, Option<&'a RawValue>, Option<FileMeta>, Option<&'a RawValue>);

/// The operation with index `op` of the runtime's table.
pub fn operation(op: u32) -> Result<&'static Op, Error> {
    OPS.get(op as usize)
        .ok_or_else(|| Error::InvalidRequest(format!("no operation #{op}: the JS and native parts of okta-admin do not match; rebuild")))
}

/// Builds the call of `op` from the JSON arguments, and the bytes of a binary or file body.
pub fn build_call(op: &'static Op, args: &str, bytes: Option<Vec<u8>>) -> Result<Call, Error> {
    let (values, body, file, call_options): Wire<'_> =
        serde_json::from_str(args).map_err(|e| invalid_in(op.id, format!("bad arguments: {e}")))?;
    let mut bound = Args::new();
    for (i, value) in values.into_iter().enumerate() {
        if let Some(value) = value {
            bound.set(i, Arg::RawJson(value.get().to_owned()));
        }
    }
    let file = file.unwrap_or_default();
    match (op.body, body, bytes) {
        (BodyKind::Model | BodyKind::Json, Some(raw), _) => bound.set_body(Body::RawJson(raw.get().as_bytes().to_vec())),
        (BodyKind::Text, Some(raw), _) => bound.set_body(Body::Json(
            serde_json::from_str(raw.get()).map_err(|e| invalid_in(op.id, format!("bad body: {e}")))?,
        )),
        (BodyKind::Binary, _, Some(bytes)) => {
            bound.set_body(Body::Bytes(bytes));
            if let Some(content_type) = file.content_type {
                bound.set_content_type(content_type);
            }
        }
        (BodyKind::File, _, Some(bytes)) => {
            let file_name = file.file_name.unwrap_or_else(|| "file".to_owned());
            let media_type = file.media_type.unwrap_or_else(|| FilePart::guess_media_type(&file_name).to_owned());
            bound.set_body(Body::File(FilePart::new(file_name, media_type, bytes)));
        }
        _ => {}
    }
    let call_options: CallOptions = match call_options {
        Some(raw) => serde_json::from_str(raw.get()).map_err(|e| invalid_in(op.id, format!("bad call options: {e}")))?,
        None => CallOptions::default(),
    };
    let CallOptions { timeout_ms, max_retries, max_response_bytes, headers, query, body: raw_body } = call_options;
    if let Some(raw) = raw_body {
        bound.replace_body(raw.get().as_bytes().to_vec());
    }
    let mut call = Call::from_op(op, bound);
    apply_settings(op.id, &mut call, Settings { timeout_ms, max_retries, max_response_bytes, headers, query })?;
    Ok(call)
}

/// A byte count given as a JS number: a whole number from 0 to 2^53.
pub fn byte_count(value: f64) -> Result<u64, String> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_992.0 {
        Ok(value as u64)
    } else {
        Err(format!("must be a whole number of bytes, not {value}"))
    }
}

/// Applies per-call settings (timeout, retries, extra headers and query parameters) to `call`.
pub fn apply_settings(context: &str, call: &mut Call, settings: Settings) -> Result<(), Error> {
    if let Some(ms) = settings.timeout_ms {
        if !(ms.is_finite() && ms >= 0.0) {
            return Err(invalid_in(context, "timeoutMs must be a non-negative number"));
        }
        // 0 means no limit, as for the client's own timeout (about a century is as good as none).
        call.timeout(if ms == 0.0 { NO_LIMIT } else { Duration::from_secs_f64((ms / 1000.0).min(NO_LIMIT.as_secs_f64())) });
    }
    if let Some(retries) = settings.max_retries {
        call.max_retries(retries);
    }
    if let Some(limit) = settings.max_response_bytes {
        call.max_response_bytes(byte_count(limit).map_err(|why| invalid_in(context, format!("maxResponseBytes {why}")))?);
    }
    for (name, value) in settings.headers.into_iter().flatten() {
        if let Some(value) = value {
            call.extra_header(&name, &value);
        }
    }
    for (name, value) in settings.query.into_iter().flatten() {
        let values = match value {
            Value::Null => continue,
            Value::Array(items) => items,
            other => vec![other],
        };
        for value in &values {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(invalid_in(context, format!("query value of `{name}` must be a string, number or boolean"))),
            };
            call.extra_query(&name, &text);
        }
    }
    Ok(())
}
