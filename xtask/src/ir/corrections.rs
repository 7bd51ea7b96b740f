//! Model fields corrected by `specs/overlay/field-types.tsv`: the type a field really has where
//! the LAP spec is lossy or wrong (an inline enum it dropped, an object it calls an array), and
//! fields it lacks. Each row names a model, a wire field and a type expression:
//!
//! - `str`, `int`, `num`, `bool`, `any` (any JSON value), `map` (an object of unknown fields);
//! - `[T]`, an array of `T`;
//! - `Name`, a model or enum of the IR;
//! - `Name(A/B/C)`, a new string enum (or the existing one of that name, with those values);
//! - `Name{field: T, …}`, a new model of optional fields, used where its owner is;
//! - `@Name`, the schema `Name` of Okta's OpenAPI spec, imported with what it references.

use openapiv3::OpenAPI;

use super::naming::{dedupe, snake};
use super::schemas::schema_type;
use super::{EnumDef, Model, ModelField, TypeRef};
use crate::overlay::FieldType;

/// Applies every row, in order. Errors name the row's `file:line`.
pub fn apply(rows: &[FieldType], api: &OpenAPI, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>) -> Result<(), String> {
    for row in rows {
        let owner = models
            .iter()
            .position(|m| m.name == row.model)
            .ok_or_else(|| format!("{}: no model `{}`", row.at, row.model))?;
        let (in_request, in_response) = (models[owner].in_request, models[owner].in_response);
        let mut expr = Expr { text: &row.ty, pos: 0, at: &row.at, api, in_request, in_response };
        let ty = expr.ty(models, enums)?;
        expr.end()?;
        let model = &mut models[owner];
        match model.fields.iter_mut().find(|f| f.name == row.field) {
            Some(field) => field.ty = ty,
            None => {
                model.fields.push(ModelField {
                    name: row.field.clone(),
                    ident: snake(&row.field),
                    ty,
                    required: false,
                    nullable: false,
                    description: None,
                });
                unique_idents(&mut model.fields);
            }
        }
    }
    Ok(())
}

/// Makes the fields' identifiers unique, in order (a later repeat gets `_2`, …).
pub(super) fn unique_idents(fields: &mut [ModelField]) {
    let mut idents: Vec<String> = fields.iter().map(|f| f.ident.clone()).collect();
    dedupe(&mut idents);
    for (field, ident) in fields.iter_mut().zip(idents) {
        field.ident = ident;
    }
}

/// A type expression being read; new models take their owner's request/response roles.
struct Expr<'a> {
    text: &'a str,
    pos: usize,
    at: &'a str,
    api: &'a OpenAPI,
    in_request: bool,
    in_response: bool,
}

impl Expr<'_> {
    fn ty(&mut self, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>) -> Result<TypeRef, String> {
        if self.eat('[') {
            let items = self.ty(models, enums)?;
            self.expect(']')?;
            return Ok(TypeRef::Array { items: Box::new(items) });
        }
        if self.eat('@') {
            let name = self.word()?;
            return schema_type(self.api, &name, models, enums, (self.in_request, self.in_response)).map_err(|e| format!("{}: type `{}`: {e}", self.at, self.text));
        }
        let name = self.word()?;
        Ok(match name.as_str() {
            "str" => TypeRef::String { format: None },
            "int" => TypeRef::Integer { format: None },
            "num" => TypeRef::Number,
            "bool" => TypeRef::Boolean,
            "any" => TypeRef::Any,
            "map" => TypeRef::Object,
            _ if self.eat('(') => self.new_enum(name, models, enums)?,
            _ if self.eat('{') => self.new_model(name, models, enums)?,
            _ if models.iter().any(|m| m.name == name) => TypeRef::Model { name },
            _ if enums.iter().any(|e| e.name == name) => TypeRef::Enum { name },
            _ => return Err(self.error(&format!("`{name}` is neither a type nor a model or enum of the IR"))),
        })
    }

    fn new_enum(&mut self, name: String, models: &[Model], enums: &mut Vec<EnumDef>) -> Result<TypeRef, String> {
        let end = self.text[self.pos..].find(')').ok_or_else(|| self.error("an enum's values end with `)`"))?;
        let mut values: Vec<String> = self.text[self.pos..self.pos + end].split('/').map(|v| v.trim().to_owned()).collect();
        self.pos += end + 1;
        values.sort();
        if values.iter().any(String::is_empty) {
            return Err(self.error(&format!("enum `{name}` has an empty value")));
        }
        if models.iter().any(|m| m.name == name) {
            return Err(self.error(&format!("`{name}` is already a model")));
        }
        match enums.iter().find(|e| e.name == name) {
            Some(known) if known.values == values => {}
            Some(known) => {
                return Err(self.error(&format!("enum `{name}` exists with other values: {}", known.values.join("/"))));
            }
            None => enums.push(EnumDef { name: name.clone(), values, integer: false }),
        }
        Ok(TypeRef::Enum { name })
    }

    fn new_model(&mut self, name: String, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>) -> Result<TypeRef, String> {
        if models.iter().any(|m| m.name == name) || enums.iter().any(|e| e.name == name) {
            return Err(self.error(&format!("`{name}` already exists")));
        }
        let mut fields: Vec<ModelField> = Vec::new();
        while !self.eat('}') {
            if !fields.is_empty() {
                self.expect(',')?;
            }
            let field = self.word()?;
            self.expect(':')?;
            let ty = self.ty(models, enums)?;
            fields.push(ModelField { ident: snake(&field), name: field, ty, required: false, nullable: false, description: None });
        }
        unique_idents(&mut fields);
        models.push(Model { name: name.clone(), fields, in_request: self.in_request, in_response: self.in_response });
        Ok(TypeRef::Model { name })
    }

    fn word(&mut self) -> Result<String, String> {
        self.skip_space();
        let rest = &self.text[self.pos..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len == 0 {
            return Err(self.error("a name"));
        }
        self.pos += len;
        Ok(rest[..len].to_owned())
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        let found = self.text[self.pos..].starts_with(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("`{c}`")))
        }
    }

    fn end(&mut self) -> Result<(), String> {
        self.skip_space();
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(self.error("the end of the type"))
        }
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// `file:line: type `…` at column N: expected …`.
    fn error(&self, expected: &str) -> String {
        format!("{}: type `{}` at column {}: expected {expected}", self.at, self.text, self.pos + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(model: &str, field: &str, ty: &str) -> FieldType {
        FieldType { at: "field-types.tsv:7".into(), model: model.into(), field: field.into(), ty: ty.into() }
    }

    fn api() -> OpenAPI {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    AppSettings:\n      type: object\n      properties:\n        mode: {type: string, enum: [INACTIVE, ACTIVE]}\n";
        crate::openapi::parse("spec.yaml", spec).expect("parses")
    }

    fn app() -> (Vec<Model>, Vec<EnumDef>) {
        let status = ModelField {
            name: "status".into(),
            ident: "status".into(),
            ty: TypeRef::String { format: None },
            required: false,
            nullable: false,
            description: Some("App status".into()),
        };
        let models = vec![Model { name: "App".into(), fields: vec![status], in_request: false, in_response: true }];
        let enums = vec![EnumDef { name: "Status".into(), values: vec!["ACTIVE".into(), "INACTIVE".into()], integer: false }];
        (models, enums)
    }

    #[test]
    fn rows_retype_fields_add_missing_ones_and_define_enums_and_models() {
        let (mut models, mut enums) = app();
        let rows = [
            row("App", "status", "Status"),
            row("App", "kind", "Kind(B/A)"),
            row("App", "owners", "[AppOwner{id: str, kind: Kind(A/B), tags: [str]}]"),
            row("App", "isCloneable", "bool"),
            row("App", "settings", "@AppSettings"),
        ];
        apply(&rows, &api(), &mut models, &mut enums).expect("applies");
        let app = &models[0];
        assert_eq!(app.fields[0].ty, TypeRef::Enum { name: "Status".into() });
        assert_eq!(app.fields[0].description.as_deref(), Some("App status"), "the field keeps its docs");
        assert_eq!(app.fields[1].ty, TypeRef::Enum { name: "Kind".into() });
        assert_eq!(enums[1].values, ["A", "B"]);
        let owners = TypeRef::Array { items: Box::new(TypeRef::Model { name: "AppOwner".into() }) };
        assert_eq!(app.fields[2].ty, owners);
        assert_eq!((app.fields[3].name.as_str(), app.fields[3].ident.as_str()), ("isCloneable", "is_cloneable"));
        let owner = &models[1];
        assert!(owner.in_response && !owner.in_request, "a new model is used where its owner is");
        assert_eq!(owner.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["id", "kind", "tags"]);
        assert_eq!(app.fields[4].ty, TypeRef::Model { name: "AppSettings".into() });
        let settings = models.iter().find(|m| m.name == "AppSettings").expect("imported from the OpenAPI spec");
        assert_eq!(settings.fields[0].ty, TypeRef::Enum { name: "Status".into() }, "an enum of the same values is reused");
    }

    #[test]
    fn mistakes_name_the_row_and_column() {
        for (ty, expected) in [
            ("Nope", "field-types.tsv:7: type `Nope` at column 5: expected `Nope` is neither"),
            ("[str", "column 5: expected `]`"),
            ("Status(ACTIVE)", "enum `Status` exists with other values"),
            ("App{}", "`App` already exists"),
            ("X{a str}", "column 5: expected `:`"),
            ("str str", "expected the end of the type"),
            ("E(A//B)", "has an empty value"),
            ("@Missing", "field-types.tsv:7: type `@Missing`: no schema `Missing`"),
        ] {
            let (mut models, mut enums) = app();
            let error = apply(&[row("App", "status", ty)], &api(), &mut models, &mut enums).expect_err(ty);
            assert!(error.contains(expected), "{ty}: {error}");
        }
        let (mut models, mut enums) = app();
        let error = apply(&[row("Ghost", "status", "str")], &api(), &mut models, &mut enums).expect_err("no model");
        assert_eq!(error, "field-types.tsv:7: no model `Ghost`");
    }
}
