//! The shape of one entry of the generated operation table ([`crate::ops::OPS`]): everything
//! needed to turn an operation and its arguments into an HTTP request and to read its response.

use reqwest::Method;

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// The `reqwest` method.
    pub fn to_method(self) -> Method {
        match self {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    /// One segment of the path (`{id}`), in template order.
    Path,
    /// A query parameter (repeated for lists).
    Query,
    /// A request header.
    Header,
    /// A top-level field of the JSON body.
    Field,
}

/// The JSON type of a parameter's value, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A string (also enums and dates).
    Str,
    /// An integer.
    Int,
    /// A number.
    Num,
    /// A boolean.
    Bool,
    /// A list of scalars (query parameters send one pair per item).
    List,
    /// Any other JSON (objects, models, lists of objects).
    Json,
}

/// One parameter of an operation.
#[derive(Debug)]
pub struct Param {
    /// The wire name (`id`, `sortBy`, `If-Match`, `profile`).
    pub name: &'static str,
    /// Where it travels.
    pub loc: Loc,
    /// Its declared type.
    pub ty: Ty,
    /// The spec marks it required (only path parameters are enforced before sending: the
    /// server decides about the rest).
    pub required: bool,
}

/// What the request body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// A JSON object built from the [`Loc::Field`] parameters (and/or a whole body given).
    Model,
    /// Any JSON value, given whole.
    Json,
    /// `multipart/form-data` with one file part named `file`.
    File,
    /// Raw bytes of one of the operation's content types (certificates).
    Binary,
    /// Text (a JWT), sent as the operation's content type.
    Text,
}

/// What a 2xx response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Nothing (the body is ignored).
    Empty,
    /// JSON.
    Json,
    /// Text.
    Text,
    /// Bytes.
    Binary,
}

/// One endpoint of the API.
#[derive(Debug)]
pub struct Op {
    /// Okta's `operationId` (`getUser`).
    pub id: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template as the spec writes it (`/api/v1/users/{id}`), for messages and logs.
    pub template: &'static str,
    /// The path with `{}` in place of each path parameter, in order.
    pub path: &'static str,
    /// Path parameters in path order, then query, header and body-field parameters.
    pub params: &'static [Param],
    /// What the request body is.
    pub body: BodyKind,
    /// The media types the body may have, the default first (empty without a body).
    pub content_types: &'static [&'static str],
    /// The `Accept` header, when the response is not JSON.
    pub accept: Option<&'static str>,
    /// What a 2xx response carries.
    pub reply: Reply,
    /// A list that follows `Link: rel="next"` pages.
    pub paged: bool,
}

impl Op {
    /// The index of the parameter with wire name `name` (the first, should a query parameter
    /// and a body field share it).
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
}
