//! The spec's resolved IR (the JSON `cargo xtask ir` prints), as the mock reads it.

use std::collections::HashMap;

use serde::Deserialize;

use crate::generated::ir::IR_JSON;

/// The whole API: every operation, model and enum the clients know.
#[derive(Debug, Deserialize)]
pub struct Ir {
    /// Every endpoint, in IR order.
    pub operations: Vec<Operation>,
    /// Named object shapes.
    pub models: Vec<Model>,
    /// Named enums.
    pub enums: Vec<EnumDef>,
}

/// One endpoint.
#[derive(Debug, Deserialize)]
pub struct Operation {
    /// Okta's `operationId` (`listUsers`).
    pub id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template with `{var}` segments.
    pub path: String,
    /// Path, query, header and body parameters.
    pub params: Vec<Param>,
    /// The model of the JSON body, if any.
    pub body_model: Option<String>,
    /// How the body travels.
    pub body_kind: BodyKind,
    /// The request media types the endpoint accepts, default first.
    #[serde(default)]
    pub request_content_types: Vec<String>,
    /// The response media types the endpoint can answer with, default first.
    #[serde(default)]
    pub response_content_types: Vec<String>,
    /// The success response.
    pub response: Response,
    /// A list that follows `Link: rel="next"` pages.
    pub paginated: bool,
}

impl Operation {
    /// How the body travels.
    pub fn body(&self) -> BodyKind {
        self.body_kind
    }

    /// The accepted request media types; JSON bodies of older IRs default to `application/json`.
    pub fn request_types(&self) -> &[String] {
        static JSON: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        match self.body() {
            BodyKind::Model | BodyKind::Json if self.request_content_types.is_empty() => {
                JSON.get_or_init(|| vec!["application/json".to_string()])
            }
            _ => &self.request_content_types,
        }
    }
}

/// How an operation's request body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON object described by `body_model`.
    Model,
    /// A JSON value the spec does not describe field by field.
    Json,
    /// `multipart/form-data` with one part named `file`.
    File,
    /// Raw bytes (certificates).
    Binary,
    /// A string (`application/secevent+jwt`).
    Text,
    /// A kind this mock does not know: only the media type is checked.
    #[serde(other)]
    Other,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A `{var}` path segment.
    Path,
    /// A query-string parameter.
    Query,
    /// A request header.
    Header,
    /// A top-level field of the JSON body.
    Body,
}

/// A parameter of an operation.
#[derive(Debug, Deserialize)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// Where it travels.
    #[serde(rename = "in")]
    pub location: Location,
    /// Whether the request must carry it.
    pub required: bool,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// The success response of an operation.
#[derive(Debug, Deserialize)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body type; `None` for an empty body.
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
}

/// A type, referring to models and enums by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    /// A string with an optional format (`date-time`, `email`, `uri`, …).
    String {
        /// The format, if any.
        format: Option<String>,
    },
    /// An integer.
    Integer {},
    /// A floating-point number.
    Number,
    /// A boolean.
    Boolean,
    /// Any JSON value.
    Any,
    /// A JSON object of unknown fields.
    Object,
    /// A named model.
    Model {
        /// The model's name.
        name: String,
    },
    /// A named enum.
    Enum {
        /// The enum's name.
        name: String,
    },
    /// An array.
    Array {
        /// The item type.
        items: Box<TypeRef>,
    },
}

/// A named object shape.
#[derive(Debug, Deserialize)]
pub struct Model {
    /// The model's name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<ModelField>,
}

/// A field of a model.
#[derive(Debug, Deserialize)]
pub struct ModelField {
    /// The wire name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Enforced in request bodies.
    pub required: bool,
}

/// A string or integer enum.
#[derive(Debug, Deserialize)]
pub struct EnumDef {
    /// The enum's name.
    pub name: String,
    /// Its values, as written in the spec.
    pub values: Vec<String>,
    /// The values are integers.
    pub integer: bool,
}

/// The IR with name lookups for models and enums.
#[derive(Debug)]
pub struct Api {
    /// The parsed IR.
    pub ir: Ir,
    models: HashMap<String, usize>,
    enums: HashMap<String, usize>,
}

impl Api {
    /// Parses the embedded IR.
    pub fn load() -> Result<Api, serde_json::Error> {
        let ir: Ir = serde_json::from_str(IR_JSON)?;
        let models = ir
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        let enums = ir
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        Ok(Api { ir, models, enums })
    }

    /// The model called `name`.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.get(name).map(|&i| &self.ir.models[i])
    }

    /// The enum called `name`.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums.get(name).map(|&i| &self.ir.enums[i])
    }
}
