//! The shape of one entry of the generated operation table ([`crate::ops::OPS`]): everything
//! needed to turn an operation and its arguments into an HTTP request and to read its response.

use reqwest::Method;

use crate::error::Error;

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
    /// JSON whose top level has this shape.
    Json(Shape),
    /// Text.
    Text,
    /// Bytes.
    Binary,
}

/// The top level of a JSON response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An object (a model or a map).
    Object,
    /// An array (a list, or each page of a paged list).
    Array,
    /// Anything (a scalar or an undeclared value).
    Any,
}

impl Reply {
    /// Checks the top level of a 2xx body against what the operation declares, so that a typed
    /// call never hands out `null`, a list or a string as an object (or the other way round):
    /// a mismatch is an [`Error::Decode`] naming `op` and what came back. An empty body passes
    /// only with status 204 or when any shape is declared. The rest of the body is checked by
    /// the decoder.
    pub fn check(&self, op: &str, status: u16, body: &[u8]) -> Result<(), Error> {
        let Reply::Json(shape) = *self else { return Ok(()) };
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        let found = match first {
            None if status == 204 || shape == Shape::Any => return Ok(()),
            None => "an empty body",
            Some(b'{') if shape != Shape::Array => return Ok(()),
            Some(b'[') if shape != Shape::Object => return Ok(()),
            Some(_) if shape == Shape::Any => return Ok(()),
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'n') => "null",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => "something other than JSON",
        };
        let expected = if shape == Shape::Object { "a JSON object" } else { "a JSON array" };
        Err(Error::Decode {
            status,
            body: String::from_utf8_lossy(body).into_owned(),
            message: format!("{op} expected {expected}, got {found}"),
            source: None,
        })
    }
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
    /// For a list paged inside its body (`{"roles": [...], "_links": {"next": {"href": …}}}`):
    /// the field holding each page's items.
    pub page_items: Option<&'static str>,
}

impl Op {
    /// The index of the parameter with wire name `name` (the first, should a query parameter
    /// and a body field share it).
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
}
