//! A test that every model survives one field of the wrong JSON type:
//! `crates/okta-admin/tests/lenient.rs`.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::GeneratedFile;
use crate::ir::{Ir, Model, TypeRef};

/// One case per optional field of every model (fields typed "any JSON value" have no wrong
/// type): a body with that field of the wrong JSON type, and the required fields of
/// request-only models filled in. (Those required fields, never read from a response, must fit.)
pub fn emit(ir: &Ir) -> GeneratedFile {
    let models: HashMap<&str, &Model> = ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let enums: HashMap<&str, &str> =
        ir.enums.iter().filter_map(|e| Some((e.name.as_str(), e.values.first()?.as_str()))).collect();
    let mut cases = Vec::new();
    for model in &ir.models {
        for field in model.fields.iter().filter(|f| !super::rust_models::is_plain(model, f.required)) {
            let Some(odd) = wrong(&field.ty) else { continue };
            let mut body = required_sample(model, &models, &enums);
            body.insert(field.name.clone(), odd);
            cases.push(format!(
                "    ({:?}, check::<okta_admin::models::{}>, {:?}),",
                model.name,
                super::rust_syntax::type_ident(&model.name),
                Value::Object(body).to_string()
            ));
        }
    }
    GeneratedFile {
        path: "crates/okta-admin/tests/lenient.rs".into(),
        contents: format!(
            "{header}
//! Every model, fed a body with one field of the wrong JSON type, decodes: the odd value is kept
//! with its undeclared fields (re-serialising gives the body back), never an error for the
//! object or its page. One case per optional field of every model.

type Check = fn(&str) -> Result<(), String>;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(body: &str) -> Result<(), String> {{
    let decoded: T = serde_json::from_slice(body.as_bytes()).map_err(|e| format!(\"does not decode: {{e}}\"))?;
    let again = serde_json::to_value(&decoded).map_err(|e| e.to_string())?;
    let sent: serde_json::Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    if again == sent {{ Ok(()) }} else {{ Err(format!(\"re-serialised as {{again}}\")) }}
}}

const CASES: &[(&str, Check, &str)] = &[
{cases}
];

#[test]
fn every_model_keeps_a_field_of_the_wrong_json_type() {{
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|(model, check, body)| check(body).err().map(|e| format!(\"{{model}} {{body}}: {{e}}\")))
        .collect();
    assert!(failures.is_empty(), \"{{}} of {{}} cases failed:\\n{{}}\", failures.len(), CASES.len(), failures.join(\"\\n\"));
    assert_eq!(CASES.len(), {count});
}}
",
            header = super::HEADER,
            cases = cases.join("\n"),
            count = cases.len(),
        ),
    }
}

/// A JSON value of the wrong type for `ty`, as Okta's real responses have shown them (an array
/// where an object is declared, an object where an array is); `None` for "any JSON value".
fn wrong(ty: &TypeRef) -> Option<Value> {
    Some(match ty {
        TypeRef::String { .. } | TypeRef::Enum { .. } => json!(7),
        TypeRef::Integer { .. } | TypeRef::Number => json!("seven"),
        TypeRef::Boolean => json!("yes"),
        TypeRef::Object | TypeRef::Model { .. } => json!([1, "two"]),
        TypeRef::Array { .. } => json!({"first": 1}),
        TypeRef::Any => return None,
    })
}

/// The fields a request-only model cannot decode without, with values that fit.
fn required_sample(model: &Model, models: &HashMap<&str, &Model>, enums: &HashMap<&str, &str>) -> Map<String, Value> {
    model
        .fields
        .iter()
        .filter(|f| super::rust_models::is_plain(model, f.required))
        .map(|f| (f.name.clone(), sample(&f.ty, models, enums)))
        .collect()
}

fn sample(ty: &TypeRef, models: &HashMap<&str, &Model>, enums: &HashMap<&str, &str>) -> Value {
    match ty {
        TypeRef::String { .. } => json!("x"),
        TypeRef::Integer { .. } => json!(1),
        TypeRef::Number => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Any | TypeRef::Object => json!({}),
        TypeRef::Array { .. } => json!([]),
        TypeRef::Enum { name } => json!(enums.get(name.as_str()).copied().unwrap_or("x")),
        TypeRef::Model { name } => match models.get(name.as_str()) {
            Some(model) => Value::Object(required_sample(model, models, enums)),
            None => json!({}),
        },
    }
}
