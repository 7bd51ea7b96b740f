//! Discriminated unions, from Okta's OpenAPI spec (LAP keeps no discriminators).
//!
//! Each row of `specs/overlay/unions.tsv` makes an IR model a union: the OpenAPI schema it names
//! gives the discriminator field and its mapping (`signOnMode: SAML_2_0 → SamlApplication`, …).
//! A variant model is the IR model's fields (the base, as LAP and the corrections give them)
//! plus the properties the variant schema adds through `allOf`, with its own types where it
//! redeclares a base field (what those properties reference is imported by `schemas`). The IR
//! model itself stays: it is the shape of a kind the spec does not name, and what the mock serves.
//!
//! A row may instead name a property whose schema is a `oneOf` without a discriminator
//! (`IdentityProvider.protocol`): the kinds are then told apart by the property each declares as
//! a one-value enum, and the union is a new model of the fields they share.

use std::collections::HashSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::corrections::unique_idents;
use super::naming::{dedupe, pascal, snake};
use super::schemas::{collect, enum_values, Importer};
use super::{EnumDef, Example, Model, ModelField, TypeRef, Union, Variant};
use crate::openapi::{ref_name, schema};
use crate::overlay::UnionRow;

/// Turns the models the rows name into unions; adds the variants and what they reference.
pub fn import(rows: &[UnionRow], api: &OpenAPI, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>) -> Result<Vec<Union>, String> {
    let mut importer = Importer { api, models, enums, roles: (false, true) };
    let mut unions = Vec::new();
    for row in rows {
        unions.push(importer.union(row).map_err(|e| format!("{}: {e}", row.at))?);
    }
    Ok(unions)
}

impl Importer<'_> {
    fn union(&mut self, row: &UnionRow) -> Result<Union, String> {
        match row.schema.split_once('.') {
            Some((owner, property)) => self.field_union(row, owner, property),
            None => self.schema_union(row),
        }
    }

    /// A union whose schema has a discriminator and a mapping; the IR model is its base.
    fn schema_union(&mut self, row: &UnionRow) -> Result<Union, String> {
        let base = self.models.iter().find(|m| m.name == row.model).ok_or_else(|| format!("no model `{}` in the IR", row.model))?;
        let base_fields = base.fields.clone();
        self.roles = (base.in_request, base.in_response);
        let spec = schema(self.api, &row.schema).ok_or_else(|| format!("no schema `{}` in {}", row.schema, crate::openapi::SPEC))?;
        let discriminator = spec.schema_data.discriminator.as_ref().ok_or_else(|| format!("schema `{}` has no discriminator", row.schema))?;
        let tag = &discriminator.property_name;
        if !base_fields.iter().any(|f| &f.name == tag) {
            return Err(format!("model `{}` has no field `{tag}` (the discriminator)", row.model));
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (value, target) in &discriminator.mapping {
            let name = ref_name(target).to_string();
            // Several values may name one kind (`sms`, `voice`, … → `AuthenticatorMethodSimple`).
            if !variants.iter().any(|v| v.model == name) {
                let variant = schema(self.api, &name).ok_or_else(|| format!("no schema `{name}`"))?;
                let mut own = Vec::new();
                collect(self.api, variant, &row.schema, &mut own)?;
                self.variant_model(&name, base_fields.clone(), own, tag)?;
            }
            variants.push(Variant { value: value.clone(), model: name, name: pascal(value) });
        }
        kind_names(&mut variants);
        let examples = examples(self.api, &row.schema);
        Ok(Union { name: row.model.clone(), discriminator: tag.clone(), variants, examples })
    }

    /// A union from a property that is a `oneOf` of schemas without a discriminator
    /// (`IdentityProvider.protocol`): the kinds are told apart by the property each declares as
    /// a one-value enum (`type: [SAML2]`). The union is a new model of the fields every kind has,
    /// and becomes the property's type.
    fn field_union(&mut self, row: &UnionRow, owner: &str, property: &str) -> Result<Union, String> {
        let owner_spec = schema(self.api, owner).ok_or_else(|| format!("no schema `{owner}`"))?;
        let mut props = Vec::new();
        collect(self.api, owner_spec, "", &mut props)?;
        let kinds: Vec<String> = match props.iter().find(|(wire, _)| wire == property).map(|(_, p)| p) {
            Some(ReferenceOr::Item(spec)) => match &spec.schema_kind {
                SchemaKind::OneOf { one_of } => one_of
                    .iter()
                    .map(|k| match k {
                        ReferenceOr::Reference { reference } => Ok(ref_name(reference).to_string()),
                        ReferenceOr::Item(_) => Err(format!("`{}` lists an inline schema", row.schema)),
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err(format!("`{}` is not a oneOf", row.schema)),
            },
            _ => return Err(format!("no property `{}`", row.schema)),
        };
        let mut own = Vec::new();
        for kind in &kinds {
            let mut props = Vec::new();
            collect(self.api, schema(self.api, kind).ok_or_else(|| format!("no schema `{kind}`"))?, "", &mut props)?;
            own.push(props);
        }
        // The discriminator: the first property that is a one-value enum in every kind.
        let single = |props: &[(String, &ReferenceOr<Box<Schema>>)], wire: &str| -> Option<String> {
            let (_, prop) = props.iter().find(|(w, _)| w == wire)?;
            let spec = match prop {
                ReferenceOr::Item(spec) => spec.as_ref(),
                ReferenceOr::Reference { reference } => schema(self.api, ref_name(reference))?,
            };
            match enum_values(spec).as_slice() {
                [value] => Some(value.clone()),
                _ => None,
            }
        };
        let tag = own[0]
            .iter()
            .map(|(wire, _)| wire.clone())
            .find(|wire| own.iter().all(|props| single(props, wire).is_some()))
            .ok_or_else(|| format!("the kinds of `{}` share no one-value enum property", row.schema))?;
        let values: Vec<String> = own.iter().filter_map(|props| single(props, &tag)).collect();
        let tag_type = self.new_enum(&format!("{}{}", row.model, pascal(&tag)), values.clone());
        let owner_model = self.models.iter().position(|m| m.name == owner).ok_or_else(|| format!("no model `{owner}` in the IR"))?;
        self.roles = (self.models[owner_model].in_request, self.models[owner_model].in_response);
        if self.taken(&row.model) {
            return Err(format!("`{}` is already a model or enum of the IR", row.model));
        }
        // The base goes before its kinds (Python defines the subclasses after it); fields later.
        self.models.push(Model { name: row.model.clone(), fields: Vec::new(), in_request: self.roles.0, in_response: self.roles.1 });
        let tag_field = ModelField { ident: snake(&tag), name: tag.clone(), ty: tag_type, required: false, nullable: false, description: None };
        let mut variants = Vec::new();
        for ((kind, props), value) in kinds.iter().zip(own).zip(values) {
            self.variant_model(kind, vec![tag_field.clone()], props, &tag)?;
            variants.push(Variant { value: value.clone(), model: kind.clone(), name: pascal(&value) });
        }
        kind_names(&mut variants);
        // The base: the fields every kind has, typed where they agree (else any JSON).
        let kind_models: Vec<&Model> = variants.iter().filter_map(|v| self.models.iter().find(|m| m.name == v.model)).collect();
        let mut fields = Vec::new();
        for field in &kind_models[0].fields {
            let same: Vec<&ModelField> = kind_models.iter().filter_map(|m| m.fields.iter().find(|f| f.name == field.name)).collect();
            if same.len() == kind_models.len() {
                let mut shared = field.clone();
                if same.iter().any(|f| f.ty != field.ty) {
                    shared.ty = TypeRef::Any;
                }
                fields.push(shared);
            }
        }
        self.models.iter_mut().find(|m| m.name == row.model).expect("pushed above").fields = fields;
        let owner_field = self.models[owner_model].fields.iter_mut().find(|f| f.name == property);
        owner_field.ok_or_else(|| format!("model `{owner}` has no field `{property}`"))?.ty = TypeRef::Model { name: row.model.clone() };
        let examples = examples(self.api, owner)
            .into_iter()
            .filter_map(|e| Some(Example { name: format!("{}.{property}", e.name), body: e.body.get(property).filter(|b| b.is_object())?.clone() }))
            .collect();
        Ok(Union { name: row.model.clone(), discriminator: tag, variants, examples })
    }

    /// Adds a kind's model: `fields` (the base's), then its own properties; the discriminator
    /// `tag` keeps the base's type (its value is the kind).
    fn variant_model(
        &mut self,
        name: &str,
        mut fields: Vec<ModelField>,
        own: Vec<(String, &ReferenceOr<Box<Schema>>)>,
        tag: &str,
    ) -> Result<(), String> {
        if self.taken(name) {
            return Err(format!("variant `{name}` is already a model or enum of the IR (or of another union)"));
        }
        for (wire, prop) in own.into_iter().filter(|(wire, _)| wire != tag) {
            let field = self.field(name, wire, prop)?;
            match fields.iter_mut().find(|f| f.name == field.name) {
                Some(known) => known.ty = field.ty,
                None => fields.push(field),
            }
        }
        unique_idents(&mut fields);
        self.models.push(Model { name: name.to_string(), fields, in_request: self.roles.0, in_response: self.roles.1 });
        Ok(())
    }
}

/// Rust names of the kinds: PascalCase of the value, unique, never `Unknown`.
fn kind_names(variants: &mut [Variant]) {
    let mut names: Vec<String> = variants.iter().map(|v| v.name.clone()).collect();
    names.insert(0, "Unknown".into());
    dedupe(&mut names);
    for (variant, name) in variants.iter_mut().zip(names.into_iter().skip(1)) {
        variant.name = name.replace('_', "");
    }
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
