//! Discriminated unions, from Okta's OpenAPI spec (LAP keeps no discriminators).
//!
//! Each row of `specs/overlay/unions.tsv` makes an IR model a union: the OpenAPI schema it names
//! gives the discriminator field and its mapping (`signOnMode: SAML_2_0 → SamlApplication`, …).
//! A variant model is the IR model's fields (the base, as LAP and the corrections give them)
//! plus the properties the variant schema adds through `allOf`, with its own types where it
//! redeclares a base field. Schemas those properties reference, and inline objects and enums,
//! become IR models and enums of the same names (`{Owner}{Field}` for inline ones); names the IR
//! already has are reused. The IR model itself stays: it is the shape of a kind the spec does
//! not name, and what the mock serves.

use std::collections::HashSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::corrections::unique_idents;
use super::naming::{dedupe, pascal, snake};
use super::{EnumDef, Example, Model, ModelField, TypeRef, Union, Variant};
use crate::openapi::{ref_name, schema};
use crate::overlay::UnionRow;

/// Turns the models the rows name into unions; adds the variants and what they reference.
pub fn import(rows: &[UnionRow], api: &OpenAPI, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>) -> Result<Vec<Union>, String> {
    let mut importer = Importer { api, models, enums, imported: HashSet::new() };
    let mut unions = Vec::new();
    for row in rows {
        unions.push(importer.union(row).map_err(|e| format!("{}: {e}", row.at))?);
    }
    let mut variant_models = HashSet::new();
    for variant in unions.iter().flat_map(|u| &u.variants) {
        if !variant_models.insert(&variant.model) && unions.iter().filter(|u| u.variants.iter().any(|v| v.model == variant.model)).count() > 1 {
            return Err(format!("`{}` is a variant of two unions", variant.model));
        }
    }
    Ok(unions)
}

struct Importer<'a> {
    api: &'a OpenAPI,
    models: &'a mut Vec<Model>,
    enums: &'a mut Vec<EnumDef>,
    /// Models and enums this import created (their names are taken).
    imported: HashSet<String>,
}

impl Importer<'_> {
    fn union(&mut self, row: &UnionRow) -> Result<Union, String> {
        let base = self.models.iter().find(|m| m.name == row.model).ok_or_else(|| format!("no model `{}` in the IR", row.model))?;
        let (base_fields, roles) = (base.fields.iter().map(copy_field).collect::<Vec<_>>(), (base.in_request, base.in_response));
        let spec = schema(self.api, &row.schema).ok_or_else(|| format!("no schema `{}` in {}", row.schema, crate::openapi::SPEC))?;
        let discriminator = spec.schema_data.discriminator.as_ref().ok_or_else(|| format!("schema `{}` has no discriminator", row.schema))?;
        let field = base_fields
            .iter()
            .find(|f| f.name == discriminator.property_name)
            .ok_or_else(|| format!("model `{}` has no field `{}` (the discriminator)", row.model, discriminator.property_name))?;
        let mut variants = Vec::new();
        for (value, target) in &discriminator.mapping {
            let name = ref_name(target).to_string();
            if !self.imported.contains(&name) {
                if self.taken(&name) {
                    return Err(format!("variant `{name}` is already a model or enum of the IR"));
                }
                let variant = schema(self.api, &name).ok_or_else(|| format!("no schema `{name}`"))?;
                let mut own = Vec::new();
                collect(self.api, variant, &row.schema, &mut own)?;
                let mut fields = base_fields.iter().map(copy_field).collect::<Vec<_>>();
                self.imported.insert(name.clone());
                // The discriminator keeps the union's type: its value is the kind.
                for (wire, prop) in own.into_iter().filter(|(wire, _)| *wire != discriminator.property_name) {
                    let ty = self.ty(&name, &wire, prop)?;
                    let (nullable, description) = about(self.api, prop);
                    match fields.iter_mut().find(|f| f.name == wire) {
                        Some(known) => known.ty = ty,
                        None => fields.push(ModelField { ident: snake(&wire), name: wire, ty, required: false, nullable, description }),
                    }
                }
                unique_idents(&mut fields);
                self.models.push(Model { name: name.clone(), fields, in_request: roles.0, in_response: roles.1 });
            }
            variants.push(Variant { value: value.clone(), model: name, name: pascal(value) });
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.name.clone()).collect();
        names.insert(0, "Unknown".into());
        dedupe(&mut names);
        for (variant, name) in variants.iter_mut().zip(names.into_iter().skip(1)) {
            variant.name = name.replace('_', "");
        }
        let examples = examples(self.api, &row.schema);
        Ok(Union { name: row.model.clone(), discriminator: field.name.clone(), variants, examples })
    }

    /// The IR type of a property of `owner`; imports what it needs.
    fn ty(&mut self, owner: &str, field: &str, prop: &ReferenceOr<Box<Schema>>) -> Result<TypeRef, String> {
        match prop {
            ReferenceOr::Reference { reference } => self.named(ref_name(reference)),
            ReferenceOr::Item(spec) => self.shape(&format!("{owner}{}", pascal(field)), spec, false),
        }
    }

    /// A referenced schema: the IR's model or enum of that name, else imported under it.
    fn named(&mut self, name: &str) -> Result<TypeRef, String> {
        if let Some(model) = self.models.iter().find(|m| m.name == name) {
            return Ok(TypeRef::Model { name: model.name.clone() });
        }
        if let Some(def) = self.enums.iter().find(|e| e.name == name) {
            return Ok(TypeRef::Enum { name: def.name.clone() });
        }
        let spec = schema(self.api, name).ok_or_else(|| format!("no schema `{name}`"))?;
        self.shape(name, spec, true)
    }

    /// The IR type of a schema; an object with properties or an enum becomes a model or enum
    /// named `name` (for an inline one, made unique).
    fn shape(&mut self, name: &str, spec: &Schema, named: bool) -> Result<TypeRef, String> {
        let values = enum_values(spec);
        if !values.is_empty() {
            return Ok(self.new_enum(name, values));
        }
        match &spec.schema_kind {
            SchemaKind::Type(Type::String(s)) => Ok(TypeRef::String { format: format_of(&s.format) }),
            SchemaKind::Type(Type::Integer(_)) => Ok(TypeRef::Integer { format: None }),
            SchemaKind::Type(Type::Number(_)) => Ok(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => Ok(TypeRef::Array { items: Box::new(self.items(name, array.items.as_ref())?) }),
            SchemaKind::Any(any) if any.typ.as_deref() == Some("array") || any.items.is_some() => {
                Ok(TypeRef::Array { items: Box::new(self.items(name, any.items.as_ref())?) })
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => Ok(TypeRef::Object),
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                Ok(if any.typ.as_deref() == Some("object") { TypeRef::Object } else { TypeRef::Any })
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => self.new_model(name, spec, named),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => Ok(TypeRef::Any),
        }
    }

    fn items(&mut self, name: &str, items: Option<&ReferenceOr<Box<Schema>>>) -> Result<TypeRef, String> {
        match items {
            Some(items) => self.ty(name, "item", items),
            None => Ok(TypeRef::Any),
        }
    }

    /// An enum of these values: the IR's (whatever its name), else a new one named `name`.
    fn new_enum(&mut self, name: &str, mut values: Vec<String>) -> TypeRef {
        values.sort();
        values.dedup();
        if let Some(known) = self.enums.iter().find(|e| e.values == values) {
            return TypeRef::Enum { name: known.name.clone() };
        }
        let name = self.free_name(name);
        self.imported.insert(name.clone());
        self.enums.push(EnumDef { name: name.clone(), values, integer: false });
        TypeRef::Enum { name }
    }

    fn new_model(&mut self, name: &str, spec: &Schema, named: bool) -> Result<TypeRef, String> {
        let name = if named { name.to_string() } else { self.free_name(name) };
        self.imported.insert(name.clone());
        // Pushed before its fields, so that a schema referring to itself finds it.
        self.models.push(Model { name: name.clone(), fields: Vec::new(), in_request: false, in_response: true });
        let mut props = Vec::new();
        collect(self.api, spec, "", &mut props)?;
        let mut fields = Vec::new();
        for (wire, prop) in props {
            let ty = self.ty(&name, &wire, prop)?;
            let (nullable, description) = about(self.api, prop);
            fields.push(ModelField { ident: snake(&wire), name: wire, ty, required: false, nullable, description });
        }
        unique_idents(&mut fields);
        let model = self.models.iter_mut().find(|m| m.name == name).expect("pushed above");
        model.fields = fields;
        Ok(TypeRef::Model { name })
    }

    fn taken(&self, name: &str) -> bool {
        self.models.iter().any(|m| m.name == name) || self.enums.iter().any(|e| e.name == name)
    }

    /// `name`, or `name2`, `name3`, … when the IR already has it.
    fn free_name(&self, name: &str) -> String {
        let mut candidate = name.to_string();
        let mut n = 2;
        while self.taken(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        candidate
    }
}

/// The properties of a schema, through `allOf` (leaving out those of the schema `skip`), in
/// order; a later declaration of a name replaces the earlier one.
fn collect<'a>(api: &'a OpenAPI, spec: &'a Schema, skip: &str, out: &mut Vec<(String, &'a ReferenceOr<Box<Schema>>)>) -> Result<(), String> {
    let parts = match &spec.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.as_slice(),
        SchemaKind::Type(Type::Object(object)) => {
            add(out, &object.properties);
            return Ok(());
        }
        SchemaKind::Any(any) => {
            add(out, &any.properties);
            any.all_of.as_slice()
        }
        _ => return Ok(()),
    };
    for part in parts {
        match part {
            ReferenceOr::Reference { reference } if ref_name(reference) == skip => {}
            ReferenceOr::Reference { reference } => {
                let name = ref_name(reference);
                collect(api, schema(api, name).ok_or_else(|| format!("no schema `{name}`"))?, skip, out)?
            }
            ReferenceOr::Item(part) => collect(api, part, skip, out)?,
        }
    }
    Ok(())
}

/// Appends properties; a later declaration of a name replaces the earlier one.
fn add<'s>(out: &mut Vec<(String, &'s ReferenceOr<Box<Schema>>)>, props: impl IntoIterator<Item = (&'s String, &'s ReferenceOr<Box<Schema>>)>) {
    for (wire, prop) in props {
        out.retain(|(w, _)| w != wire);
        out.push((wire.clone(), prop));
    }
}

fn copy_field(f: &ModelField) -> ModelField {
    ModelField {
        name: f.name.clone(),
        ident: f.ident.clone(),
        ty: f.ty.clone(),
        required: f.required,
        nullable: f.nullable,
        description: f.description.clone(),
    }
}

/// The string values of an enum schema (`type: string, enum: […]`, or `enum` alone).
fn enum_values(spec: &Schema) -> Vec<String> {
    match &spec.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(any) if any.properties.is_empty() => any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

fn format_of(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => Some("date-time".into()),
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => Some("date".into()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        _ => None,
    }
}

/// Whether a property is nullable, and its description's first paragraph.
fn about(api: &OpenAPI, prop: &ReferenceOr<Box<Schema>>) -> (bool, Option<String>) {
    let data = match prop {
        ReferenceOr::Item(spec) => &spec.schema_data,
        ReferenceOr::Reference { reference } => match schema(api, ref_name(reference)) {
            Some(spec) => &spec.schema_data,
            None => return (false, None),
        },
    };
    let description = data.description.as_deref().map(|d| d.split("\n\n").next().unwrap_or(d).trim().to_string()).filter(|d| !d.is_empty());
    (data.nullable, description)
}

/// The JSON examples of the success responses whose schema is `name` or a list of it, each once,
/// in path order; a list example gives one example per item.
fn examples(api: &OpenAPI, name: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut seen = HashSet::new();
    for (_, _, op) in api.operations() {
        for (status, response) in &op.responses.responses {
            let (StatusCode::Code(200..=201), ReferenceOr::Item(response)) = (status, response) else { continue };
            let Some(media) = response.content.get("application/json") else { continue };
            if !media.schema.as_ref().is_some_and(|s| names(s, name)) {
                continue;
            }
            for (key, example) in &media.examples {
                let (label, value) = match example {
                    ReferenceOr::Item(example) => (format!("{}#{key}", op.operation_id.as_deref().unwrap_or_default()), example.value.as_ref()),
                    ReferenceOr::Reference { reference } => {
                        let label = ref_name(reference).to_string();
                        let value = api.components.as_ref().and_then(|c| c.examples.get(&label)).and_then(|e| match e {
                            ReferenceOr::Item(example) => example.value.as_ref(),
                            ReferenceOr::Reference { .. } => None,
                        });
                        (label, value)
                    }
                };
                let Some(value) = value else { continue };
                if !seen.insert(label.clone()) {
                    continue;
                }
                match value {
                    serde_json::Value::Array(items) => {
                        for (i, item) in items.iter().enumerate().filter(|(_, item)| item.is_object()) {
                            out.push(Example { name: format!("{label}[{i}]"), body: item.clone() });
                        }
                    }
                    serde_json::Value::Object(_) => out.push(Example { name: label, body: value.clone() }),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Whether a response schema is the schema `name` or a list of it.
fn names(spec: &ReferenceOr<Schema>, name: &str) -> bool {
    match spec {
        ReferenceOr::Reference { reference } => ref_name(reference) == name,
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Array(array)), .. }) => match &array.items {
            Some(ReferenceOr::Reference { reference }) => ref_name(reference) == name,
            _ => false,
        },
        ReferenceOr::Item(_) => false,
    }
}
