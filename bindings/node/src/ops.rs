//! The shape of the static operation table in `generated/ops.rs`: what the binding needs to turn
//! one JS call into an [`okta_admin::Call`], without one line of generated Rust per endpoint.

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Path,
    Query,
    Header,
    /// A top-level field of the JSON body.
    Body,
}

/// One parameter: its JS name (positional argument name or options key), its wire name and
/// location, and whether it is required.
#[derive(Debug)]
pub struct Param {
    pub key: &'static str,
    pub wire: &'static str,
    pub loc: Loc,
    pub required: bool,
}

impl Param {
    pub const fn path(name: &'static str) -> Param {
        Param { key: name, wire: name, loc: Loc::Path, required: true }
    }
    pub const fn query(name: &'static str, required: bool) -> Param {
        Param { key: name, wire: name, loc: Loc::Query, required }
    }
    /// A query parameter whose JS key (camelCase) differs from its wire name.
    pub const fn query_as(key: &'static str, wire: &'static str, required: bool) -> Param {
        Param { key, wire, loc: Loc::Query, required }
    }
    pub const fn header(key: &'static str, wire: &'static str, required: bool) -> Param {
        Param { key, wire, loc: Loc::Header, required }
    }
    pub const fn body(name: &'static str, required: bool) -> Param {
        Param { key: name, wire: name, loc: Loc::Body, required }
    }
}

/// What the request body is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON object of the body fields found in the options object (or its `body` key).
    Fields,
    /// Any JSON value: the options object's `body`.
    Json,
    /// A string: the options object's `body`.
    Text,
    /// Bytes (passed beside the JSON arguments) of the media type in `contentType`.
    Binary,
    /// A `multipart/form-data` upload: bytes passed beside the JSON arguments, file name and
    /// media type in the options object's `file`.
    File,
}

/// What a 2xx response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// Nothing (the body is ignored).
    Empty,
    /// JSON, handed to JS as text for `JSON.parse`.
    Json,
    /// Text, handed to JS as is.
    Text,
}

/// One endpoint.
#[derive(Debug)]
pub struct Op {
    /// Okta's operationId.
    pub id: &'static str,
    /// `resource.method` in JS, for error messages.
    pub js_name: &'static str,
    pub method: HttpMethod,
    /// The path with each `{param}` replaced by `{}` (the [`okta_admin::Call::new`] template).
    pub path: &'static str,
    /// The positional arguments: path params in path order, then required query and header params.
    pub positional: &'static [Param],
    /// The keys of the options object: optional query and header params, then body fields.
    pub options: &'static [Param],
    pub body: Body,
    /// The request media types, the default first (empty without a body).
    pub content_types: &'static [&'static str],
    /// The `Accept` header, when not `application/json`.
    pub accept: Option<&'static str>,
    pub response: Response,
    /// Follows `Link: rel="next"` pages.
    pub paginated: bool,
}
