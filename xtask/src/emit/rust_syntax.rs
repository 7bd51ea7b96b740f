//! Shared pieces of Rust syntax: identifiers, doc attributes and type paths.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::naming;
use crate::ir::TypeRef;

/// A field, argument or method identifier: keywords become raw identifiers, or get a `_`
/// suffix where a raw identifier is illegal (`self`, `super`, `crate`, `Self`).
/// The spelling is [`naming::rust`]'s, the one the IR's `names.rust` and `calls.rust` carry.
pub fn ident(name: &str) -> Ident {
    let spelled = naming::rust(name);
    match spelled.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&spelled, Span::call_site()),
    }
}

/// A type or variant identifier (`Self`, which no raw identifier can spell, becomes `Self_`).
pub fn type_ident(name: &str) -> Ident {
    match name {
        "Self" => Ident::new("Self_", Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = …]` lines for a text: trimmed lines, code fences marked as text so that rustdoc
/// never compiles a description as a doctest.
pub fn doc(text: &str) -> TokenStream {
    let mut fence_open = false;
    let lines = text.lines().map(|line| {
        let mut line = line.trim().to_string();
        if line.contains("```") {
            let mut out = String::new();
            for (i, part) in line.split("```").enumerate() {
                if i > 0 {
                    fence_open = !fence_open;
                    out.push_str(if fence_open { "```text" } else { "```" });
                }
                out.push_str(part);
            }
            line = out;
        }
        format!(" {line}")
    });
    let lines: Vec<String> = lines.collect();
    quote! { #(#[doc = #lines])* }
}

/// The Rust type of a value of `ty`.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String { .. } => quote! { String },
        TypeRef::Integer { .. } => quote! { i64 },
        // Exact: `5` and `5.0` re-serialise as received.
        TypeRef::Number => quote! { serde_json::Number },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => quote! { serde_json::Value },
        TypeRef::Object => quote! { serde_json::Map<String, serde_json::Value> },
        TypeRef::Model { name } | TypeRef::Enum { name } => {
            let name = type_ident(name);
            quote! { crate::models::#name }
        }
        TypeRef::Array { items } => {
            let items = rust_type(items);
            quote! { Vec<#items> }
        }
    }
}

/// The type of a required argument: `&str` for strings, by value for numbers and booleans,
/// by reference otherwise.
pub fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String { .. } => quote! { &str },
        TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean => rust_type(ty),
        TypeRef::Array { items } => {
            let items = rust_type(items);
            quote! { &[#items] }
        }
        _ => {
            let t = rust_type(ty);
            quote! { &#t }
        }
    }
}
