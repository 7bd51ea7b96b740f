//! Turns the arguments of one JS call into an [`okta_admin::Call`], following the operation's
//! table entry. The arguments arrive as one JSON array, `[...positional, options, callOptions]`,
//! so that a call crosses the FFI boundary as a single string: bodies stay raw JSON text from
//! `JSON.stringify` to the wire, and only query, header and path values are parsed.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use okta_admin::{Call, Error};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::ops::{Body, Loc, Op, Param};

/// Stands for "no timeout": far enough away, yet safe to add to any `Instant`.
const NO_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Per-call settings: the last argument of every method (`raw` is the JS runtime's).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<u32>,
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
    /// Extra headers, e.g. a per-call `Authorization`; `null` values are skipped.
    pub headers: Option<BTreeMap<String, Option<String>>>,
    /// Extra query parameters, for parameters the spec lacks.
    pub query: Option<BTreeMap<String, Value>>,
}

fn invalid(op: &Op, message: impl std::fmt::Display) -> Error {
    invalid_in(&format!("{} ({})", op.js_name, op.id), message)
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
}

/// The media type of an upload by its file name's extension (Okta takes PNG, JPEG, GIF and SVG
/// images); `application/octet-stream` otherwise.
fn guess_media_type(file_name: &str) -> &'static str {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "pem" => "application/x-pem-file",
        "cer" | "crt" | "der" => "application/pkix-cert",
        _ => "application/octet-stream",
    }
}

/// Builds the call of `op` from the JSON arguments array, and the bytes of a binary or file body.
pub fn build_call(op: &Op, args: &str, bytes: Option<Vec<u8>>) -> Result<Call, Error> {
    let args: Vec<&RawValue> =
        serde_json::from_str(args).map_err(|e| invalid(op, format!("arguments are not serializable: {e}")))?;
    let npos = op.positional.len();
    if args.len() > npos + 2 {
        return Err(invalid(op, format!("expected at most {} arguments, got {}", npos + 2, args.len())));
    }
    let arg = |i: usize| args.get(i).copied().filter(|raw| raw.get() != "null");

    // Path segments first: `Call::new` needs them all at once.
    let mut segments: Vec<String> = Vec::with_capacity(npos);
    for (i, param) in op.positional.iter().enumerate() {
        if param.loc != Loc::Path {
            continue;
        }
        let raw = arg(i).ok_or_else(|| invalid(op, format!("missing required argument `{}`", param.key)))?;
        segments.push(scalar(op, param, raw)?);
    }
    let segment_refs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let mut call = Call::new(op.method.to_reqwest(), op.path, &segment_refs);
    for (i, param) in op.positional.iter().enumerate() {
        if param.loc == Loc::Path {
            continue;
        }
        let raw = arg(i).ok_or_else(|| invalid(op, format!("missing required argument `{}`", param.key)))?;
        apply(op, &mut call, param, raw)?;
    }

    // The call options come first: a raw JSON `body` there replaces the typed body.
    let extra: CallOptions = match arg(npos + 1) {
        Some(raw) => serde_json::from_str(raw.get()).map_err(|e| {
            // A common slip: a method option passed in the call options (the last argument).
            let misplaced = serde_json::from_str::<HashMap<String, &RawValue>>(raw.get())
                .ok()
                .and_then(|keys| op.options.iter().find(|p| keys.contains_key(p.key)).map(|p| p.key));
            match misplaced {
                Some(key) => invalid(
                    op,
                    format!("`{key}` belongs in the options object, not in the call options (the last argument)"),
                ),
                None => invalid(op, format!("bad call options: {e}")),
            }
        })?,
        None => CallOptions::default(),
    };
    let CallOptions { timeout_ms, max_retries, headers, query, body: raw_body } = extra;

    let mut options: HashMap<String, &RawValue> = match arg(npos) {
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|_| invalid(op, "the options argument must be an object"))?,
        None => HashMap::new(),
    };
    // The keys that carry the body itself, by body kind.
    let body_override = match op.body {
        Body::None => None,
        _ => options.remove("body").filter(|raw| raw.get() != "null"),
    };
    let content_type = match op.body {
        Body::Binary => options.remove("contentType").filter(|raw| raw.get() != "null"),
        _ => None,
    };
    let file = match op.body {
        Body::File => options.remove("file").filter(|raw| raw.get() != "null"),
        _ => None,
    };
    // In table order, so that the query string is the same whatever the key order in JS.
    let mut fields: Vec<(&Param, &RawValue)> = Vec::new();
    for param in op.options {
        let Some(raw) = options.remove(param.key) else { continue };
        if param.loc == Loc::Body {
            fields.push((param, raw));
        } else if raw.get() != "null" {
            apply(op, &mut call, param, raw)?;
        }
    }
    // Keys the spec does not declare: extra body fields when the body is built from fields (as the
    // Rust models keep undeclared fields), mistakes otherwise.
    let mut extra_fields: Vec<(String, &RawValue)> = Vec::new();
    if !options.is_empty() {
        if op.body != Body::Fields || body_override.is_some() {
            if let Some(key) = options.keys().min() {
                return Err(unknown_option(op, key));
            }
        }
        extra_fields = options.into_iter().collect();
        extra_fields.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let media_type = op.content_types.first().copied().unwrap_or("application/json");
    if let Some(raw) = raw_body {
        // The escape hatch: this JSON instead of the typed body, whatever the options held for it
        // (so the typed body's required fields are not required either).
        let json_type = if media_type.contains("json") { media_type } else { "application/json" };
        call.raw_body(json_type, raw.get().as_bytes().to_vec());
    } else {
        typed_body(op, &mut call, media_type, body_override, content_type, file, &fields, &extra_fields, bytes)?;
    }
    if let Some(accept) = op.accept {
        call.accept(accept);
    }
    let context = format!("{} ({})", op.js_name, op.id);
    apply_settings(&context, &mut call, Settings { timeout_ms, max_retries, headers, query })?;
    Ok(call)
}

/// Sets the body of `op` from its options.
#[allow(clippy::too_many_arguments)]
fn typed_body(
    op: &Op,
    call: &mut Call,
    media_type: &str,
    body_override: Option<&RawValue>,
    content_type: Option<&RawValue>,
    file: Option<&RawValue>,
    fields: &[(&Param, &RawValue)],
    extra_fields: &[(String, &RawValue)],
    bytes: Option<Vec<u8>>,
) -> Result<(), Error> {
    match op.body {
        Body::None => {}
        Body::Fields => {
            let json = match body_override {
                Some(raw) if fields.is_empty() && extra_fields.is_empty() => raw.get().as_bytes().to_vec(),
                Some(_) => return Err(invalid(op, "pass either `body` or body fields in the options, not both")),
                None => body_object(op, fields, extra_fields)?,
            };
            call.raw_body(media_type, json);
        }
        Body::Json => {
            let raw = body_override.ok_or_else(|| invalid(op, "missing `body` in the options"))?;
            call.raw_body(media_type, raw.get().as_bytes().to_vec());
        }
        Body::Text => {
            let raw = body_override.ok_or_else(|| invalid(op, "missing `body` in the options"))?;
            let text: String =
                serde_json::from_str(raw.get()).map_err(|_| invalid(op, "`body` must be a string"))?;
            call.raw_body(media_type, text.into_bytes());
        }
        Body::Binary => {
            let bytes = bytes.ok_or_else(|| invalid(op, "missing `body` (the bytes to send) in the options"))?;
            let chosen = match content_type {
                None => media_type.to_owned(),
                Some(raw) => serde_json::from_str::<String>(raw.get())
                    .ok()
                    .filter(|t| op.content_types.iter().any(|allowed| allowed.eq_ignore_ascii_case(t)))
                    .ok_or_else(|| {
                        invalid(op, format!("`contentType` must be one of {}", op.content_types.join(", ")))
                    })?,
            };
            call.raw_body(&chosen, bytes);
        }
        Body::File => {
            let bytes = bytes.ok_or_else(|| invalid(op, "missing `file` (with its `data`) in the options"))?;
            let meta: FileMeta = match file {
                Some(raw) => serde_json::from_str(raw.get())
                    .map_err(|e| invalid(op, format!("bad `file` (expected {{ data, fileName?, mediaType? }}): {e}")))?,
                None => FileMeta::default(),
            };
            let file_name = meta.file_name.unwrap_or_else(|| "file".to_owned());
            let media_type = meta.media_type.unwrap_or_else(|| guess_media_type(&file_name).to_owned());
            call.multipart_file("file", &file_name, &media_type, &bytes);
        }
    }
    Ok(())
}

fn unknown_option(op: &Op, key: &str) -> Error {
    let mut known: Vec<&str> = op.options.iter().map(|p| p.key).collect();
    known.extend(match op.body {
        Body::None => &[][..],
        Body::Fields | Body::Json | Body::Text => &["body"][..],
        Body::Binary => &["body", "contentType"][..],
        Body::File => &["file"][..],
    });
    let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
    invalid(op, format!("unknown option `{key}` (known options: {known})"))
}

/// The JSON object of the body fields, in the spec's field order, then the undeclared ones by
/// name; required fields must be there.
fn body_object(op: &Op, fields: &[(&Param, &RawValue)], extra: &[(String, &RawValue)]) -> Result<Vec<u8>, Error> {
    for param in op.options.iter().filter(|p| p.loc == Loc::Body && p.required) {
        if !fields.iter().any(|(p, _)| p.key == param.key) {
            return Err(invalid(op, format!("missing required body field `{}`", param.key)));
        }
    }
    let pairs = fields.iter().map(|(p, raw)| (p.wire, *raw)).chain(extra.iter().map(|(k, raw)| (k.as_str(), *raw)));
    let size = pairs.clone().map(|(key, raw)| key.len() + raw.get().len() + 4).sum::<usize>() + 2;
    let mut out = Vec::with_capacity(size);
    out.push(b'{');
    for (i, (key, raw)) in pairs.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, key).map_err(|e| invalid(op, e))?;
        out.push(b':');
        out.extend_from_slice(raw.get().as_bytes());
    }
    out.push(b'}');
    Ok(out)
}

/// Adds a query or header parameter.
fn apply(op: &Op, call: &mut Call, param: &'static Param, raw: &RawValue) -> Result<(), Error> {
    match param.loc {
        Loc::Query => {
            let value: Value = serde_json::from_str(raw.get()).map_err(|e| invalid(op, e))?;
            match value {
                Value::Array(items) => {
                    for item in &items {
                        call.query(param.wire, &query_text(op, param, item)?);
                    }
                }
                other => call.query(param.wire, &query_text(op, param, &other)?),
            }
        }
        Loc::Header => call.header(param.wire, Some(&scalar(op, param, raw)?)),
        Loc::Path | Loc::Body => return Err(invalid(op, format!("`{}` is not a query or header parameter", param.key))),
    }
    Ok(())
}

/// The text of a query value: strings as is, numbers and booleans as JSON writes them.
fn query_text(op: &Op, param: &Param, value: &Value) -> Result<String, Error> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(invalid(op, format!("`{}` must be a string, number or boolean (or a list of them)", param.key))),
    }
}

/// A string, number or boolean argument as text (path segments and headers).
fn scalar(op: &Op, param: &Param, raw: &RawValue) -> Result<String, Error> {
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::String(s)) => Ok(s),
        Ok(Value::Number(n)) => Ok(n.to_string()),
        Ok(Value::Bool(b)) => Ok(b.to_string()),
        _ => Err(invalid(op, format!("`{}` must be a string", param.key))),
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
