//! One module per resource with its accessor on `Client`, its methods and their option structs:
//! `crates/okta-admin/src/generated/api/`.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_syntax::{argument_type, doc, ident, rust_type, type_ident};
use super::{rust_file, GeneratedFile};
use crate::ir::naming::pascal;
use crate::ir::{BodyKind, Ir, Location, Operation, Param, Resource, TypeRef};

const DIR: &str = "crates/okta-admin/src/generated/api";

/// The resource modules, `api/mod.rs` and the generated crate root `generated/mod.rs`.
pub fn emit(ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for resource in &ir.resources {
        let module = ident(&resource.name);
        modules.push(quote! { mod #module; pub use #module::*; });
        let ops: Vec<&Operation> = resource.operations.iter().map(|&i| &ir.operations[i]).collect();
        files.push(rust_file(
            format!("{DIR}/{}.rs", resource.name),
            &format!("Operations tagged `{}` in Okta's API reference.", resource.tag),
            resource_module(resource, &ops),
        )?);
    }
    files.push(rust_file(
        format!("{DIR}/mod.rs"),
        "Resource accessors (`client.users()`), their methods, and the option structs of those methods.",
        quote! { #(#modules)* },
    )?);
    files.push(rust_file(
        "crates/okta-admin/src/generated/mod.rs".into(),
        "Code generated from `specs/` by `cargo xtask codegen`.",
        quote! { pub mod api; pub mod models; },
    )?);
    Ok(files)
}

fn resource_module(resource: &Resource, ops: &[&Operation]) -> TokenStream {
    let ty = type_ident(&resource.type_name);
    let accessor = ident(&resource.name);
    let accessor_doc = doc(&format!(
        "Operations tagged `{}` ({} endpoints): {}.",
        resource.tag,
        ops.len(),
        ops.iter().map(|o| format!("`{}`", o.name)).collect::<Vec<_>>().join(", ")
    ));
    let options = ops.iter().filter_map(|op| options_struct(op));
    let methods = ops.iter().map(|op| method(op));
    quote! {
        use reqwest::Method;
        use crate::{Call, Client};

        #accessor_doc
        #[derive(Clone, Copy)]
        pub struct #ty<'c> {
            client: &'c Client,
        }

        impl Client {
            #accessor_doc
            pub fn #accessor(&self) -> #ty<'_> {
                #ty { client: self }
            }
        }

        impl<'c> #ty<'c> {
            #(#methods)*
        }

        #(#options)*
    }
}

/// Query and header params that are not required: they travel in the options struct.
fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| matches!(p.location, Location::Query | Location::Header) && !p.required)
}

fn options_name(op: &Operation) -> proc_macro2::Ident {
    type_ident(&format!("{}Params", pascal(&op.id)))
}

fn options_struct(op: &Operation) -> Option<TokenStream> {
    let params: Vec<&Param> = optional_params(op).collect();
    if params.is_empty() {
        return None;
    }
    let name = options_name(op);
    let fields = params.iter().map(|p| {
        let id = ident(&p.ident);
        let ty = rust_type(&p.ty);
        let docs = param_doc(p);
        quote! { #docs pub #id: Option<#ty>, }
    });
    let docs = doc(&format!("Optional parameters of `{}` (`{} {}`).", op.id, op.method, op.path));
    Some(quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #(#fields)* }
    })
}

fn param_doc(p: &Param) -> TokenStream {
    let location = format!("{:?}", p.location).to_lowercase();
    let mut text = format!("`{}` ({location})", p.name);
    if let Some(default) = &p.default {
        text.push_str(&format!(", server default `{default}`"));
    }
    if let Some(description) = &p.description {
        text.push_str(": ");
        text.push_str(description);
    }
    doc(&text)
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let http = ident(&op.method);
    let template = op.path.split('{').enumerate().fold(String::new(), |mut acc, (i, part)| {
        if i == 0 {
            acc.push_str(part);
        } else if let Some((_, rest)) = part.split_once('}') {
            acc.push_str("{}");
            acc.push_str(rest);
        }
        acc
    });
    let mut args = Vec::new();
    let mut segments = Vec::new();
    let mut steps = Vec::new();
    for p in op.params.iter().filter(|p| p.location == Location::Path) {
        let id = ident(&p.ident);
        args.push(quote! { #id: &str });
        segments.push(quote! { #id });
    }
    for p in op.params.iter().filter(|p| matches!(p.location, Location::Query | Location::Header) && p.required) {
        let id = ident(&p.ident);
        let ty = argument_type(&p.ty);
        args.push(quote! { #id: #ty });
        let wire = &p.name;
        steps.push(match p.location {
            Location::Header => header_step(wire, quote! { Some(#id) }, &p.ty, false),
            _ => match p.ty {
                TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean => quote! { call.query(#wire, &#id); },
                _ => quote! { call.query(#wire, #id); },
            },
        });
    }
    body_steps(op, &mut args, &mut steps);
    let optional: Vec<&Param> = optional_params(op).collect();
    if !optional.is_empty() {
        let options = options_name(op);
        args.push(quote! { params: &#options });
        for p in optional {
            let id = ident(&p.ident);
            let wire = &p.name;
            steps.push(match p.location {
                Location::Header => header_step(wire, quote! { params.#id }, &p.ty, true),
                _ => quote! { call.query(#wire, &params.#id); },
            });
        }
    }
    if let Some(accept) = op.response_content_types.first().filter(|t| !t.contains("json")) {
        steps.push(quote! { call.accept(#accept); });
    }
    let mut text = op.description.clone();
    text.push_str(&format!("\n\n`{} {}` (operationId `{}`).", op.method, op.path, op.id));
    if op.paginated {
        text.push_str("\n\nPaginated: returns a lazy [`crate::Paginated`] that follows `Link: rel=\"next\"`.");
    }
    if op.request_content_types.len() > 1 || op.body_kind == BodyKind::File {
        text.push_str(&format!("\n\nRequest body media types: `{}`.", op.request_content_types.join("`, `")));
    }
    let docs = doc(&text);
    let binding = if steps.is_empty() { quote! { let call } } else { quote! { let mut call } };
    let prologue = quote! { #binding = Call::new(Method::#http, #template, &[#(#segments),*]); #(#steps)* };
    match &op.response.ty {
        Some(TypeRef::Array { items }) if op.paginated => {
            let item = rust_type(items);
            quote! {
                #docs
                pub fn #name(&self, #(#args),*) -> crate::Paginated<#item> {
                    #prologue
                    self.client.paginate(call)
                }
            }
        }
        None => quote! {
            #docs
            pub async fn #name(&self, #(#args),*) -> crate::Result<()> {
                #prologue
                self.client.send_empty(call).await
            }
        },
        Some(TypeRef::String { format: Some(f) }) if f == "text" || f == "binary" => quote! {
            #docs
            pub async fn #name(&self, #(#args),*) -> crate::Result<crate::RawResponse> {
                #prologue
                self.client.send_raw(call).await
            }
        },
        Some(ty) => {
            let ty = rust_type(ty);
            quote! {
                #docs
                pub async fn #name(&self, #(#args),*) -> crate::Result<#ty> {
                    #prologue
                    self.client.send(call).await
                }
            }
        }
    }
}

/// The body argument and the steps that put it on the call, by body kind and media type.
fn body_steps(op: &Operation, args: &mut Vec<TokenStream>, steps: &mut Vec<TokenStream>) {
    let media_type = op.request_content_types.first().map(String::as_str).unwrap_or("application/json");
    match op.body_kind {
        BodyKind::None => return,
        BodyKind::Model | BodyKind::Json => {
            let ty = match &op.body_model {
                Some(model) => {
                    let model = type_ident(model);
                    quote! { crate::models::#model }
                }
                None => quote! { serde_json::Value },
            };
            args.push(quote! { body: &#ty });
            steps.push(quote! { call.json_body(body); });
            if media_type != "application/json" {
                steps.push(quote! { call.content_type(#media_type); });
            }
        }
        BodyKind::File => {
            args.push(quote! { file: &crate::FilePart });
            steps.push(quote! { call.multipart_file("file", &file.file_name, &file.media_type, &file.bytes); });
        }
        BodyKind::Binary => {
            args.push(quote! { body: &[u8] });
            args.push(quote! { content_type: &str });
            steps.push(quote! { call.raw_body(content_type, body.to_vec()); });
        }
        BodyKind::Text => {
            args.push(quote! { body: &str });
            steps.push(quote! { call.raw_body(#media_type, body.as_bytes().to_vec()); });
        }
    }
}

/// `call.header(name, value)`, converting non-string values to text.
fn header_step(wire: &str, value: TokenStream, ty: &TypeRef, optional: bool) -> TokenStream {
    match (ty, optional) {
        (TypeRef::String { .. }, true) => quote! { call.header(#wire, #value.as_deref()); },
        (TypeRef::String { .. }, false) => quote! { call.header(#wire, #value); },
        (_, true) => quote! { call.header(#wire, #value.as_ref().map(|v| v.to_string()).as_deref()); },
        (_, false) => quote! { call.header(#wire, #value.map(|v| v.to_string()).as_deref()); },
    }
}
