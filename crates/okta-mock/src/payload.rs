//! The request body, read as its operation's body kind and media type say.
//!
//! The `Content-Type` must be one of the operation's request types (415 otherwise; a request
//! without one is read as the default, first, type). JSON types (`application/json`,
//! `application/*+json`) are parsed as JSON; `multipart/form-data` must carry exactly one
//! non-empty part named `file`; PEM, DER and JWT bodies must have their shape (see
//! [`crate::encoded`]). An empty body is no body for JSON kinds (their bodies are optional) and
//! a 400 for the others (file, certificate and token uploads all require one).

use hyper::HeaderMap;
use serde_json::Value;

use crate::encoded;
use crate::errors::OktaError;
use crate::ir::{BodyKind, Operation};
use crate::media::{self, MediaType};
use crate::multipart;

/// The name of the part Okta's uploads read.
const FILE_PART: &str = "file";

/// The message Okta gives for a missing required field.
const BLANK: &str = "The field cannot be left blank";

/// A request body as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body (or one the operation does not take).
    None,
    /// A JSON value.
    Json(Value),
    /// A `multipart/form-data` upload.
    File(Upload),
    /// Another body whose shape was checked (certificate, token, text).
    Raw,
}

impl Payload {
    /// The JSON body, if any.
    pub fn json(&self) -> Option<&Value> {
        match self {
            Payload::Json(value) => Some(value),
            _ => None,
        }
    }
}

/// The `file` part of a multipart upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Its file name (`upload` when the part gave none).
    pub file_name: String,
    /// Its `Content-Type`, if given.
    pub media_type: Option<String>,
    /// Its size in bytes.
    pub size: usize,
}

/// Reads the body of a request to `op`; 415 for a media type it does not accept, 400 for a
/// body that does not fit the type.
pub fn read(op: &Operation, headers: &HeaderMap, body: &[u8]) -> Result<Payload, OktaError> {
    let kind = op.body();
    if kind == BodyKind::None {
        return Ok(Payload::None);
    }
    let json_kind = matches!(kind, BodyKind::Model | BodyKind::Json);
    if json_kind && body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Payload::None);
    }
    let accepted = op.request_types();
    let sent = media::content_type(headers, accepted)?;
    let Some(declared) = media::request_type(accepted, sent.as_ref())? else {
        return Ok(if json_kind { json(body)? } else { Payload::Raw });
    };
    if media::is_json(declared) {
        return json(body);
    }
    if body.is_empty() {
        let field = if kind == BodyKind::File {
            FILE_PART
        } else {
            "body"
        };
        return Err(OktaError::invalid_field(field, BLANK));
    }
    let essence = declared.to_ascii_lowercase();
    let checked = match essence.as_str() {
        "multipart/form-data" => return upload(sent.as_ref(), body).map(Payload::File),
        "application/x-pem-file" => encoded::check_pem(body),
        "application/pkix-cert" | "application/x-x509-ca-cert" => {
            encoded::check_der(body, base64_transfer(headers))
        }
        t if t == "application/jwt" || t.ends_with("+jwt") => encoded::check_jwt(body),
        t if t.starts_with("text/") => std::str::from_utf8(body)
            .map(|_| ())
            .map_err(|_| "the body must be UTF-8 text".to_string()),
        _ => Ok(()),
    };
    checked
        .map(|()| Payload::Raw)
        .map_err(|message| OktaError::invalid_field("body", &message))
}

/// A JSON body; 400 when it is not JSON.
fn json(body: &[u8]) -> Result<Payload, OktaError> {
    serde_json::from_slice(body)
        .map(Payload::Json)
        .map_err(|_| OktaError::invalid_field("body", "The request body was not well-formed."))
}

/// The `file` part of a multipart body: exactly one, not empty, and no other parts.
fn upload(sent: Option<&MediaType>, body: &[u8]) -> Result<Upload, OktaError> {
    let boundary = sent.and_then(|t| t.param("boundary")).ok_or_else(|| {
        OktaError::invalid_field("body", "multipart/form-data needs a boundary parameter")
    })?;
    let parts =
        multipart::parse(boundary, body).map_err(|e| OktaError::invalid_field("body", &e))?;
    let mut causes = Vec::new();
    for part in parts.iter().filter(|p| p.name != FILE_PART) {
        causes.push((
            part.name.clone(),
            format!("unexpected part; the upload goes in a part named {FILE_PART}"),
        ));
    }
    let mut files = parts.iter().filter(|p| p.name == FILE_PART);
    let file = files.next();
    match file {
        None => causes.push((FILE_PART.into(), BLANK.into())),
        Some(_) if files.next().is_some() => {
            causes.push((FILE_PART.into(), "must be sent once".into()))
        }
        Some(part) if part.body.is_empty() => {
            causes.push((FILE_PART.into(), "the file is empty".into()))
        }
        Some(_) => {}
    }
    match file {
        Some(part) if causes.is_empty() => Ok(Upload {
            file_name: part
                .file_name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "upload".into()),
            media_type: part.content_type.clone(),
            size: part.body.len(),
        }),
        _ => Err(OktaError::validation(causes)),
    }
}

/// Whether the request says `Content-Transfer-Encoding: base64`.
fn base64_transfer(headers: &HeaderMap) -> bool {
    headers
        .get("content-transfer-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("base64"))
}
