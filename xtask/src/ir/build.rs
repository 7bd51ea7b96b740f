//! LAP syntax tree + overlay → IR.

use std::collections::{BTreeMap, HashMap};

use super::locations::{locate, path_vars};
use super::models::{EnumParent, RawType, ShapeTable};
use super::naming::{self, camel, dedupe, method_name, pascal, resource_name, snake};
use super::{BodyKind, BodyPage, ErrorResponse, Ir, Location, Model, Names, Operation, Param, PathTemplate, Resource, Response, Signature, TypeRef};
use crate::lap::ast::{Document, Endpoint, Field};
use crate::overlay::Overlay;

/// An operation before its types are named.
struct Draft {
    op: Operation,
    params: Vec<(Param, RawType)>,
    body_shape: Option<usize>,
    response: Option<ResponseDraft>,
}

enum ResponseDraft {
    Raw(RawType),
    Overlay(String),
}

/// Resolves the document with the overlay into the IR.
pub fn build(doc: &Document, overlay: &Overlay, api: &openapiv3::OpenAPI) -> Result<Ir, String> {
    let mut table = ShapeTable::default();
    let mut drafts = Vec::new();
    for endpoint in doc.groups.iter().flat_map(|g| &g.endpoints) {
        drafts.push(draft(endpoint, overlay, &mut table)?);
    }
    check_overlay_params(doc, overlay)?;
    let (names, mut models, mut enums) = table.finish(&overlay.enum_names)?;
    super::corrections::apply(&overlay.field_types, api, &mut models, &mut enums)?;
    let model_names: HashMap<&str, ()> = models.iter().map(|m| (m.name.as_str(), ())).collect();
    let mut operations = Vec::new();
    for draft in drafts {
        let mut op = draft.op;
        op.params = draft
            .params
            .into_iter()
            .map(|(mut p, raw)| {
                p.ty = names.resolve(&raw);
                p
            })
            .collect();
        op.body_model = draft.body_shape.map(|id| names.shape(id).to_string());
        op.response.ty = match draft.response {
            None => None,
            Some(ResponseDraft::Raw(raw)) => Some(names.resolve(&raw)),
            Some(ResponseDraft::Overlay(expr)) => overlay_type(&expr, &model_names, &op.id)?,
        };
        apply_request_body(&mut op, overlay, &model_names)?;
        let takes_after = op.params.iter().any(|p| p.name == "after" && p.location == Location::Query);
        op.body_page = if takes_after && op.method == "GET" { body_page(&op, &models) } else { None };
        op.paginated = takes_after && (matches!(op.response.ty, Some(TypeRef::Array { .. })) || op.body_page.is_some());
        op.polled = op.paginated && op.id == POLLED_LIST;
        op.path_template = PathTemplate::parse(&op.path);
        op.signature = Signature::of(&op);
        operations.push(op);
    }
    drop(model_names);
    super::twins::share_request_enums(&super::twins::pairs(&operations), &mut models);
    let unions = super::unions::import(&overlay.unions, api, &mut models, &mut enums)?;
    let resources = resources(&mut operations, overlay);
    Ok(Ir {
        api: doc.api.clone(),
        version: doc.version.clone(),
        base_url: doc.base.clone(),
        resources,
        operations,
        models,
        enums,
        unions,
    })
}

/// The list that also gets a polling `tail` method (Okta's polling mode of the System Log).
const POLLED_LIST: &str = "listLogEvents";

/// A list paged inside its body: the response is a model of one array field and `_links`
/// (Okta's IAM lists: `listRoles`, `listResourceSets`, …, whose `next` is `_links.next.href`).
fn body_page(op: &Operation, models: &[Model]) -> Option<BodyPage> {
    let Some(TypeRef::Model { name }) = &op.response.ty else { return None };
    let model = models.iter().find(|m| &m.name == name)?;
    let [a, b] = model.fields.as_slice() else { return None };
    let (list, links) = if b.name == "_links" { (a, b) } else { (b, a) };
    match (&list.ty, links.name.as_str()) {
        (TypeRef::Array { items }, "_links") => Some(BodyPage { field: list.name.clone(), items: (**items).clone() }),
        _ => None,
    }
}

fn draft(endpoint: &Endpoint, overlay: &Overlay, table: &mut ShapeTable) -> Result<Draft, String> {
    let key = (endpoint.method.clone(), endpoint.path.clone());
    let (tag, id) = overlay.operation_names.get(&key).cloned().ok_or_else(|| {
        format!("operation-names.tsv has no row for `{} {}` (spec line {})", endpoint.method, endpoint.path, endpoint.line)
    })?;
    let op_pascal = pascal(&id);
    let vars = path_vars(&endpoint.path);
    let mut params: Vec<(Param, RawType)> = vars
        .iter()
        .map(|v| (param(v, Location::Path, true, None, None), RawType::Str(None)))
        .collect();
    let mut body_fields: Vec<(&Field, bool)> = Vec::new();
    let listed = endpoint.required.iter().map(|f| (f, true)).chain(endpoint.optional.iter().map(|f| (f, false)));
    let options_owner = EnumParent::Named(format!("{op_pascal}Params"));
    for (field, required) in listed {
        match locate(overlay, &endpoint.method, &endpoint.path, &field.name, &vars) {
            Location::Body => body_fields.push((field, required)),
            Location::Path => {
                let Some((slot, _)) = params.iter_mut().find(|(p, _)| p.name == field.name) else {
                    return Err(format!("spec line {}: `{}` is placed in the path but the path has no such variable", endpoint.line, field.name));
                };
                slot.description = field.description.clone();
            }
            location => {
                let raw = table.intern_type(&field.ty, true, &options_owner, &field.name);
                params.push((
                    param(&field.name, location, required, field.default.clone(), field.description.clone()),
                    raw,
                ));
            }
        }
    }
    let body_shape = if body_fields.is_empty() {
        None
    } else {
        let fields: Vec<Field> = body_fields.iter().map(|(f, _)| (*f).clone()).collect();
        let required: Vec<bool> = body_fields.iter().map(|(_, r)| *r).collect();
        let shape = table.intern_fields(&fields, &required, true);
        let (name, from_overlay) = named(overlay, &id, "request", format!("{op_pascal}Request"));
        table.add_root(shape, name, from_overlay);
        for ((field, required), raw) in body_fields.iter().zip(table.field_types(shape)) {
            params.push((param(&field.name, Location::Body, *required, field.default.clone(), field.description.clone()), raw));
        }
        Some(shape)
    };
    let mut idents: Vec<String> = params.iter().map(|(p, _)| p.ident.clone()).collect();
    dedupe(&mut idents);
    for ((p, _), ident) in params.iter_mut().zip(idents) {
        // Node keeps JSON keys for body fields (a field and a whole `body` are interchangeable).
        let node = if p.location == Location::Body { p.name.clone() } else { camel(&ident) };
        p.names = Names { rust: naming::rust(&ident), python: naming::python(&ident), node };
        p.ident = ident;
    }
    let success = endpoint.returns.iter().find(|r| (200..300).contains(&r.status));
    let response = match success {
        _ if overlay.response_types.contains_key(&id) => overlay.response_types.get(&id).map(|(_, t)| ResponseDraft::Overlay(t.clone())),
        Some(r) => match &r.shape {
            Some(fields) if !fields.is_empty() => {
                let shape = table.intern_shape(fields, false);
                let (name, from_overlay) = named(overlay, &id, "response", format!("{op_pascal}Response"));
                table.add_root(shape, name, from_overlay);
                Some(ResponseDraft::Raw(RawType::Shape(shape)))
            }
            Some(_) => Some(ResponseDraft::Raw(RawType::Object)),
            None if r.status == 204 || r.text.to_ascii_lowercase().contains("no content") => None,
            None => Some(ResponseDraft::Raw(RawType::Any)),
        },
        None => None,
    };
    let untyped_body = body_shape.is_none()
        && matches!(endpoint.method.as_str(), "POST" | "PUT" | "PATCH")
        && endpoint.example_request.is_some();
    let op = Operation {
        resource: String::new(),
        name: String::new(),
        tag,
        method: endpoint.method.clone(),
        path: endpoint.path.clone(),
        description: endpoint.desc.clone(),
        spec_line: endpoint.line,
        params: Vec::new(),
        body_model: None,
        untyped_body,
        body_kind: BodyKind::None,
        request_content_types: Vec::new(),
        response_content_types: Vec::new(),
        response: Response {
            status: success.map_or(200, |r| r.status),
            ty: None,
            description: success.map(|r| r.text.clone()).unwrap_or_default(),
        },
        errors: endpoint.errors.iter().map(|(s, d)| ErrorResponse { status: *s, description: d.clone() }).collect(),
        paginated: false,
        body_page: None,
        polled: false,
        path_template: PathTemplate::default(),
        signature: Signature::default(),
        calls: Names::default(),
        id,
    };
    Ok(Draft { op, params, body_shape, response })
}

fn param(name: &str, location: Location, required: bool, default: Option<String>, description: Option<String>) -> Param {
    Param {
        name: name.to_string(),
        location,
        ident: snake(name),
        names: Names::default(),
        required,
        ty: TypeRef::Any,
        default,
        description,
    }
}

fn named(overlay: &Overlay, id: &str, role: &str, fallback: String) -> (String, bool) {
    match overlay.model_names.get(&(id.to_string(), role.to_string())) {
        Some(name) => (name.clone(), true),
        None => (fallback, false),
    }
}

/// `Name`, `[Name]`, `json`, `[json]`, `str`, `text`, `binary`, `none`.
fn overlay_type(expr: &str, models: &HashMap<&str, ()>, op: &str) -> Result<Option<TypeRef>, String> {
    if let Some(inner) = expr.strip_prefix('[').and_then(|e| e.strip_suffix(']')) {
        return Ok(overlay_type(inner, models, op)?.map(|t| TypeRef::Array { items: Box::new(t) }));
    }
    Ok(match expr {
        "none" => None,
        "json" => Some(TypeRef::Any),
        "str" => Some(TypeRef::String { format: None }),
        "text" | "binary" => Some(TypeRef::String { format: Some(expr.to_string()) }),
        name if models.contains_key(name) => Some(TypeRef::Model { name: name.to_string() }),
        other => return Err(format!("response-types.tsv: `{other}` (for {op}) is not a model name, json, str, text, binary or none")),
    })
}

/// Body kind and media types: JSON by default, `request-bodies.tsv` where the spec says too little.
fn apply_request_body(op: &mut Operation, overlay: &Overlay, models: &HashMap<&str, ()>) -> Result<(), String> {
    op.body_kind = match (&op.body_model, op.untyped_body) {
        (Some(_), _) => BodyKind::Model,
        (None, true) => BodyKind::Json,
        _ => BodyKind::None,
    };
    if op.body_kind != BodyKind::None {
        op.request_content_types = vec!["application/json".into()];
    }
    op.response_content_types = match &op.response.ty {
        None => Vec::new(),
        Some(TypeRef::String { format: Some(_) }) => vec!["text/plain".into()],
        Some(_) => vec!["application/json".into()],
    };
    let Some(row) = overlay.request_bodies.get(&op.id) else { return Ok(()) };
    op.request_content_types = row.request_types.clone();
    op.response_content_types = row.response_types.clone();
    let (kind, model) = match row.body.as_str() {
        "-" => (BodyKind::None, None),
        "json" | "[json]" => (BodyKind::Json, None),
        "file" => (BodyKind::File, None),
        "binary" => (BodyKind::Binary, None),
        "text" => (BodyKind::Text, None),
        name if models.contains_key(name) => (BodyKind::Model, Some(name.to_string())),
        other => return Err(format!("request-bodies.tsv: body `{other}` of {} is not json, [json], file, binary, text, - or a model", op.id)),
    };
    if kind != BodyKind::None && op.request_content_types.is_empty() {
        return Err(format!("request-bodies.tsv: {} has a body but no request media type", op.id));
    }
    if kind != BodyKind::Model && op.body_model.is_some() {
        return Err(format!("request-bodies.tsv: {} has body fields in the spec; its body must be a model", op.id));
    }
    op.body_kind = kind;
    op.untyped_body = kind == BodyKind::Json;
    if model.is_some() {
        op.body_model = model;
    }
    Ok(())
}

/// Every overlay location must name a listed param of an existing endpoint.
fn check_overlay_params(doc: &Document, overlay: &Overlay) -> Result<(), String> {
    for (method, path, name) in overlay.param_locations.keys() {
        let found = doc.groups.iter().flat_map(|g| &g.endpoints).any(|e| {
            &e.method == method && &e.path == path && e.required.iter().chain(&e.optional).any(|f| &f.name == name)
        });
        if !found {
            return Err(format!("param-locations.tsv: `{method} {path}` lists no param `{name}`"));
        }
    }
    Ok(())
}

/// Names resources and methods, and groups operations by resource.
fn resources(operations: &mut [Operation], overlay: &Overlay) -> Vec<Resource> {
    let mut by_tag: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, op) in operations.iter().enumerate() {
        by_tag.entry(op.tag.clone()).or_default().push(index);
    }
    let mut resources: Vec<Resource> = by_tag
        .into_iter()
        .map(|(tag, ops)| {
            let name = overlay.resource_names.get(&tag).cloned().unwrap_or_else(|| resource_name(&tag));
            Resource { type_name: pascal(&name), name, tag, operations: ops }
        })
        .collect();
    resources.sort_by(|a, b| a.name.cmp(&b.name));
    for resource in &resources {
        let mut wanted: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &index in &resource.operations {
            let op = &operations[index];
            let name = overlay.method_names.get(&op.id).cloned().unwrap_or_else(|| method_name(&op.id, &op.tag));
            wanted.entry(name).or_default().push(index);
        }
        for (name, indices) in wanted {
            let unique = indices.len() == 1;
            for index in indices {
                let op = &mut operations[index];
                op.resource = resource.name.clone();
                op.name = if unique { name.clone() } else { snake(&op.id) };
                op.calls = Names {
                    rust: format!("{}().{}", naming::rust(&op.resource), naming::rust(&op.name)),
                    python: format!("{}.{}", naming::python(&op.resource), naming::python(&op.name)),
                    node: format!("{}.{}", camel(&op.resource), camel(&op.name)),
                };
            }
        }
    }
    resources
}
