//! One module per resource with its accessor on `Client`, one method per operation, and the
//! request builder each method returns: `crates/okta-admin/src/generated/api/`.
//!
//! A method takes the required arguments; the builder it returns has a setter per optional
//! parameter and `options(CallOptions)`, and is awaited (`IntoFuture`) or, for lists, paged
//! (`items()`, `pages()`, `paginate()`). Every builder binds its arguments through the runtime's
//! operation table (`okta_admin_runtime::ops::OPS`), as Python and Node do.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_syntax::{argument_type, doc, ident, rust_type, type_ident};
use super::{rust_file, GeneratedFile};
use crate::ir::naming::pascal;
use crate::ir::{BodyKind, Ir, Location, Operation, Param, Resource, Returns, TypeRef};

const DIR: &str = "crates/okta-admin/src/generated/api";

/// Builder methods that a parameter's setter must not shadow.
const BUILDER_METHODS: &[&str] = &["options", "paginate", "items", "pages", "collect_all", "into_future"];

/// The resource modules, `api/mod.rs` and the generated crate root `generated/mod.rs`.
pub fn emit(ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    let mut files = Vec::new();
    let mut modules = Vec::new();
    let resource_types: HashSet<&str> = ir.resources.iter().map(|r| r.type_name.as_str()).collect();
    for resource in &ir.resources {
        let module = ident(&resource.name);
        modules.push(quote! { mod #module; pub use #module::*; });
        let ops: Vec<(usize, &Operation)> = resource.operations.iter().map(|&i| (i, &ir.operations[i])).collect();
        for (_, op) in &ops {
            if resource_types.contains(builder_name(op).as_str()) {
                return Err(format!("rust: the builder of {} would be named like a resource", op.id));
            }
        }
        files.push(rust_file(
            format!("{DIR}/{}.rs", resource.name),
            &format!("Operations tagged `{}` in Okta's API reference.", resource.tag),
            resource_module(resource, &ops),
        )?);
    }
    files.push(rust_file(
        format!("{DIR}/mod.rs"),
        "Resource accessors (`client.users()`), their methods, and the request builders those methods return.",
        quote! { #(#modules)* },
    )?);
    files.push(rust_file(
        "crates/okta-admin/src/generated/mod.rs".into(),
        "Code generated from `specs/` by `cargo xtask codegen`.",
        quote! { pub mod api; pub mod models; },
    )?);
    Ok(files)
}

/// The request builder's type name: the operationId in PascalCase (`GetUser`).
fn builder_name(op: &Operation) -> String {
    pascal(&op.id)
}

fn resource_module(resource: &Resource, ops: &[(usize, &Operation)]) -> TokenStream {
    let ty = type_ident(&resource.type_name);
    let accessor = ident(&resource.name);
    let accessor_doc = doc(&format!(
        "Operations tagged `{}` ({} endpoints): {}.",
        resource.tag,
        ops.len(),
        ops.iter().map(|(_, o)| format!("`{}`", o.name)).collect::<Vec<_>>().join(", ")
    ));
    let methods = ops.iter().map(|(i, op)| method(*i, op));
    let builders = ops.iter().map(|(_, op)| builder(op));
    quote! {
        use crate::{Client, Pending};

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

        #(#builders)*
    }
}

/// The statement that sets parameter `index` from `value` (an expression of the argument's type).
/// `target` is the `Pending` being filled (`request`, or `self.0` in a setter).
fn set_param(target: TokenStream, index: usize, p: &Param, value: TokenStream, by_ref: bool) -> TokenStream {
    let reference = if by_ref { quote! {} } else { quote! { & } };
    match (&p.ty, p.location) {
        (_, Location::Path) | (TypeRef::String { .. }, _) => quote! { #target.text(#index, #value); },
        (TypeRef::Model { .. } | TypeRef::Object | TypeRef::Any, _) => quote! { #target.json_value(#index, #reference #value); },
        (TypeRef::Array { items }, _) if matches!(**items, TypeRef::Model { .. } | TypeRef::Object | TypeRef::Any | TypeRef::Array { .. }) => {
            quote! { #target.json_value(#index, #reference #value); }
        }
        (_, Location::Header) => quote! { #target.header(#index, #reference #value); },
        _ => quote! { #target.value(#index, #reference #value); },
    }
}

fn method(index: usize, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let builder = type_ident(&builder_name(op));
    let mut args = Vec::new();
    let mut steps = Vec::new();
    for &i in &op.signature.required {
        let p = &op.params[i];
        let id = ident(&p.ident);
        let ty = if p.location == Location::Path { quote! { &str } } else { argument_type(&p.ty) };
        args.push(quote! { #id: #ty });
        let by_ref = !matches!(p.ty, TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean);
        steps.push(set_param(quote! { request }, i, p, quote! { #id }, by_ref));
    }
    match op.body_kind {
        BodyKind::None => {}
        BodyKind::Model | BodyKind::Json => {
            let ty = match &op.body_model {
                Some(model) => {
                    let model = type_ident(model);
                    quote! { crate::models::#model }
                }
                None => quote! { serde_json::Value },
            };
            args.push(quote! { body: &#ty });
            steps.push(quote! { request.json_body(body); });
        }
        BodyKind::File => {
            args.push(quote! { file: &crate::FilePart });
            steps.push(quote! { request.file(file); });
        }
        BodyKind::Binary => {
            args.push(quote! { body: &[u8] });
            args.push(quote! { content_type: &str });
            steps.push(quote! { request.raw_body(body.to_vec(), Some(content_type)); });
        }
        BodyKind::Text => {
            args.push(quote! { body: &str });
            steps.push(quote! { request.raw_body(body.as_bytes().to_vec(), None); });
        }
    }
    let mut text = op.description.clone();
    text.push_str(&format!("\n\n`{} {}` (operationId `{}`).", op.method, op.path, op.id));
    if matches!(op.signature.returns, Returns::Pages(_)) {
        text.push_str("\n\nPaginated: the builder's `items()` / `pages()` follow `Link: rel=\"next\"` lazily.");
    } else {
        text.push_str("\n\nReturns a builder: set optional parameters, then `.await` it.");
    }
    if op.request_content_types.len() > 1 || op.body_kind == BodyKind::File {
        text.push_str(&format!("\n\nRequest body media types: `{}`.", op.request_content_types.join("`, `")));
    }
    let docs = doc(&text);
    let binding = if steps.is_empty() { quote! { let request } } else { quote! { let mut request } };
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> #builder<'c> {
            #binding = Pending::new(self.client, &crate::ops::OPS[#index]);
            #(#steps)*
            #builder(request)
        }
    }
}

/// The request builder of an operation: setters, per-call options, and how it is sent.
fn builder(op: &Operation) -> TokenStream {
    let name = type_ident(&builder_name(op));
    let docs = doc(&format!(
        "The request of `{}` (`{} {}`), returned by `{}`; set optional parameters, then await it{}.",
        op.id,
        op.method,
        op.path,
        op.calls.rust,
        if matches!(op.signature.returns, Returns::Pages(_)) { " (or page it with `items()` / `pages()`)" } else { "" }
    ));
    let setters = op.signature.optional.iter().map(|&i| {
        let p = &op.params[i];
        let mut setter = p.ident.clone();
        if BUILDER_METHODS.contains(&setter.as_str()) {
            setter.push('_');
        }
        let id = ident(&setter);
        let param_docs = param_doc(p);
        let (ty, value) = match &p.ty {
            TypeRef::String { .. } => (quote! { impl Into<String> }, quote! { value.into() }),
            other => (rust_type(other), quote! { value }),
        };
        let step = set_param(quote! { self.0 }, i, p, value, false);
        quote! {
            #param_docs
            pub fn #id(mut self, value: #ty) -> Self {
                #step
                self
            }
        }
    });
    let sending = match &op.signature.returns {
        Returns::Pages(item) => {
            let item = rust_type(item);
            quote! {
                impl<'c> #name<'c> {
                    /// The lazy pages of the list, fetched one at a time.
                    pub fn paginate(self) -> crate::Paginated<#item> {
                        self.0.paginate()
                    }

                    /// Every item of every page, fetched lazily; an error ends the stream after it is yielded.
                    pub fn items(self) -> impl futures_core::Stream<Item = crate::Result<#item>> + Unpin {
                        self.0.paginate().items()
                    }

                    /// Every page, fetched lazily.
                    pub fn pages(self) -> impl futures_core::Stream<Item = crate::Result<crate::Page<#item>>> + Unpin {
                        self.0.paginate().pages()
                    }

                    /// Fetches every page and returns all items.
                    pub async fn collect_all(self) -> crate::Result<Vec<#item>> {
                        self.0.paginate().collect_all().await
                    }
                }
            }
        }
        returns => {
            let (output, send) = match returns {
                Returns::Empty => (quote! { () }, quote! { self.0.empty() }),
                Returns::Text | Returns::Binary => (quote! { crate::RawResponse }, quote! { self.0.raw() }),
                Returns::Json(ty) => (rust_type(ty), quote! { self.0.json() }),
                Returns::Pages(_) => unreachable!("handled above"),
            };
            quote! {
                impl<'c> std::future::IntoFuture for #name<'c> {
                    type Output = crate::Result<#output>;
                    type IntoFuture = crate::ResponseFuture<'c, #output>;

                    fn into_future(self) -> Self::IntoFuture {
                        #send
                    }
                }
            }
        }
    };
    quote! {
        #docs
        #[must_use = "a request does nothing until it is awaited (or paged)"]
        pub struct #name<'c>(Pending<'c>);

        impl<'c> #name<'c> {
            #(#setters)*

            /// Per-call options: extra query parameters and headers, a raw JSON body, a timeout,
            /// a retry limit, a captured raw response.
            pub fn options(mut self, options: crate::CallOptions) -> Self {
                self.0.options(options);
                self
            }
        }

        #sending
    }
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
