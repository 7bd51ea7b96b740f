//! Okta's OpenAPI 3 spec (`specs/openapi/`), the second input: read with `yaml-rust2` into JSON,
//! then into the `openapiv3` model.

use std::path::Path;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// The spec's file, from the repository root.
pub const SPEC: &str = "specs/openapi/management-minimal.yaml";

/// Loads the spec; a YAML error names `file:line:column`.
pub fn load(path: &Path) -> Result<OpenAPI, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// Parses the text of a spec; `name` prefixes errors.
pub fn parse(name: &str, text: &str) -> Result<OpenAPI, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let at = e.marker();
        format!("{name}:{}:{}: {}", at.line(), at.col() + 1, e.info())
    })?;
    let doc = docs.first().ok_or_else(|| format!("{name}: empty document"))?;
    serde_json::from_value(json(doc)).map_err(|e| format!("{name}: not an OpenAPI 3.0 document: {e}"))
}

/// A YAML node as JSON (keys that are not strings are written as YAML would print them).
fn json(node: &Yaml) -> Value {
    match node {
        Yaml::Real(text) => text.parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Null, Value::Number),
        Yaml::Integer(n) => Value::from(*n),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(json).collect()),
        Yaml::Hash(entries) => {
            let object: Map<String, Value> = entries.iter().map(|(k, v)| (key(k), json(v))).collect();
            Value::Object(object)
        }
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
    }
}

fn key(node: &Yaml) -> String {
    match node {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(n) => n.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The schema a `#/components/schemas/Name` reference names, by name.
pub fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// A named component schema.
pub fn schema<'a>(api: &'a OpenAPI, name: &str) -> Option<&'a Schema> {
    match api.components.as_ref()?.schemas.get(name)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => schema(api, ref_name(reference)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_name_line_and_column() {
        let err = parse("spec.yaml", "openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(err.starts_with("spec.yaml:3:1: "), "{err}");
        let err = parse("spec.yaml", "openapi: 3.0.3\n").unwrap_err();
        assert!(err.starts_with("spec.yaml: not an OpenAPI 3.0 document"), "{err}");
    }

    #[test]
    fn reads_schemas_and_integer_keys() {
        let api = parse(
            "spec.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {n: {type: integer}}}\n    B: {$ref: '#/components/schemas/A'}\n",
        )
        .unwrap();
        assert!(schema(&api, "B").is_some());
        assert_eq!(json(&YamlLoader::load_from_str("200: x").unwrap()[0]), serde_json::json!({"200": "x"}));
    }
}
