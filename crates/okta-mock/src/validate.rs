//! Checks a request against its operation: the body's media type and shape (see
//! [`crate::payload`]), required query parameters and headers, the types of scalar query
//! parameters, and the JSON body's required fields (nested ones included).

use hyper::HeaderMap;
use serde_json::{Map, Value};

use crate::errors::OktaError;
use crate::ir::{Api, Location, Operation, TypeRef};
use crate::payload::{self, Payload};
use crate::query::Query;

/// How deep required fields of nested models are checked.
const MAX_DEPTH: usize = 16;

/// The message Okta gives for a missing required field.
const BLANK: &str = "The field cannot be left blank";

/// Validates a request; returns its body as read (415 and body 400s come before the others).
pub fn validate(
    api: &Api,
    op: &Operation,
    query: &Query,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Payload, OktaError> {
    let body = payload::read(op, headers, body)?;
    let mut causes = Vec::new();
    for param in &op.params {
        match param.location {
            Location::Query => match query.get(&param.name) {
                None if param.required => causes.push((param.name.clone(), BLANK.to_string())),
                Some(value) => {
                    if let Some(problem) = scalar_problem(&param.ty, value) {
                        causes.push((param.name.clone(), problem.to_string()));
                    }
                }
                None => {}
            },
            Location::Header if param.required && !headers.contains_key(param.name.as_str()) => {
                causes.push((param.name.clone(), "Required header is missing".to_string()));
            }
            Location::Header | Location::Path | Location::Body => {}
        }
    }
    if op.body_model.is_some() {
        match &body {
            Payload::Json(Value::Object(object)) => check_body(api, op, object, &mut causes),
            Payload::None => check_body(api, op, &Map::new(), &mut causes),
            Payload::File(_) | Payload::Raw => {}
            Payload::Json(_) => causes.push((
                "body".into(),
                "The request body must be a JSON object".into(),
            )),
        }
    }
    if causes.is_empty() {
        Ok(body)
    } else {
        Err(OktaError::validation(causes))
    }
}

/// Checks the top-level body parameters and, recursively, the required fields of their models.
fn check_body(
    api: &Api,
    op: &Operation,
    body: &Map<String, Value>,
    causes: &mut Vec<(String, String)>,
) {
    for param in op.params.iter().filter(|p| p.location == Location::Body) {
        match body.get(&param.name) {
            None | Some(Value::Null) if param.required => {
                causes.push((param.name.clone(), BLANK.into()))
            }
            Some(value) => check_value(api, &param.ty, value, &param.name, 0, causes),
            None => {}
        }
    }
}

/// Checks the required fields of the models inside `value`.
fn check_value(
    api: &Api,
    ty: &TypeRef,
    value: &Value,
    path: &str,
    depth: usize,
    causes: &mut Vec<(String, String)>,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    match (ty, value) {
        (TypeRef::Array { items }, Value::Array(values)) => {
            for (i, item) in values.iter().enumerate() {
                check_value(api, items, item, &format!("{path}[{i}]"), depth + 1, causes);
            }
        }
        (TypeRef::Model { name }, Value::Object(object)) => {
            let Some(model) = api.model(name) else { return };
            for field in &model.fields {
                let field_path = format!("{path}.{}", field.name);
                match object.get(&field.name) {
                    None | Some(Value::Null) if field.required => {
                        causes.push((field_path, BLANK.into()))
                    }
                    Some(inner) => {
                        check_value(api, &field.ty, inner, &field_path, depth + 1, causes)
                    }
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// Why a query value does not fit a scalar type, if it does not.
fn scalar_problem(ty: &TypeRef, value: &str) -> Option<&'static str> {
    match ty {
        TypeRef::Integer {} if value.parse::<i64>().is_err() => Some("must be an integer"),
        TypeRef::Number if value.parse::<f64>().is_err() => Some("must be a number"),
        TypeRef::Boolean
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") =>
        {
            Some("must be true or false")
        }
        _ => None,
    }
}
