//! [`Call::from_op`]: one operation of the table plus language-neutral arguments → one request.
//!
//! The typed Rust API, the Python binding and the Node binding all build their requests here,
//! so path encoding, query lists, headers, body assembly and media types behave the same in
//! every language.

use serde_json::{Map, Value};

use crate::op::{BodyKind, Loc, Op, Param};
use crate::request::{Call, FilePart};

/// The value of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text: a path segment, a header, one query value.
    Text(String),
    /// Several query values, one `name=value` pair each.
    List(Vec<String>),
    /// A JSON value: a body field, or a scalar (or list of scalars) for path, query and header.
    Json(Value),
    /// JSON text, already serialized (copied into the body as is).
    RawJson(String),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Arg {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Arg {
        Arg::Text(value)
    }
}

impl From<Value> for Arg {
    fn from(value: Value) -> Arg {
        Arg::Json(value)
    }
}

impl From<Vec<String>> for Arg {
    fn from(values: Vec<String>) -> Arg {
        Arg::List(values)
    }
}

macro_rules! arg_via_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Text(value.to_string())
            }
        }
    )*};
}

arg_via_display!(bool, i32, i64, u32, u64, f64);

/// A whole request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON value (for a model body: the object that given fields are set on).
    Json(Value),
    /// JSON text, already serialized.
    RawJson(Vec<u8>),
    /// Raw bytes (binary bodies) or UTF-8 text (text bodies).
    Bytes(Vec<u8>),
    /// The file of a `multipart/form-data` upload.
    File(FilePart),
}

/// The arguments of one call, by position in the operation's [`Op::params`], plus the whole
/// body and its media type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    values: Vec<Option<Arg>>,
    body: Option<Body>,
    content_type: Option<String>,
    replacement: Option<Vec<u8>>,
}

impl Args {
    /// No arguments.
    pub fn new() -> Args {
        Args::default()
    }

    /// Sets parameter number `index` of the operation.
    pub fn set(&mut self, index: usize, value: impl Into<Arg>) {
        if self.values.len() <= index {
            self.values.resize(index + 1, None);
        }
        self.values[index] = Some(value.into());
    }

    /// [`Args::set`], by value.
    pub fn with(mut self, index: usize, value: impl Into<Arg>) -> Args {
        self.set(index, value);
        self
    }

    /// Sets the whole body.
    pub fn set_body(&mut self, body: Body) {
        self.body = Some(body);
    }

    /// Sends this JSON text as the whole body instead of the one the arguments describe (the raw
    /// body escape hatch): body fields and the whole body given are ignored, and the operation's
    /// media type is kept when it is a JSON one (merge patch), else `application/json`.
    pub fn replace_body(&mut self, json: Vec<u8>) {
        self.replacement = Some(json);
    }

    /// Sets the body's media type (default: the operation's first).
    pub fn set_content_type(&mut self, content_type: impl Into<String>) {
        self.content_type = Some(content_type.into());
    }

    fn get(&self, index: usize) -> Option<&Arg> {
        self.values.get(index).and_then(Option::as_ref)
    }

    fn take(&mut self, index: usize) -> Option<Arg> {
        self.values.get_mut(index).and_then(Option::take)
    }
}

impl Call {
    /// The request of operation `op` with `args`. Mistakes (a missing path parameter, an object
    /// where a query value goes, a body of the wrong kind) fail the call when it is sent,
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the operation and
    /// parameter; nothing is sent. Required query parameters and body fields are not enforced:
    /// the server decides.
    pub fn from_op(op: &'static Op, mut args: Args) -> Call {
        let mut segments: Vec<String> = Vec::new();
        let mut failure = None;
        for (i, param) in op.params.iter().enumerate().filter(|(_, p)| p.loc == Loc::Path) {
            match args.take(i).map(|arg| scalar(op, param, arg)) {
                Some(Ok(text)) => segments.push(text),
                Some(Err(message)) => {
                    failure.get_or_insert(message);
                    segments.push("-".to_owned());
                }
                None => {
                    failure.get_or_insert(format!("{}: missing path parameter `{}`", op.id, param.name));
                    segments.push("-".to_owned());
                }
            }
        }
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let mut call = Call::new(op.method.to_method(), op.path, &segments);
        call.operation = Some((op.id, op.template));
        call.page_items = op.page_items;
        if let Some(message) = failure {
            call.fail(message);
        }
        for (i, param) in op.params.iter().enumerate() {
            if !matches!(param.loc, Loc::Query | Loc::Header) {
                continue;
            }
            let Some(arg) = args.take(i) else { continue };
            let result = match param.loc {
                Loc::Query => query_values(op, param, arg).map(|values| {
                    for value in values {
                        call.query_pair(param.name, value);
                    }
                }),
                _ => scalar(op, param, arg).map(|value| call.extra_header(param.name, &value)),
            };
            if let Err(message) = result {
                call.fail(message);
            }
        }
        if let Err(message) = set_body(&mut call, op, &args) {
            call.fail(message);
        }
        if let Some(accept) = op.accept {
            call.accept(accept);
        }
        call
    }
}

/// Sets the body of `call` from the whole body and the body fields given.
fn set_body(call: &mut Call, op: &'static Op, args: &Args) -> Result<(), String> {
    let default_type = op.content_types.first().copied().unwrap_or("application/json");
    let content_type = args.content_type.as_deref().unwrap_or(default_type);
    let wrong = |what: &str| format!("{}: the body must be {what}", op.id);
    if let Some(json) = &args.replacement {
        let media_type = op.content_types.first().copied().filter(|t| t.contains("json")).unwrap_or("application/json");
        call.raw_body(media_type, json.clone());
        return Ok(());
    }
    match (op.body, &args.body) {
        (BodyKind::None, None) => {}
        (BodyKind::None, Some(_)) => return Err(format!("{}: takes no body", op.id)),
        (BodyKind::Model, body) => {
            let bytes = model_body(op, args, body.as_ref())?;
            call.raw_body(content_type, bytes);
        }
        (BodyKind::Json, None) => {}
        (BodyKind::Json, Some(Body::Json(value))) => call.raw_body(content_type, json_bytes(op, value)?),
        (BodyKind::Json, Some(Body::RawJson(bytes))) => call.raw_body(content_type, bytes.clone()),
        (BodyKind::Json, Some(_)) => return Err(wrong("JSON")),
        (BodyKind::Binary | BodyKind::Text, None) => {}
        (BodyKind::Binary | BodyKind::Text, Some(Body::Bytes(bytes))) => call.raw_body(content_type, bytes.clone()),
        (BodyKind::Text, Some(Body::Json(Value::String(text)))) => call.raw_body(content_type, text.clone().into_bytes()),
        (BodyKind::Binary, Some(_)) => return Err(wrong("bytes")),
        (BodyKind::Text, Some(_)) => return Err(wrong("text")),
        (BodyKind::File, None) => {}
        (BodyKind::File, Some(Body::File(file))) => {
            call.multipart_file("file", &file.file_name, &file.media_type, &file.bytes)
        }
        (BodyKind::File, Some(_)) => return Err(wrong("a file")),
    }
    Ok(())
}

/// The JSON object of a model body: the whole body given (or `{}`), with every given field set
/// on it in the table's order. Without a whole body, field values are copied as they are.
fn model_body(op: &'static Op, args: &Args, body: Option<&Body>) -> Result<Vec<u8>, String> {
    let fields: Vec<(&Param, &Arg)> = op
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.loc == Loc::Field)
        .filter_map(|(i, p)| args.get(i).map(|arg| (p, arg)))
        .collect();
    let base = match body {
        None if fields.iter().all(|(_, arg)| matches!(arg, Arg::RawJson(_))) => {
            return Ok(concatenated_object(&fields));
        }
        None => Map::new(),
        Some(Body::Json(Value::Object(map))) if fields.is_empty() => return json_bytes(op, &Value::Object(map.clone())),
        Some(Body::RawJson(bytes)) if fields.is_empty() => return Ok(bytes.clone()),
        Some(Body::Json(Value::Object(map))) => map.clone(),
        Some(Body::RawJson(bytes)) => match serde_json::from_slice(bytes) {
            Ok(Value::Object(map)) => map,
            _ => return Err(format!("{}: the body must be a JSON object when body fields are given too", op.id)),
        },
        Some(Body::Json(value)) if fields.is_empty() => return json_bytes(op, value),
        Some(_) => return Err(format!("{}: the body must be a JSON object", op.id)),
    };
    let mut map = base;
    for (param, arg) in fields {
        map.insert(param.name.to_owned(), json_value(op, param, arg)?);
    }
    json_bytes(op, &Value::Object(map))
}

/// `{"field":<raw>,…}` from fields that are all raw JSON text (no parsing on this path).
fn concatenated_object(fields: &[(&Param, &Arg)]) -> Vec<u8> {
    let size = fields.iter().map(|(p, a)| p.name.len() + raw_len(a) + 4).sum::<usize>() + 2;
    let mut out = Vec::with_capacity(size);
    out.push(b'{');
    for (i, (param, arg)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // A wire name is a plain identifier; serde_json escapes it all the same.
        let _ = serde_json::to_writer(&mut out, param.name);
        out.push(b':');
        if let Arg::RawJson(text) = arg {
            out.extend_from_slice(text.as_bytes());
        }
    }
    out.push(b'}');
    out
}

fn raw_len(arg: &Arg) -> usize {
    match arg {
        Arg::RawJson(text) => text.len(),
        _ => 0,
    }
}

fn json_bytes(op: &Op, value: &Value) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| format!("{}: could not serialize the body: {e}", op.id))
}

/// A body field's value as JSON.
fn json_value(op: &Op, param: &Param, arg: &Arg) -> Result<Value, String> {
    Ok(match arg {
        Arg::Text(text) => Value::String(text.clone()),
        Arg::List(items) => Value::Array(items.iter().cloned().map(Value::String).collect()),
        Arg::Json(value) => value.clone(),
        Arg::RawJson(text) => serde_json::from_str(text)
            .map_err(|e| format!("{}: body field `{}` is not valid JSON: {e}", op.id, param.name))?,
    })
}

/// A path segment or header value: a string, number or boolean.
fn scalar(op: &Op, param: &Param, arg: Arg) -> Result<String, String> {
    let value = match arg {
        Arg::Text(text) => return Ok(text),
        Arg::Json(Value::String(text)) => return Ok(text),
        Arg::Json(value) => value,
        Arg::RawJson(text) => match serde_json::from_str(&text) {
            Ok(Value::String(text)) => return Ok(text),
            Ok(value) => value,
            Err(_) => Value::Null,
        },
        Arg::List(_) => Value::Null,
    };
    scalar_text(value).ok_or_else(|| {
        format!("{}: {} parameter `{}` must be a string, number or boolean", op.id, location(param.loc), param.name)
    })
}

/// The values of a query parameter: one for a scalar, one per item for a list, none for null.
fn query_values(op: &Op, param: &Param, arg: Arg) -> Result<Vec<String>, String> {
    let value = match arg {
        Arg::Text(text) => return Ok(vec![text]),
        Arg::List(items) => return Ok(items),
        Arg::Json(value) => value,
        Arg::RawJson(text) => serde_json::from_str(&text).unwrap_or(Value::Object(Map::new())),
    };
    let bad = || {
        format!(
            "{}: query parameter `{}` must be a string, number or boolean, or a list of them",
            op.id, param.name
        )
    };
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items.into_iter().map(|item| scalar_text(item).ok_or_else(bad)).collect(),
        other => scalar_text(other).map(|text| vec![text]).ok_or_else(bad),
    }
}

/// Strings as they are, numbers and booleans as JSON writes them.
fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn location(loc: Loc) -> &'static str {
    match loc {
        Loc::Path => "path",
        Loc::Query => "query",
        Loc::Header => "header",
        Loc::Field => "body",
    }
}
