//! The syntax tree of a LAP v0.3 document, as written (no interpretation).

/// A whole LAP document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub api: String,
    pub base: String,
    pub version: String,
    pub auth: String,
    /// The count the `@endpoints` header declares.
    pub declared_endpoints: usize,
    pub groups: Vec<Group>,
}

/// An `@group NAME` … `@endgroup` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub endpoints: Vec<Endpoint>,
}

/// One `@endpoint METHOD PATH` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// 1-based line of the `@endpoint` directive.
    pub line: usize,
    pub method: String,
    pub path: String,
    pub desc: String,
    pub required: Vec<Field>,
    pub optional: Vec<Field>,
    pub returns: Vec<Returns>,
    pub errors: Vec<(u16, String)>,
    /// The `@example_request` JSON, verbatim.
    pub example_request: Option<String>,
}

/// One `@returns(NNN)` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Returns {
    pub status: u16,
    /// The `{fields}` shape, when the line has one.
    pub shape: Option<Vec<Field>>,
    /// The plain text, or the ` # text` after a shape.
    pub text: String,
}

/// `name[!]: TYPE[=default][ # description]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The `!` marker of nested request fields.
    pub required: bool,
    pub ty: Type,
    pub default: Option<String>,
    pub description: Option<String>,
}

/// A type expression with its `?` (nullable) marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    pub kind: TypeKind,
    pub nullable: bool,
}

/// The kinds of the type language.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `str` with an optional `(format)`.
    Str { format: Option<String> },
    /// `int` with an optional `(format)`.
    Int { format: Option<String> },
    Num,
    Bool,
    Any,
    /// `map`, or `map{fields}` when the fields are given.
    Map { fields: Option<Vec<Field>> },
    /// `[T]`.
    Array(Box<Type>),
    /// `str(A/B/C)` or `int(1/2)`: the base keyword and the values, HTML tags stripped.
    Enum { base: EnumBase, values: Vec<String> },
}

/// The keyword an enum is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumBase {
    Str,
    Int,
}
