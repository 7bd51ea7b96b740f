//! The intermediate representation every emitter reads: resolved operations and named models.
//!
//! `cargo xtask ir` prints it as JSON.

mod build;
mod corrections;
mod locations;
mod models;
pub mod naming;
mod schemas;
mod signature;
mod twins;
mod unions;

pub use build::build;
pub use signature::{PathTemplate, Returns, Signature};
use serde::Serialize;

/// The whole API, resolved.
#[derive(Debug, Serialize)]
pub struct Ir {
    pub api: String,
    pub version: String,
    pub base_url: String,
    pub resources: Vec<Resource>,
    pub operations: Vec<Operation>,
    pub models: Vec<Model>,
    pub enums: Vec<EnumDef>,
    /// Models that are discriminated unions (the model is the shape of an unknown kind).
    pub unions: Vec<Union>,
}

impl Ir {
    /// The union a model name stands for, if it is one.
    pub fn union(&self, model: &str) -> Option<&Union> {
        self.unions.iter().find(|u| u.name == model)
    }

    /// The union a model is a variant of, if any.
    pub fn union_of(&self, variant: &str) -> Option<&Union> {
        self.unions.iter().find(|u| u.variants.iter().any(|v| v.model == variant))
    }
}

/// A model that is one of several kinds, told apart by the value of one field.
#[derive(Debug, Serialize)]
pub struct Union {
    /// The model's name (`Application`); its fields are those every kind has.
    pub name: String,
    /// The wire name of the field whose value names the kind (`signOnMode`).
    pub discriminator: String,
    /// The kinds, in the spec's order.
    pub variants: Vec<Variant>,
    /// Okta's published response examples of the union (for the tests; not in the IR's JSON).
    #[serde(skip)]
    pub examples: Vec<Example>,
}

/// A published example body.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example's name in the spec (`SamlAppResponseEx`, with `[i]` for an item of a list).
    pub name: String,
    pub body: serde_json::Value,
}

impl Union {
    /// The discriminator values whose kind is `model` (one, or several sharing a model).
    pub fn values_of<'a>(&'a self, model: &'a str) -> impl Iterator<Item = &'a str> {
        self.variants.iter().filter(move |v| v.model == model).map(|v| v.value.as_str())
    }
}

/// One kind of a union.
#[derive(Debug, Serialize)]
pub struct Variant {
    /// The discriminator's value (`SAML_2_0`).
    pub value: String,
    /// The model of this kind (`SamlApplication`): the union's fields and its own.
    pub model: String,
    /// PascalCase name of the kind (`Saml20`), unique in the union and never `Unknown`.
    pub name: String,
}

/// A resource group: one accessor on the client (`client.users()`), from the operations' tag.
#[derive(Debug, Serialize)]
pub struct Resource {
    /// The tag of Okta's spec (`User`).
    pub tag: String,
    /// snake_case accessor (`users`).
    pub name: String,
    /// PascalCase type name of the accessor (`Users`).
    pub type_name: String,
    /// Indices into `Ir::operations`.
    pub operations: Vec<usize>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
}

/// One endpoint.
#[derive(Debug, Serialize)]
pub struct Operation {
    /// Okta's `operationId` (`listUsers`).
    pub id: String,
    pub tag: String,
    /// Resource accessor (`users`).
    pub resource: String,
    /// snake_case method name within the resource (`list`).
    pub name: String,
    pub method: String,
    pub path: String,
    pub description: String,
    /// Line of the `@endpoint` directive in the spec.
    pub spec_line: usize,
    /// Path params in path order, then query, header and body params in spec order.
    pub params: Vec<Param>,
    /// The model of the JSON body built from the body params, if any.
    pub body_model: Option<String>,
    /// The endpoint takes a JSON body that the spec does not describe field by field (an input
    /// of `body_kind`, not printed: `body_kind` says it).
    #[serde(skip)]
    pub untyped_body: bool,
    /// What the request body is.
    pub body_kind: BodyKind,
    /// Media types the request body may have, the default first; empty without a body.
    pub request_content_types: Vec<String>,
    /// Media types the response may have, the default first; empty without a body.
    pub response_content_types: Vec<String>,
    /// The success response.
    pub response: Response,
    /// Declared error statuses and texts.
    pub errors: Vec<ErrorResponse>,
    /// Follows `Link: rel="next"` pages: has an `after` query param and returns a list.
    pub paginated: bool,
    /// For a list paged inside its body (`{"roles": [...], "_links": {"next": ...}}`): the field
    /// holding the items, and their type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_page: Option<BodyPage>,
    /// A list that grows at its end and gets a polling `tail` method in every language
    /// (the System Log in Okta's polling mode).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub polled: bool,
    /// The call path in each language, exactly as a user types it (`users().list`).
    pub calls: Names,
    /// `path`, split at its parameters.
    pub path_template: PathTemplate,
    /// The arguments and return shape every language prints.
    pub signature: Signature,
}

/// One name per language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Names {
    pub rust: String,
    pub python: String,
    pub node: String,
}

/// The kind of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    None,
    /// JSON of `body_model`.
    Model,
    /// Any JSON value (object or array).
    Json,
    /// `multipart/form-data` with one part named `file`.
    File,
    /// Raw bytes of one of `request_content_types` (certificates).
    Binary,
    /// A string (e.g. a JWT).
    Text,
}

/// A parameter with its resolved location.
#[derive(Debug, Serialize)]
pub struct Param {
    /// The wire name.
    pub name: String,
    #[serde(rename = "in")]
    pub location: Location,
    /// snake_case identifier (Rust and Python).
    pub ident: String,
    /// The parameter's name in each language (Rust argument or field, Python keyword, Node key).
    pub names: Names,
    pub required: bool,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The success response of an operation.
#[derive(Debug, Serialize)]
pub struct Response {
    pub status: u16,
    /// `None` when the response has no body.
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    pub description: String,
}

/// A declared error response.
#[derive(Debug, Serialize)]
pub struct ErrorResponse {
    pub status: u16,
    pub description: String,
}

/// A type, resolved to models and enums by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    String { format: Option<String> },
    Integer { format: Option<String> },
    Number,
    Boolean,
    /// Any JSON value.
    Any,
    /// A JSON object of unknown fields.
    Object,
    Model { name: String },
    Enum { name: String },
    Array { items: Box<TypeRef> },
}

/// Where the items of a body-paged list are.
#[derive(Debug, Clone, Serialize)]
pub struct BodyPage {
    /// The wire name of the array field.
    pub field: String,
    /// The item type.
    pub items: TypeRef,
}

/// A named object shape.
#[derive(Debug, Serialize)]
pub struct Model {
    pub name: String,
    pub fields: Vec<ModelField>,
    /// Used in a request body (fields marked required are enforced there).
    pub in_request: bool,
    /// Used in a response (nothing is enforced there).
    pub in_response: bool,
}

/// Whether a model is a profile (`UserProfile`, `GroupProfile`, …): it holds Okta's custom
/// attributes beside the base ones, so every language keeps it open to undeclared keys.
pub fn is_profile(model: &str) -> bool {
    model.ends_with("Profile")
}

/// A field of a model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelField {
    /// The wire name.
    pub name: String,
    /// snake_case identifier.
    pub ident: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A string (or integer) enum; open: unknown values are kept.
#[derive(Debug, Serialize)]
pub struct EnumDef {
    pub name: String,
    pub values: Vec<String>,
    /// Written on `int` in the spec.
    pub integer: bool,
}

#[cfg(test)]
mod tests;
