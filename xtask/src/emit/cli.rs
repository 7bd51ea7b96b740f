//! The command table of `okta-admin` (`crates/okta-admin-cli/src/generated/commands.rs`): one
//! command per operation, grouped by resource, with a flag per parameter. How each parameter
//! travels and its type come from the runtime's operation table, so this table only names things.

use std::fmt::Write as _;

use heck::ToKebabCase;

use super::{GeneratedFile, HEADER};
use crate::ir::{EnumDef, Ir, Location, Param, TypeRef};

const DIR: &str = "crates/okta-admin-cli/src/generated";

/// Flags of the command line itself (connection, output, body); a body field of the same name
/// becomes `--body-<name>`. The CLI's test builds the whole command tree, which fails on a clash.
const RESERVED: &[&str] = &[
    "org-url", "token", "bearer-token", "authorization-mode", "client-id", "scopes", "private-key", "key-id",
    "client-assertion", "dpop", "proxy", "timeout", "max-retries", "output", "columns", "max-pages", "first",
    "dry-run", "verbose", "data", "file", "file-type", "header", "query", "help", "version",
];

/// Longest help line of a flag (the rest of a description is in docs/api).
const HELP_CHARS: usize = 160;

/// Enum values listed in a flag's help (others are still accepted: enums are open).
const MAX_VALUES: usize = 12;

/// `mod.rs` and `commands.rs`.
pub fn emit(ir: &Ir) -> Vec<GeneratedFile> {
    let module = format!("{HEADER}\n//! Code generated from `specs/` by `cargo xtask codegen`.\n\npub mod commands;\n");
    vec![
        GeneratedFile { path: format!("{DIR}/mod.rs"), contents: module },
        GeneratedFile { path: format!("{DIR}/commands.rs"), contents: commands(ir) },
    ]
}

fn commands(ir: &Ir) -> String {
    let mut out = format!(
        "{HEADER}\n//! The commands of `okta-admin`: `<resource> <operation>` for each of the {} operations.\n\n\
         use crate::table::{{Command, Flag, Resource}};\n\n\
         /// Every resource, in the order of the API reference.\n\
         pub static RESOURCES: &[Resource] = &[\n",
        ir.operations.len()
    );
    for resource in &ir.resources {
        let _ = writeln!(out, "    Resource {{\n        name: {:?},\n        tag: {:?},\n        commands: &[", resource.name.to_kebab_case(), resource.tag);
        for &index in &resource.operations {
            let op = &ir.operations[index];
            let _ = writeln!(out, "            Command {{\n                name: {:?},\n                op: {index},\n                about: {:?},", op.name.to_kebab_case(), one_line(&op.description));
            if op.params.is_empty() {
                out.push_str("                flags: &[],\n");
            } else {
                out.push_str("                flags: &[\n");
                for (i, param) in op.params.iter().enumerate() {
                    let _ = writeln!(out, "                    Flag {{ name: {:?}, param: {i}, help: {:?} }},", flag_name(param), help(ir, param));
                }
                out.push_str("                ],\n");
            }
            out.push_str("            },\n");
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n");
    out
}

/// The flag (or, for a path parameter, the argument) name: the kebab-case identifier.
fn flag_name(param: &Param) -> String {
    let name = param.ident.to_kebab_case();
    if param.location == Location::Body && RESERVED.contains(&name.as_str()) {
        format!("body-{name}")
    } else {
        name
    }
}

/// One line of help: the description, the enum values, the default, and where it travels.
fn help(ir: &Ir, param: &Param) -> String {
    let mut text = one_line(param.description.as_deref().unwrap_or_default());
    if let Some(values) = enum_of(ir, &param.ty).map(|e| &e.values) {
        let shown: Vec<&str> = values.iter().take(MAX_VALUES).map(String::as_str).collect();
        let more = if values.len() > MAX_VALUES { ", …" } else { "" };
        let _ = write!(text, " [values: {}{more}]", shown.join(", "));
    }
    if let Some(default) = &param.default {
        let _ = write!(text, " [default: {default}]");
    }
    let place = match param.location {
        Location::Path => return text,
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "body field",
    };
    let _ = write!(text, " ({place} `{}`{})", param.name, if param.required { ", required" } else { "" });
    text.trim().to_owned()
}

fn enum_of<'a>(ir: &'a Ir, ty: &TypeRef) -> Option<&'a EnumDef> {
    match ty {
        TypeRef::Enum { name } => ir.enums.iter().find(|e| &e.name == name),
        TypeRef::Array { items } => enum_of(ir, items),
        _ => None,
    }
}

/// The first sentence of `text` on one line, at most [`HELP_CHARS`] characters.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match flat.find(". ") {
        Some(end) => &flat[..end + 1],
        None => flat.as_str(),
    };
    if sentence.chars().count() <= HELP_CHARS {
        return sentence.to_owned();
    }
    let mut cut: String = sentence.chars().take(HELP_CHARS - 1).collect();
    cut.push('…');
    cut
}
