//! The runtime crate's generated part, `crates/okta-admin-runtime/src/generated/`: the operation
//! table every language calls through (`ops.rs`) and the error taxonomy (`error_kinds.rs`).

use std::fmt::Write as _;

use super::{GeneratedFile, HEADER};
use crate::errors::ErrorKind;
use crate::ir::{BodyKind, Ir, Location, Operation, Returns, TypeRef};

const DIR: &str = "crates/okta-admin-runtime/src/generated";

/// `mod.rs`, `ops.rs` and `error_kinds.rs`.
pub fn emit(ir: &Ir, errors: &[ErrorKind]) -> Vec<GeneratedFile> {
    let module = format!("{HEADER}\n//! Code generated from `specs/` by `cargo xtask codegen`.\n\npub mod error_kinds;\npub mod ops;\n");
    vec![
        GeneratedFile { path: format!("{DIR}/mod.rs"), contents: module },
        GeneratedFile { path: format!("{DIR}/ops.rs"), contents: ops_table(ir) },
        GeneratedFile { path: format!("{DIR}/error_kinds.rs"), contents: error_kinds(errors) },
    ]
}

fn ops_table(ir: &Ir) -> String {
    let mut out = format!(
        "{HEADER}\n//! Every operation of the {} {} API: how its arguments go on the wire and what it answers.\n\n\
         use crate::op::{{BodyKind, HttpMethod::*, Loc, Op, Param, Reply, Shape, Ty}};\n\n\
         const fn p(name: &'static str, loc: Loc, ty: Ty, required: bool) -> Param {{\n    Param {{ name, loc, ty, required }}\n}}\n\n\
         /// The operations, in IR order (the index Python and Node pass to the runtime).\n\
         pub static OPS: [Op; {}] = [\n",
        ir.api,
        ir.version,
        ir.operations.len()
    );
    for (i, op) in ir.operations.iter().enumerate() {
        let _ = writeln!(out, "    // {i}: {}", op.calls.rust);
        let _ = writeln!(out, "    Op {{");
        let _ = writeln!(out, "        id: {:?},", op.id);
        let _ = writeln!(out, "        method: {},", method(op));
        let _ = writeln!(out, "        template: {:?},", op.path);
        let _ = writeln!(out, "        path: {:?},", op.path_template.with_markers());
        if op.params.is_empty() {
            out.push_str("        params: &[],\n");
        } else {
            out.push_str("        params: &[\n");
            for param in &op.params {
                let loc = match param.location {
                    Location::Path => "Path",
                    Location::Query => "Query",
                    Location::Header => "Header",
                    Location::Body => "Field",
                };
                let _ = writeln!(out, "            p({:?}, Loc::{loc}, Ty::{}, {}),", param.name, ty(&param.ty), param.required);
            }
            out.push_str("        ],\n");
        }
        let _ = writeln!(out, "        body: BodyKind::{},", body_kind(op.body_kind));
        let types: Vec<String> = op.request_content_types.iter().map(|t| format!("{t:?}")).collect();
        let _ = writeln!(out, "        content_types: &[{}],", types.join(", "));
        match op.response_content_types.first().filter(|t| !t.contains("json")) {
            Some(accept) => {
                let _ = writeln!(out, "        accept: Some({accept:?}),");
            }
            None => out.push_str("        accept: None,\n"),
        }
        let reply = match &op.signature.returns {
            Returns::Empty => "Empty",
            Returns::Json(ty) => match ty {
                TypeRef::Model { .. } | TypeRef::Object => "Json(Shape::Object)",
                TypeRef::Array { .. } => "Json(Shape::Array)",
                _ => "Json(Shape::Any)",
            },
            Returns::Pages(_) => "Json(Shape::Array)",
            Returns::Text => "Text",
            Returns::Binary => "Binary",
        };
        let _ = writeln!(out, "        reply: Reply::{reply},");
        let _ = writeln!(out, "        paged: {},", matches!(op.signature.returns, Returns::Pages(_)));
        match &op.body_page {
            Some(page) => {
                let _ = writeln!(out, "        page_items: Some({:?}),", page.field);
            }
            None => out.push_str("        page_items: None,\n"),
        }
        out.push_str("    },\n");
    }
    out.push_str("];\n");
    out
}

fn method(op: &Operation) -> &'static str {
    match op.method.as_str() {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        _ => "Delete",
    }
}

fn ty(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String { .. } | TypeRef::Enum { .. } => "Str",
        TypeRef::Integer { .. } => "Int",
        TypeRef::Number => "Num",
        TypeRef::Boolean => "Bool",
        TypeRef::Array { items } if matches!(**items, TypeRef::String { .. } | TypeRef::Enum { .. } | TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean) => "List",
        _ => "Json",
    }
}

fn body_kind(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::None => "None",
        BodyKind::Model => "Model",
        BodyKind::Json => "Json",
        BodyKind::File => "File",
        BodyKind::Binary => "Binary",
        BodyKind::Text => "Text",
    }
}

fn error_kinds(errors: &[ErrorKind]) -> String {
    let mut out = format!(
        "{HEADER}\n//! The error taxonomy (`specs/errors.tsv`): one kind per Python and Node error class.\n\n\
         /// The kind of an [`Error`](crate::Error); each has the same class name in Python and Node.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum ErrorKind {{\n"
    );
    for e in errors {
        let _ = writeln!(out, "    /// {} (`{}`, class `{}`)\n    {},", e.doc, e.code, e.class, e.kind);
    }
    out.push_str("}\n\nimpl ErrorKind {\n    /// Every kind, parents before children.\n    pub const ALL: &'static [ErrorKind] = &[\n");
    for e in errors {
        let _ = writeln!(out, "        ErrorKind::{},", e.kind);
    }
    out.push_str("    ];\n\n    /// The stable machine-readable code (`not_found`).\n    pub fn code(self) -> &'static str {\n        match self {\n");
    for e in errors {
        let _ = writeln!(out, "            ErrorKind::{} => {:?},", e.kind, e.code);
    }
    out.push_str("        }\n    }\n\n    /// The class name in Python and Node (`NotFoundError`).\n    pub fn class_name(self) -> &'static str {\n        match self {\n");
    for e in errors {
        let _ = writeln!(out, "            ErrorKind::{} => {:?},", e.kind, e.class);
    }
    out.push_str("        }\n    }\n\n    /// The kind of an HTTP error status.\n    pub fn for_status(status: u16) -> ErrorKind {\n        match status {\n");
    for e in errors {
        match e.status.as_deref() {
            Some("5xx") => {
                let _ = writeln!(out, "            500..=599 => ErrorKind::{},", e.kind);
            }
            Some(status) => {
                let _ = writeln!(out, "            {status} => ErrorKind::{},", e.kind);
            }
            None => {}
        }
    }
    out.push_str("            _ => ErrorKind::Api,\n        }\n    }\n}\n");
    out
}
