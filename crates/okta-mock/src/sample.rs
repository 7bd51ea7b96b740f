//! Sample responses of the declared shape, built from the response `TypeRef`.
//!
//! Models become objects with every field filled recursively (a model that contains itself
//! becomes `{}` on the second visit), strings follow their format, enums take their first value
//! and arrays hold one item.

use std::sync::OnceLock;

use bytes::Bytes;
use serde_json::{Map, Number, Value};

use crate::ir::{Api, TypeRef};
use crate::reply::Reply;

/// The timestamp every sample `date-time` shows.
const SAMPLE_TIME: &str = "2024-01-01T00:00:00.000Z";

/// Sample response bodies, built once per operation on first use.
#[derive(Debug)]
pub struct Samples {
    bodies: Vec<OnceLock<Bytes>>,
}

impl Samples {
    /// An empty cache for `operations` operations.
    pub fn new(operations: usize) -> Samples {
        Samples {
            bodies: (0..operations).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The sample response of operation `op`: its declared status and body shape.
    pub fn reply(&self, api: &Api, op: usize) -> Reply {
        let Some(operation) = api.ir.operations.get(op) else {
            return Reply::empty(500);
        };
        let status = operation.response.status;
        let (Some(ty), Some(cell)) = (&operation.response.ty, self.bodies.get(op)) else {
            return Reply::empty(status);
        };
        if let TypeRef::String {
            format: Some(format),
        } = ty
        {
            if format == "text" {
                return Reply::bytes(status, Bytes::from_static(b"sample"), "text/plain");
            }
        }
        let body = cell.get_or_init(|| {
            let value = sample(api, ty);
            Bytes::from(serde_json::to_vec(&value).unwrap_or_default())
        });
        Reply::bytes(status, body.clone(), "application/json")
    }
}

/// A sample value of type `ty`.
pub fn sample<'a>(api: &'a Api, ty: &'a TypeRef) -> Value {
    Sampler {
        api,
        stack: Vec::new(),
    }
    .value(ty)
}

/// Walks types, remembering the models being built to stop at cycles.
struct Sampler<'a> {
    api: &'a Api,
    stack: Vec<&'a str>,
}

impl<'a> Sampler<'a> {
    fn value(&mut self, ty: &'a TypeRef) -> Value {
        match ty {
            TypeRef::String { format } => Value::String(sample_string(format.as_deref()).into()),
            TypeRef::Integer {} => Value::from(1),
            TypeRef::Number => Number::from_f64(1.5).map_or(Value::Null, Value::Number),
            TypeRef::Boolean => Value::Bool(true),
            TypeRef::Any | TypeRef::Object => Value::Object(Map::new()),
            TypeRef::Enum { name } => self.enum_value(name),
            TypeRef::Array { items } => Value::Array(vec![self.value(items)]),
            TypeRef::Model { name } => self.model(name),
        }
    }

    fn enum_value(&self, name: &str) -> Value {
        let Some(def) = self.api.enum_def(name) else {
            return Value::String(String::new());
        };
        let first = def.values.first().map_or("", String::as_str);
        match first.parse::<i64>() {
            Ok(n) if def.integer => Value::from(n),
            _ => Value::String(first.to_string()),
        }
    }

    fn model(&mut self, name: &'a str) -> Value {
        let mut object = Map::new();
        let Some(model) = self.api.model(name) else {
            return Value::Object(object);
        };
        if self.stack.contains(&name) {
            return Value::Object(object);
        }
        self.stack.push(name);
        for field in &model.fields {
            object.insert(field.name.clone(), self.value(&field.ty));
        }
        self.stack.pop();
        Value::Object(object)
    }
}

/// A sample string for a format.
fn sample_string(format: Option<&str>) -> &'static str {
    match format {
        Some("date-time") => SAMPLE_TIME,
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.okta.com/sample",
        Some("password") => "Sample-Passw0rd!",
        Some("regex") => ".*",
        Some("boolean") => "true",
        _ => "sample",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_sample() {
        let api = Api::load().expect("the embedded IR parses");
        let samples = Samples::new(api.ir.operations.len());
        for (index, op) in api.ir.operations.iter().enumerate() {
            let reply = samples.reply(&api, index);
            assert_eq!(reply.status, op.response.status, "{}", op.id);
            assert_eq!(reply.body.is_empty(), op.response.ty.is_none(), "{}", op.id);
        }
    }

    #[test]
    fn models_are_filled() {
        let api = Api::load().expect("the embedded IR parses");
        let user = sample(
            &api,
            &TypeRef::Model {
                name: "User".into(),
            },
        );
        assert_eq!(user["created"], SAMPLE_TIME);
        assert_eq!(user["profile"]["email"], "user@example.com");
        assert!(user["profile"]["login"].is_string());
    }
}
