//! Models and open enums of the core crate: `crates/okta-admin/src/generated/models/`.

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_syntax::{doc, ident, rust_type, type_ident};
use super::{rust_file, GeneratedFile};
use crate::ir::naming::{dedupe, pascal};
use crate::ir::{EnumDef, Ir, Model, TypeRef, Union, Variant};

const DIR: &str = "crates/okta-admin/src/generated/models";

/// One file per resource (the models its operations are first to use), one for enums, and `mod.rs`.
pub fn emit(ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    let homes = model_homes(ir);
    let defaults = defaultable(ir);
    let uses = root_uses(ir);
    let mut by_home: BTreeMap<&str, Vec<&Model>> = BTreeMap::new();
    for model in &ir.models {
        by_home.entry(homes.get(model.name.as_str()).copied().unwrap_or("shared")).or_default().push(model);
    }
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (home, mut models) in by_home {
        models.sort_by(|a, b| a.name.cmp(&b.name));
        let items = models.iter().map(|m| match ir.union(&m.name) {
            Some(union) => union_enum(ir, union, m, &defaults, uses.get(m.name.as_str())),
            None => model_struct(m, &m.name, &defaults, uses.get(m.name.as_str())),
        });
        let module = ident(home);
        modules.push(quote! { mod #module; pub use #module::*; });
        files.push(rust_file(format!("{DIR}/{home}.rs"), &format!("Models first used by `{home}`."), quote! { #(#items)* })?);
    }
    let enums = ir.enums.iter().map(open_enum);
    files.push(rust_file(format!("{DIR}/enums.rs"), "Open enums: unknown values are kept, never rejected.", quote! { #(#enums)* })?);
    files.push(rust_file(
        format!("{DIR}/mod.rs"),
        "Request and response models of every operation.",
        quote! {
            mod enums;
            pub use enums::*;
            #(#modules)*
        },
    )?);
    Ok(files)
}

/// The resource each model lives with: for a whole body or response, the resource that uses it
/// most (ties to the first name); for a nested model, the home of the model that first holds it.
pub fn model_homes(ir: &Ir) -> HashMap<&str, &str> {
    let by_name: HashMap<&str, &Model> = ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut counts: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    let mut roots: Vec<&str> = Vec::new();
    for op in &ir.operations {
        let names = op.body_model.as_deref().into_iter().chain(op.response.ty.iter().flat_map(model_names));
        for name in names {
            *counts.entry(name).or_default().entry(op.resource.as_str()).or_default() += 1;
            roots.push(name);
        }
    }
    let mut homes: HashMap<&str, &str> = HashMap::new();
    for (name, per_resource) in &counts {
        let best = per_resource.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        if let Some((resource, _)) = best {
            homes.insert(name, resource);
        }
    }
    for root in roots {
        let mut stack = vec![root];
        while let Some(name) = stack.pop() {
            let home = homes.get(name).copied().unwrap_or("shared");
            let fields = by_name.get(name).into_iter().flat_map(|m| &m.fields).flat_map(|f| model_names(&f.ty));
            let kinds = ir.union(name).into_iter().flat_map(|u| &u.variants).map(|v| v.model.as_str());
            for child in kinds.chain(fields) {
                if !homes.contains_key(child) {
                    homes.insert(child, home);
                    stack.push(child);
                }
            }
        }
    }
    homes
}

/// For each model, the operations whose whole body or response it is (`createUser` body, …).
fn root_uses(ir: &Ir) -> HashMap<&str, Vec<String>> {
    let mut uses: HashMap<&str, Vec<String>> = HashMap::new();
    for op in &ir.operations {
        if let Some(body) = &op.body_model {
            uses.entry(body.as_str()).or_default().push(format!("`{}` body", op.id));
        }
        if let Some(ty) = &op.response.ty {
            for name in model_names(ty) {
                uses.entry(name).or_default().push(format!("`{}` response", op.id));
            }
        }
    }
    uses
}

fn model_names(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Model { name } => vec![name.as_str()],
        TypeRef::Array { items } => model_names(items),
        _ => Vec::new(),
    }
}

/// Whether a field is generated without `Option`: required fields of request-only models.
pub fn is_plain(model: &Model, required: bool) -> bool {
    required && model.in_request && !model.in_response
}

/// Models that can derive `Default`: every plain field's type has a default (enums have none).
fn defaultable(ir: &Ir) -> HashSet<String> {
    let by_name: HashMap<&str, &Model> = ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut memo: HashMap<String, bool> = HashMap::new();
    // Whether a model's struct (for a union, its `Unknown…` struct) can derive `Default`.
    fn fields_default(model: &Model, ir: &Ir, by_name: &HashMap<&str, &Model>, memo: &mut HashMap<String, bool>) -> bool {
        if let Some(&known) = memo.get(&model.name) {
            return known;
        }
        memo.insert(model.name.clone(), true);
        let value = model.fields.iter().filter(|f| is_plain(model, f.required)).all(|f| has_default(&f.ty, ir, by_name, memo));
        memo.insert(model.name.clone(), value);
        value
    }
    fn has_default(ty: &TypeRef, ir: &Ir, by_name: &HashMap<&str, &Model>, memo: &mut HashMap<String, bool>) -> bool {
        match ty {
            // Enums, and unions (enums of kinds), have no default.
            TypeRef::Enum { .. } => false,
            TypeRef::Model { name } if ir.union(name).is_some() => false,
            TypeRef::Model { name } => by_name.get(name.as_str()).is_some_and(|m| fields_default(m, ir, by_name, memo)),
            _ => true,
        }
    }
    ir.models.iter().filter(|m| fields_default(m, ir, &by_name, &mut memo)).map(|m| m.name.clone()).collect()
}

/// The struct of a model, named `type_name` (the model's name, or `Unknown{Union}`).
fn model_struct(model: &Model, type_name: &str, defaults: &HashSet<String>, uses: Option<&Vec<String>>) -> TokenStream {
    let name = type_ident(type_name);
    let fields = model.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = &f.name;
        let ty = rust_type(&f.ty);
        let docs = f.description.as_deref().map(doc).unwrap_or_default();
        if is_plain(model, f.required) {
            quote! { #docs #[serde(rename = #wire)] pub #id: #ty, }
        } else {
            quote! { #docs #[serde(rename = #wire, skip_serializing_if = "Option::is_none")] pub #id: Option<#ty>, }
        }
    });
    let extra = if model.fields.iter().any(|f| f.ident == "additional_properties") {
        ident("additional_properties_")
    } else {
        ident("additional_properties")
    };
    let role = match (model.in_request, model.in_response) {
        (true, true) => "Sent in requests and received in responses.",
        (true, false) => "Sent in requests.",
        _ => "Received in responses; every field is optional, so nothing the server omits fails a decode.",
    };
    let defaultable = defaults.contains(&model.name);
    let derive_default = defaultable.then(|| quote! { Default, });
    // Every model decodes through `deserialize_open_model!`: one pass over the keys, declared
    // fields in place and leniently, undeclared keys to the map (no `flatten` buffering).
    let (plain, optional): (Vec<_>, Vec<_>) = model.fields.iter().partition(|f| is_plain(model, f.required));
    let ids = optional.iter().map(|f| ident(&f.ident));
    let wires = optional.iter().map(|f| &f.name);
    let required = (!plain.is_empty()).then(|| {
        let ids = plain.iter().map(|f| ident(&f.ident));
        let wires = plain.iter().map(|f| &f.name);
        quote! { , required { #(#ids => #wires,)* } }
    });
    let open_decode = quote! { crate::deserialize_open_model!(#name, #extra, { #(#ids => #wires,)* } #required); };
    let mut text = format!("`{}`: {role}", model.name);
    if type_name != model.name {
        text = format!("A `{}` of a kind this version does not know (or without its discriminator): the fields every kind has, and the rest as received. {role}", model.name);
    }
    if let Some(uses) = uses {
        text.push_str(&format!("\n\nThe whole of: {}.", uses.join(", ")));
    }
    let docs = doc(&text);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize)]
        pub struct #name {
            #(#fields)*
            /// Fields the spec does not declare, kept as received so that nothing is lost on a read-modify-write.
            #[serde(flatten)]
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }
        #open_decode
    }
}

/// A union: an enum with one boxed variant per kind and `Unknown`, its decoding, `From` each
/// variant model, and an accessor per field that every kind has with the same type.
fn union_enum(ir: &Ir, union: &Union, base: &Model, defaults: &HashSet<String>, uses: Option<&Vec<String>>) -> TokenStream {
    let name = type_ident(&union.name);
    let unknown_name = format!("Unknown{}", union.name);
    let unknown = type_ident(&unknown_name);
    let unknown_struct = model_struct(base, &unknown_name, defaults, None);
    let tag = &union.discriminator;
    let variants = union.variants.iter().map(|v| {
        let (variant, model) = (type_ident(&v.name), model_path(&v.model));
        let docs = doc(&format!("`{tag}` is `{}`.", v.value));
        quote! { #docs #variant(Box<#model>), }
    });
    let arms = union.variants.iter().map(|v| {
        let (value, variant, model) = (&v.value, type_ident(&v.name), model_path(&v.model));
        quote! { #value => #variant(#model), }
    });
    let single: Vec<&Variant> = union.variants.iter().filter(|v| union.values_of(&v.model).count() == 1).collect();
    let froms = single.iter().map(|v| {
        let (variant, model) = (type_ident(&v.name), model_path(&v.model));
        quote! {
            impl From<#model> for #name {
                fn from(value: #model) -> Self { Self::#variant(Box::new(value)) }
            }
        }
    });
    let models: HashMap<&str, &Model> = ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let shared = base.fields.iter().filter(|f| {
        union.variants.iter().all(|v| models.get(v.model.as_str()).is_some_and(|m| m.fields.iter().any(|g| g.name == f.name && g.ty == f.ty)))
    });
    let (ids, types): (Vec<_>, Vec<_>) = shared.filter(|f| !is_plain(base, f.required)).map(|f| (ident(&f.ident), rust_type(&f.ty))).unzip();
    let kinds = union.variants.iter().map(|v| type_ident(&v.name));
    let mut text = format!(
        "`{}`: one of {} kinds, told apart by `{tag}`; any other kind is kept whole in `Unknown`.",
        union.name,
        union.variants.len()
    );
    if let Some(uses) = uses {
        text.push_str(&format!("\n\nThe whole of: {}.", uses.join(", ")));
    }
    let docs = doc(&text);
    let unknown_docs = doc(&format!("A kind this version does not know, or no `{tag}`."));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_docs
            Unknown(Box<#unknown>),
        }
        crate::deserialize_union!(#name, #tag, #unknown, { #(#arms)* });
        crate::union_accessors!(#name [#(#kinds,)* Unknown] { #(#ids: #types,)* });
        #(#froms)*
        #unknown_struct
    }
}

/// `crate::models::Name`.
fn model_path(name: &str) -> TokenStream {
    rust_type(&TypeRef::Model { name: name.into() })
}

fn open_enum(def: &EnumDef) -> TokenStream {
    let name = type_ident(&def.name);
    let mut variants: Vec<String> = def.values.iter().map(|v| pascal(v)).collect();
    variants.insert(0, "Unknown".into());
    dedupe(&mut variants);
    let variants = variants[1..].iter().map(|v| type_ident(&v.replace('_', "")));
    let values = &def.values;
    let docs = doc(&format!("One of {}; any other value is kept in `Unknown`.", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")));
    quote! {
        crate::open_enum! { #docs #name { #(#variants => #values,)* } }
    }
}
