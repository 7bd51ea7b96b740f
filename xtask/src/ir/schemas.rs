//! Schemas of Okta's OpenAPI spec as IR models and enums: a referenced schema keeps its name,
//! an inline object or enum is named `{Owner}{Field}`; a name the IR already has is reused (an
//! enum by its values), so the import adds only what the IR lacks.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::corrections::unique_idents;
use super::naming::{pascal, snake};
use super::{EnumDef, Model, ModelField, TypeRef};
use crate::openapi::{ref_name, schema};

/// The IR type of the OpenAPI schema `name`, importing it and what it references; new models
/// take `roles` (in requests, in responses).
pub fn schema_type(api: &OpenAPI, name: &str, models: &mut Vec<Model>, enums: &mut Vec<EnumDef>, roles: (bool, bool)) -> Result<TypeRef, String> {
    Importer { api, models, enums, roles }.named(name)
}

/// Adds IR models and enums for OpenAPI schemas.
pub(super) struct Importer<'a> {
    pub api: &'a OpenAPI,
    pub models: &'a mut Vec<Model>,
    pub enums: &'a mut Vec<EnumDef>,
    /// (in requests, in responses) of the union being imported, for the models it adds.
    pub roles: (bool, bool),
}

impl Importer<'_> {
    /// The IR type of a property of `owner`; imports what it needs.
    pub fn ty(&mut self, owner: &str, field: &str, prop: &ReferenceOr<Box<Schema>>) -> Result<TypeRef, String> {
        match prop {
            ReferenceOr::Reference { reference } => self.named(ref_name(reference)),
            ReferenceOr::Item(spec) => match single_ref(spec) {
                Some(name) => self.named(name),
                None => self.shape(&format!("{owner}{}", pascal(field)), spec, false),
            },
        }
    }

    /// A referenced schema: the IR's model or enum of that name, else imported under it.
    pub fn named(&mut self, name: &str) -> Result<TypeRef, String> {
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
    pub fn new_enum(&mut self, name: &str, mut values: Vec<String>) -> TypeRef {
        values.sort();
        values.dedup();
        if let Some(known) = self.enums.iter().find(|e| e.values == values) {
            return TypeRef::Enum { name: known.name.clone() };
        }
        let name = self.free_name(name);
        self.enums.push(EnumDef { name: name.clone(), values, integer: false });
        TypeRef::Enum { name }
    }

    fn new_model(&mut self, name: &str, spec: &Schema, named: bool) -> Result<TypeRef, String> {
        let name = if named { name.to_string() } else { self.free_name(name) };
        // Pushed before its fields, so that a schema referring to itself finds it.
        self.models.push(Model { name: name.clone(), fields: Vec::new(), in_request: self.roles.0, in_response: self.roles.1 });
        let mut props = Vec::new();
        collect(self.api, spec, "", &mut props)?;
        let mut fields = Vec::new();
        for (wire, prop) in props {
            fields.push(self.field(&name, wire, prop)?);
        }
        unique_idents(&mut fields);
        let model = self.models.iter_mut().find(|m| m.name == name).expect("pushed above");
        model.fields = fields;
        Ok(TypeRef::Model { name })
    }

    /// The optional field `wire` of `owner`, typed (importing what it needs) and described.
    pub fn field(&mut self, owner: &str, wire: String, prop: &ReferenceOr<Box<Schema>>) -> Result<ModelField, String> {
        let ty = self.ty(owner, &wire, prop)?;
        let (nullable, description) = about(self.api, prop);
        Ok(ModelField { ident: snake(&wire), name: wire, ty, required: false, nullable, description })
    }

    pub fn taken(&self, name: &str) -> bool {
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
pub fn collect<'a>(api: &'a OpenAPI, spec: &'a Schema, skip: &str, out: &mut Vec<(String, &'a ReferenceOr<Box<Schema>>)>) -> Result<(), String> {
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

/// The schema an `allOf` of one `$ref` names, the other parts only describing it
/// (`allOf: [$ref, {description: …}]`): a reference with a description beside it.
fn single_ref(spec: &Schema) -> Option<&str> {
    let SchemaKind::AllOf { all_of } = &spec.schema_kind else { return None };
    let mut refs = all_of.iter().filter_map(|part| match part {
        ReferenceOr::Reference { reference } => Some(ref_name(reference)),
        ReferenceOr::Item(_) => None,
    });
    let (name, more) = (refs.next()?, refs.next());
    let described = all_of.iter().all(|part| match part {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(part) => matches!(&part.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()),
    });
    (more.is_none() && described).then_some(name)
}

/// The string values of an enum schema (`type: string, enum: […]`, or `enum` alone).
pub fn enum_values(spec: &Schema) -> Vec<String> {
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
