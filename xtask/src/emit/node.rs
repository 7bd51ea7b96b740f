//! Node binding: `bindings/node` (napi-rs).
//!
//! Emits two files (the error classes come from `errors.rs`); everything else in `bindings/node`
//! is hand-written runtime:
//! - `src/generated/client.js`: one class per resource whose methods pass their operation's
//!   index in the runtime's table (`okta_admin_runtime::ops::OPS`) and their arguments to the
//!   shared runtime (`lib/runtime.js`), plus where each table parameter's value comes from;
//! - `index.d.ts`: the types of the client, its resources, every options object, model and enum.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{GeneratedFile, HEADER};
use crate::ir::naming::{camel, pascal};
use crate::ir::{BodyKind, EnumDef, Ir, Location, Model, Operation, Param, Returns as IrReturns, TypeRef, Union};

const ROOT: &str = "bindings/node";

/// Names exported by the hand-written runtime (`lib/runtime.d.ts`) or used as global types in
/// `index.d.ts`; a model or enum with one of these names is emitted as `<Name>Model`.
const RESERVED_TYPES: &[&str] = &[
    "Client", "ClientBase", "ClientOptions", "ClientDescription", "CallOptions", "Paginated", "Page", "QueryValue",
    "OktaError", "ApiError", "BadRequestError", "UnauthorizedError", "ForbiddenError", "NotFoundError",
    "ConflictError", "ServerError", "RateLimitError", "TimeoutError", "ConnectionError", "RedirectError",
    "DecodeError", "InvalidRequestError", "ConfigError", "ForeignRedirectError", "InternalError", "ErrorCode", "ErrorCause",
    "FileUpload", "BinaryData", "RawCallOptions", "RawResponse", "RequestOptions", "ResponseBody", "HttpMethod",
    "Promise", "Array", "Record", "Error", "Object", "String", "Number", "Boolean", "Date", "Map", "Set", "Symbol",
    "Function", "Partial", "Required", "Readonly", "AsyncIterable", "AsyncIterator", "PromiseLike", "JSON",
];

/// Words that cannot name a parameter in strict-mode JS or TS declarations.
const JS_RESERVED: &[&str] = &[
    "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for", "function", "if", "implements",
    "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public",
    "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void",
    "while", "with", "yield",
];

/// Members of `ClientBase` (`lib/runtime.js`) that a resource accessor must not shadow.
const CLIENT_MEMBERS: &[&str] = &["describe", "request", "toString", "toJSON", "constructor"];

/// Method names that would break a class or make a resource look like a Promise.
const RESERVED_MEMBERS: &[&str] = &["constructor", "then", "catch", "finally", "__proto__", "prototype"];

/// The generated files of the Node binding.
pub fn emit(ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    let plan = Plan::new(ir)?;
    Ok(vec![client_js(ir, &plan), type_definitions(ir, &plan)])
}

/// What a 2xx response is turned into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Returns {
    Empty,
    Json,
    Text,
    Binary,
    Pages,
}

/// The JS shape of one operation.
struct OpPlan<'a> {
    method: String,
    /// Path params, then required query and header params, with their JS identifiers.
    positional: Vec<(&'a Param, String)>,
    /// Optional query and header params (keyed by wire name, headers by camelCase) and body
    /// fields (wire names).
    options: Vec<(&'a Param, String)>,
    /// The options object must be given (a required body field).
    options_required: bool,
    /// TS name of the options object, if the operation has one.
    options_type: Option<String>,
    /// TS name of the interface of its query and header options when there is a body too.
    params_type: Option<String>,
    returns: Returns,
}

/// JS and TS names for everything, resolved once so that all three files agree.
struct Plan<'a> {
    ops: Vec<OpPlan<'a>>,
    /// Per resource (in IR order): JS accessor and TS interface name.
    resources: Vec<(String, String)>,
    /// IR model or enum name → TS type name.
    types: HashMap<&'a str, String>,
}

impl<'a> Plan<'a> {
    fn new(ir: &'a Ir) -> Result<Plan<'a>, String> {
        let mut taken: HashSet<String> = RESERVED_TYPES.iter().map(|s| s.to_string()).collect();
        let mut types = HashMap::new();
        for name in ir.models.iter().map(|m| &m.name).chain(ir.enums.iter().map(|e| &e.name)) {
            let ts = unique(name, "Model", &mut taken);
            types.insert(name.as_str(), ts);
        }
        let models = ir.models.iter().map(|m| (m.name.as_str(), m)).collect();
        let mut resources = Vec::new();
        let mut accessors = HashSet::new();
        for resource in &ir.resources {
            let accessor = camel(&resource.name);
            if !accessors.insert(accessor.clone()) || CLIENT_MEMBERS.contains(&accessor.as_str()) {
                return Err(format!("node: resource accessor `{accessor}` is not unique"));
            }
            resources.push((accessor, unique(&format!("{}Api", resource.type_name), "_", &mut taken)));
        }
        let mut ops = Vec::new();
        for op in &ir.operations {
            ops.push(op_plan(op, &models, &mut taken)?);
        }
        for resource in &ir.resources {
            let mut names = HashSet::new();
            for &i in &resource.operations {
                if !names.insert(ops[i].method.as_str()) {
                    return Err(format!("node: two methods named `{}` on `{}`", ops[i].method, resource.name));
                }
            }
        }
        Ok(Plan { ops, resources, types })
    }

    fn ts_name<'s>(&'s self, name: &'s str) -> &'s str {
        self.types.get(name).map(String::as_str).unwrap_or(name)
    }

    /// The TS type of a value of `ty`.
    fn ts_type(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::String { .. } => "string".into(),
            TypeRef::Integer { .. } | TypeRef::Number => "number".into(),
            TypeRef::Boolean => "boolean".into(),
            TypeRef::Any => "unknown".into(),
            TypeRef::Object => "Record<string, unknown>".into(),
            TypeRef::Model { name } | TypeRef::Enum { name } => self.ts_name(name).into(),
            TypeRef::Array { items } => format!("Array<{}>", self.ts_type(items)),
        }
    }
}

/// `base`, or `base` + `suffix` (+ a number) when taken; records the result.
fn unique(base: &str, suffix: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while taken.contains(&name) {
        name = if n == 1 { format!("{base}{suffix}") } else { format!("{base}{suffix}{n}") };
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn js_ident(name: &str) -> String {
    let ident = camel(name);
    if JS_RESERVED.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

fn op_plan<'a>(op: &'a Operation, models: &HashMap<&str, &Model>, taken: &mut HashSet<String>) -> Result<OpPlan<'a>, String> {
    let mut method = camel(&op.name);
    if RESERVED_MEMBERS.contains(&method.as_str()) {
        method.push('_');
    }
    let mut positional = Vec::new();
    let mut seen = HashSet::from(["options".to_string(), "callOptions".to_string()]);
    for p in op.signature.required.iter().map(|&i| &op.params[i]) {
        let mut ident = js_ident(&p.names.node);
        while !seen.insert(ident.clone()) {
            ident.push('_');
        }
        positional.push((p, ident));
    }
    let mut options = Vec::new();
    let mut keys: HashSet<String> = special_keys(op.body_kind).iter().map(|k| k.to_string()).collect();
    keys.insert("body".into());
    for p in op.signature.optional.iter().chain(&op.signature.fields).map(|&i| &op.params[i]) {
        // The IR's Node name: camelCase for query and header params, the JSON key for body fields.
        let key = p.names.node.clone();
        if !keys.insert(key.clone()) {
            return Err(format!("node: option `{key}` of {} is not unique (or is reserved for the body)", op.id));
        }
        options.push((p, key));
    }
    let body_model = op.body_model.as_deref().and_then(|name| models.get(name).copied());
    if op.body_model.is_some() && body_model.is_none() {
        return Err(format!("node: body model of {} is not in the IR", op.id));
    }
    let options_required = match op.body_kind {
        BodyKind::None => false,
        BodyKind::Model => body_model.is_some_and(|m| op.params.iter().any(|p| body_required(m, p))),
        BodyKind::Json | BodyKind::Text | BodyKind::Binary | BodyKind::File => true,
    };
    let has_params = options.iter().any(|(p, _)| p.location != Location::Body);
    let stem = pascal(&op.id);
    let options_type = (!options.is_empty() || op.body_kind != BodyKind::None)
        .then(|| unique(&format!("{stem}Options"), "_", taken));
    let params_type = (has_params && op.body_model.is_some()).then(|| unique(&format!("{stem}Params"), "_", taken));
    let returns = match &op.signature.returns {
        IrReturns::Pages(_) => Returns::Pages,
        IrReturns::Empty => Returns::Empty,
        IrReturns::Text => Returns::Text,
        IrReturns::Binary => Returns::Binary,
        IrReturns::Json(_) => Returns::Json,
    };
    if op.body_kind == BodyKind::Model && op.body_model.is_none() {
        return Err(format!("node: {} has a model body without a model", op.id));
    }
    Ok(OpPlan { method, positional, options, options_required, options_type, params_type, returns })
}

/// Options keys that carry the body of a body kind (beside `body`).
fn special_keys(kind: BodyKind) -> &'static [&'static str] {
    match kind {
        BodyKind::Binary => &["contentType"],
        BodyKind::File => &["file"],
        _ => &[],
    }
}

/// A body field the caller must give: required in a request-only model (as in the Rust API,
/// where such fields are not `Option`).
fn body_required(model: &Model, p: &Param) -> bool {
    p.location == Location::Body && super::rust_models::is_plain(model, p.required)
}

fn client_js(ir: &Ir, plan: &Plan) -> GeneratedFile {
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}");
    let _ = writeln!(out, "// The resource classes of the Okta Admin Management API {}: each method passes its", ir.version);
    let _ = writeln!(out, "// operation's index in the runtime's table (`okta_admin_runtime::ops::OPS`, the same one Rust");
    let _ = writeln!(out, "// and Python call through) and its arguments to `lib/runtime.js`.");
    let _ = writeln!(out, "'use strict';");
    let _ = writeln!(out);
    let _ = writeln!(out, "const {{ Resource, ClientBase, NATIVE, json, empty, text, bytes, pages, tail }} = require('../../lib/runtime.js');");
    let _ = writeln!(out);
    let _ = writeln!(out, "// Per operation: its body kind (0 none, 1 fields, 2 JSON, 3 text, 4 bytes, 5 file) and, per");
    let _ = writeln!(out, "// parameter of the table, where its value comes from: a positional argument (a number) or");
    let _ = writeln!(out, "// a key of the options object.");
    let _ = writeln!(out, "const OPS = [");
    for (i, (op, op_plan)) in ir.operations.iter().zip(&plan.ops).enumerate() {
        let sources: Vec<String> = op
            .params
            .iter()
            .map(|p| match op_plan.positional.iter().position(|(q, _)| std::ptr::eq(*q, p)) {
                Some(index) => index.to_string(),
                None => {
                    let key = op_plan.options.iter().find(|(q, _)| std::ptr::eq(*q, p)).map(|(_, k)| k.as_str()).unwrap_or(&p.name);
                    format!("{key:?}")
                }
            })
            .collect();
        let body = match op.body_kind {
            BodyKind::None => 0,
            BodyKind::Model => 1,
            BodyKind::Json => 2,
            BodyKind::Text => 3,
            BodyKind::Binary => 4,
            BodyKind::File => 5,
        };
        let _ = writeln!(out, "  /* {i} */ [{body}, [{}]],", sources.join(", "));
    }
    let _ = writeln!(out, "];");
    for (resource, (_, class)) in ir.resources.iter().zip(&plan.resources) {
        let _ = writeln!(out);
        let _ = writeln!(out, "class {class} extends Resource {{");
        for &i in &resource.operations {
            let op = &plan.ops[i];
            let positional: Vec<&str> = op.positional.iter().map(|(_, ident)| ident.as_str()).collect();
            let mut params = positional.clone();
            if op.options_type.is_some() {
                params.push("options");
            }
            params.push("callOptions");
            let options = if op.options_type.is_some() { "options" } else { "undefined" };
            let runner = match op.returns {
                Returns::Empty => "empty",
                Returns::Json => "json",
                Returns::Text => "text",
                Returns::Binary => "bytes",
                Returns::Pages => "pages",
            };
            let _ = writeln!(
                out,
                "  {}({}) {{ return {runner}(this[NATIVE], {i}, OPS[{i}], [{}], {options}, callOptions); }}",
                op.method,
                params.join(", "),
                positional.join(", ")
            );
            if ir.operations[i].polled {
                let _ = writeln!(
                    out,
                    "  tail({}) {{ return tail(this[NATIVE], {i}, OPS[{i}], [{}], {options}, callOptions); }}",
                    params.join(", "),
                    positional.join(", ")
                );
            }
        }
        let _ = writeln!(out, "}}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "class Client extends ClientBase {{");
    let _ = writeln!(out, "  constructor(options) {{");
    let _ = writeln!(out, "    super(options);");
    let _ = writeln!(out, "    const native = this[NATIVE];");
    for (accessor, class) in &plan.resources {
        let _ = writeln!(out, "    this.{accessor} = new {class}(native);");
    }
    let _ = writeln!(out, "  }}");
    let _ = writeln!(out, "}}");
    let _ = writeln!(out);
    let _ = writeln!(out, "module.exports = {{ Client }};");
    GeneratedFile { path: format!("{ROOT}/src/generated/client.js"), contents: out }
}

/// A JSDoc block at `indent`.
fn jsdoc(out: &mut String, indent: &str, text: &str) {
    let text = text.trim().replace("*/", "*\\/");
    if text.is_empty() {
        return;
    }
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    if lines.len() == 1 {
        let _ = writeln!(out, "{indent}/** {} */", lines[0]);
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

fn property_key(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_else(|_| format!("{name:?}"))
    }
}

fn param_doc(p: &Param) -> String {
    let location = format!("{:?}", p.location).to_lowercase();
    let mut text = format!("`{}` ({location})", p.name);
    if let Some(default) = &p.default {
        let _ = write!(text, ", server default `{default}`");
    }
    if let Some(description) = &p.description {
        text.push_str(": ");
        text.push_str(description.trim());
    }
    text
}

fn type_definitions(ir: &Ir, plan: &Plan) -> GeneratedFile {
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}");
    let _ = writeln!(out, "// Types of the `okta-admin` package: the client, its resources, the options of every");
    let _ = writeln!(out, "// method, and the models and enums of the Okta Admin Management API {}.", ir.version);
    let _ = writeln!(out);
    let _ = writeln!(out, "import type {{ BinaryData, CallOptions, ClientBase, ClientOptions, FileUpload, ListCallOptions, Paginated, RawCallOptions, RawResponse, TailCallOptions }} from './lib/runtime';");
    let _ = writeln!(out, "export * from './lib/runtime';");
    let _ = writeln!(out);
    jsdoc(
        &mut out,
        "",
        &format!(
            "A client of the {} API {}, with one property per resource (`client.users`).\n\n\
             `new Client()` reads `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_TOKEN` and the other variables of\n\
             Okta's SDKs; `new Client({{ orgUrl, token }})` takes them explicitly.",
            ir.api, ir.version
        ),
    );
    let _ = writeln!(out, "export declare class Client extends ClientBase {{");
    let _ = writeln!(out, "  constructor(options?: ClientOptions);");
    for (resource, (accessor, class)) in ir.resources.iter().zip(&plan.resources) {
        jsdoc(&mut out, "  ", &format!("Operations tagged `{}` ({} endpoints).", resource.tag, resource.operations.len()));
        let _ = writeln!(out, "  readonly {accessor}: {class};");
    }
    let _ = writeln!(out, "}}");

    for (resource, (_, class)) in ir.resources.iter().zip(&plan.resources) {
        let _ = writeln!(out);
        jsdoc(&mut out, "", &format!("Operations tagged `{}` in Okta's API reference.", resource.tag));
        let _ = writeln!(out, "export interface {class} {{");
        for &i in &resource.operations {
            method_declaration(&mut out, plan, &ir.operations[i], &plan.ops[i]);
        }
        let _ = writeln!(out, "}}");
    }

    for (op, op_plan) in ir.operations.iter().zip(&plan.ops) {
        options_declaration(&mut out, plan, op, op_plan);
    }

    let mut models: Vec<&Model> = ir.models.iter().collect();
    models.sort_by(|a, b| plan.ts_name(&a.name).cmp(plan.ts_name(&b.name)));
    for model in models {
        match ir.union(&model.name) {
            Some(union) => union_declaration(&mut out, plan, union),
            None => model_declaration(&mut out, plan, model, ir.union_of(&model.name)),
        }
    }
    let mut enums: Vec<&EnumDef> = ir.enums.iter().collect();
    enums.sort_by(|a, b| plan.ts_name(&a.name).cmp(plan.ts_name(&b.name)));
    for def in enums {
        enum_declaration(&mut out, plan, def);
    }
    GeneratedFile { path: format!("{ROOT}/index.d.ts"), contents: out }
}

const TAIL_DOC: &str = "Polls the System Log for new events, for ever: iterates the events after `since` (Okta's \
polling mode: give `since`, not `until`), following the `next` link of each page and waiting \
`callOptions.intervalMs` (default 10 000) after an empty page (longer when the rate limit is nearly \
spent). Stop with `break`, or abort `callOptions.signal`.";

fn method_declaration(out: &mut String, plan: &Plan, op: &Operation, op_plan: &OpPlan) {
    let mut doc = op.description.trim().to_string();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    let _ = write!(doc, "`{} {}` (operationId `{}`).", op.method, op.path, op.id);
    if op.request_content_types.len() > 1 || op.body_kind == BodyKind::File {
        let _ = write!(doc, "\n\nRequest body media types: `{}`.", op.request_content_types.join("`, `"));
    }
    if op_plan.returns == Returns::Pages {
        doc.push_str(
            "\n\nPaginated: iterate with `for await` (pages are fetched lazily, following `Link: rel=\"next\"`), \
             use `.pages()` / `.nextPage()` for a page at a time, or `await` it for every item.",
        );
    }
    doc.push('\n');
    for (p, ident) in &op_plan.positional {
        let _ = write!(doc, "\n@param {ident} {}", param_doc(p));
    }
    if op_plan.options_type.is_some() {
        let body = match op.body_kind {
            BodyKind::None => None,
            BodyKind::Model => Some("the body: its fields, or the whole of it as `body`"),
            BodyKind::Json => Some("the JSON body as `body`"),
            BodyKind::Text => Some("the text body as `body`"),
            BodyKind::Binary => Some("the body's bytes as `body`, and its `contentType`"),
            BodyKind::File => Some("the file to upload as `file`"),
        };
        let has_params = op_plan.options.iter().any(|(p, _)| p.location != Location::Body);
        let what = match (body, has_params) {
            (Some(body), true) => format!("Optional query and header parameters, and {body}."),
            (Some(body), false) => format!("{}{}.", body[..1].to_uppercase(), &body[1..]),
            (None, _) => "Optional query and header parameters.".into(),
        };
        let _ = write!(doc, "\n@param options {what}");
    }
    if op_plan.returns == Returns::Pages {
        doc.push_str(
            "\n@param callOptions Per-call settings: timeout, retries, extra headers and query parameters, \
             `maxPages`, an `onPage` progress callback and an abort `signal`.",
        );
    } else {
        doc.push_str(
            "\n@param callOptions Per-call settings: timeout, retries, extra headers and query parameters, \
             a raw JSON `body` replacing the typed one, and `raw: true` for the whole response.",
        );
    }
    jsdoc(out, "  ", &doc);
    let positional: Vec<String> =
        op_plan.positional.iter().map(|(p, ident)| format!("{ident}: {}", positional_type(plan, p))).collect();
    let signature = |out: &mut String, options: Option<String>, call_options: &str, returns: &str| {
        let mut params = positional.clone();
        params.extend(options);
        params.push(call_options.to_string());
        let _ = writeln!(out, "  {}({}): {returns};", op_plan.method, params.join(", "));
    };
    let value = match (&op.signature.returns, &op.response.ty) {
        (IrReturns::Pages(items), _) => {
            let options = op_plan.options_type.as_ref().map(|o| format!("options?: {o}"));
            let item = plan.ts_type(items);
            signature(out, options, "callOptions?: ListCallOptions", &format!("Paginated<{item}>"));
            if op.polled {
                jsdoc(out, "  ", TAIL_DOC);
                let mut params = positional.clone();
                let tail_options = op_plan.options_type.as_ref().map(|o| format!("options?: Omit<{o}, 'until'>"));
                params.extend(tail_options);
                params.push("callOptions?: TailCallOptions".to_string());
                let _ = writeln!(out, "  tail({}): Paginated<{item}>;", params.join(", "));
            }
            return;
        }
        (IrReturns::Empty, _) => "void".to_string(),
        (IrReturns::Text, _) => "string".to_string(),
        (IrReturns::Binary, _) => "Buffer".to_string(),
        (_, Some(ty)) => plan.ts_type(ty),
        (_, None) => "void".to_string(),
    };
    let method = &op_plan.method;
    let (options, raw_options) = match &op_plan.options_type {
        Some(o) if op_plan.options_required => (Some(format!("options: {o}")), Some(format!("options: {o}"))),
        Some(o) => (Some(format!("options?: {o}")), Some(format!("options: {o} | undefined"))),
        None => (None, None),
    };
    signature(out, options, "callOptions?: CallOptions", &format!("Promise<{value}>"));
    jsdoc(out, "  ", &format!("`{method}` with `callOptions.raw`: resolves to `{{ data, status, headers, body }}`, the result beside the raw response."));
    signature(out, raw_options, "callOptions: RawCallOptions", &format!("Promise<RawResponse<{value}>>"));
    if op_plan.options_required {
        // A raw `callOptions.body` replaces the typed body, which may then be left out.
        let params_only = match (op.body_kind, &op_plan.params_type, &op_plan.options_type) {
            (BodyKind::Model, Some(params), _) => params.clone(),
            (BodyKind::Model, None, _) | (_, _, None) => "undefined".to_string(),
            (kind, _, Some(o)) => {
                let mut keys = vec!["'body'".to_string()];
                keys.extend(special_keys(kind).iter().map(|k| format!("'{k}'")));
                format!("Omit<{o}, {}>", keys.join(" | "))
            }
        };
        let options = Some(if params_only == "undefined" { "options: undefined".to_string() } else { format!("options: {params_only} | undefined") });
        jsdoc(out, "  ", &format!("`{method}` with its body replaced by `callOptions.body` (raw JSON): the typed body may be left out."));
        signature(out, options.clone(), "callOptions: CallOptions & { body: unknown }", &format!("Promise<{value}>"));
        jsdoc(out, "  ", &format!("`{method}` with its body replaced by `callOptions.body`, resolving to the whole response."));
        signature(out, options, "callOptions: RawCallOptions & { body: unknown }", &format!("Promise<RawResponse<{value}>>"));
    }
}

fn positional_type(plan: &Plan, p: &Param) -> String {
    match p.location {
        Location::Path => "string".into(),
        _ => plan.ts_type(&p.ty),
    }
}

fn options_declaration(out: &mut String, plan: &Plan, op: &Operation, op_plan: &OpPlan) {
    let Some(options_type) = &op_plan.options_type else { return };
    let params: Vec<&(&Param, String)> = op_plan.options.iter().filter(|(p, _)| p.location != Location::Body).collect();
    let fields = |out: &mut String, list: &[&(&Param, String)]| {
        for (p, key) in list {
            jsdoc(out, "  ", &param_doc(p));
            let _ = writeln!(out, "  {}?: {};", property_key(key), plan.ts_type(&p.ty));
        }
    };
    let _ = writeln!(out);
    let endpoint = format!("`{}` (`{} {}`)", op.id, op.method, op.path);
    match (&op.body_model, &op_plan.params_type) {
        (Some(model), Some(params_type)) => {
            jsdoc(out, "", &format!("Optional query and header parameters of {endpoint}."));
            let _ = writeln!(out, "export interface {params_type} {{");
            fields(out, &params);
            let _ = writeln!(out, "}}");
            let _ = writeln!(out);
            let model = plan.ts_name(model);
            jsdoc(out, "", &format!("Options of {endpoint}: its parameters, and the body's fields or the whole body as `body`."));
            let _ = writeln!(out, "export type {options_type} = {params_type} & ({model} | {{ body: {model} }});");
        }
        (Some(model), None) => {
            let model = plan.ts_name(model);
            jsdoc(out, "", &format!("Options of {endpoint}: the body's fields, or the whole body as `body`."));
            let _ = writeln!(out, "export type {options_type} = {model} | {{ body: {model} }};");
        }
        (None, _) => {
            jsdoc(out, "", &format!("Options of {endpoint}."));
            let _ = writeln!(out, "export interface {options_type} {{");
            fields(out, &params);
            match op.body_kind {
                BodyKind::Json => {
                    jsdoc(out, "  ", "The JSON body (the spec does not describe its fields).");
                    let _ = writeln!(out, "  body: unknown;");
                }
                BodyKind::Text => {
                    let media_type = op.request_content_types.first().map(String::as_str).unwrap_or("text/plain");
                    jsdoc(out, "  ", &format!("The body, sent as `{media_type}`."));
                    let _ = writeln!(out, "  body: string;");
                }
                BodyKind::Binary => {
                    jsdoc(out, "  ", "The body's bytes (a string is sent as UTF-8).");
                    let _ = writeln!(out, "  body: BinaryData;");
                    let types: Vec<String> = op.request_content_types.iter().map(|t| serde_json::to_string(t).unwrap_or_default()).collect();
                    let default = types.first().cloned().unwrap_or_default();
                    jsdoc(out, "  ", &format!("The body's media type (default {default})."));
                    let _ = writeln!(out, "  contentType?: {};", types.join(" | "));
                }
                BodyKind::File => {
                    jsdoc(out, "  ", "The file to upload (a `multipart/form-data` part named `file`).");
                    let _ = writeln!(out, "  file: FileUpload;");
                }
                BodyKind::None | BodyKind::Model => {}
            }
            let _ = writeln!(out, "}}");
        }
    }
}

/// A union: the type of its kinds, each narrowed by its discriminator's literal value.
fn union_declaration(out: &mut String, plan: &Plan, union: &Union) {
    let mut seen = HashSet::new();
    let kinds: Vec<&str> = union.variants.iter().map(|v| plan.ts_name(&v.model)).filter(|k| seen.insert(*k)).collect();
    let example = &union.variants[0];
    let _ = writeln!(out);
    jsdoc(
        out,
        "",
        &format!(
            "`{}`: one of its kinds, told apart by `{tag}` (narrow with `if (x.{tag} === '{}')`). \
             A kind this version does not know still arrives as sent.",
            union.name,
            example.value,
            tag = union.discriminator,
        ),
    );
    let _ = writeln!(out, "export type {} = {};", plan.ts_name(&union.name), kinds.join(" | "));
}

/// A model's interface; the kind of a union (`of`) has its discriminator as literal values.
fn model_declaration(out: &mut String, plan: &Plan, model: &Model, of: Option<&Union>) {
    let role = match (model.in_request, model.in_response) {
        (true, true) => "Sent in requests and received in responses.",
        (true, false) => "Sent in requests.",
        _ => "Received in responses.",
    };
    // Inputs are closed, so a misspelt field fails to type-check; profiles stay open for custom
    // attributes, and so do response-only models (undeclared fields arrive and are kept).
    let profile = crate::ir::is_profile(&model.name);
    let open = profile || !model.in_request;
    let fields = if profile {
        "Custom attributes go beside the base ones, by key."
    } else if open {
        "Fields the spec does not declare are kept, as `unknown`."
    } else {
        "Fields the spec does not declare are kept at run time; to send one, add it with a cast."
    };
    let _ = writeln!(out);
    jsdoc(out, "", &format!("`{}`: {role} {fields}", model.name));
    let _ = writeln!(out, "export interface {} {{", plan.ts_name(&model.name));
    for field in &model.fields {
        if let Some(description) = &field.description {
            jsdoc(out, "  ", description);
        }
        let optional = if super::rust_models::is_plain(model, field.required) { "" } else { "?" };
        // Okta sends `null` for unset fields of what it returns (`"activated": null`).
        let nullable = if field.nullable || model.in_response { " | null" } else { "" };
        if let Some(union) = of.filter(|u| u.discriminator == field.name) {
            let values: Vec<String> = union.values_of(&model.name).map(|v| serde_json::to_string(v).unwrap_or_default()).collect();
            let _ = writeln!(out, "  {}: {};", property_key(&field.name), values.join(" | "));
            continue;
        }
        let _ = writeln!(out, "  {}{optional}: {}{nullable};", property_key(&field.name), plan.ts_type(&field.ty));
    }
    if open {
        let _ = writeln!(out, "  [key: string]: unknown;");
    }
    let _ = writeln!(out, "}}");
}

fn enum_declaration(out: &mut String, plan: &Plan, def: &EnumDef) {
    let mut seen = HashSet::new();
    let mut members: Vec<String> = Vec::new();
    for value in &def.values {
        let literal = match (def.integer, value.parse::<i64>()) {
            (true, Ok(n)) => n.to_string(),
            _ => serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}")),
        };
        if seen.insert(literal.clone()) {
            members.push(literal);
        }
    }
    let _ = writeln!(out);
    jsdoc(
        out,
        "",
        &format!(
            "`{}`: the values the spec lists (a closed union, so a misspelt value fails to type-check). \
             A value Okta adds later still arrives as sent.",
            def.name
        ),
    );
    let _ = writeln!(out, "export type {} = {};", plan.ts_name(&def.name), members.join(" | "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_are_escaped_and_keys_quoted() {
        assert_eq!(js_ident("default"), "default_");
        assert_eq!(js_ident("app_id"), "appId");
        assert_eq!(property_key("okta:ORN"), "\"okta:ORN\"");
        assert_eq!(property_key("_links"), "_links");
        assert_eq!(property_key("2fa"), "\"2fa\"");
    }

    #[test]
    fn jsdoc_cannot_close_early() {
        let mut out = String::new();
        jsdoc(&mut out, "", "a */ b\n\nc");
        assert_eq!(out, "/**\n * a *\\/ b\n *\n * c\n */\n");
    }

    #[test]
    fn every_operation_gets_one_method_and_one_table_row() {
        let ir = crate::load_ir().expect("specs/ resolve");
        let files = emit(&ir).expect("node emitter");
        assert_eq!(files.len(), 2);
        assert!(files.iter().all(|f| f.contents.starts_with(HEADER)));
        let js = &files.iter().find(|f| f.path.ends_with("client.js")).expect("client.js").contents;
        let methods = js.lines().filter(|l| l.contains("(this[NATIVE], ") && !l.contains("return tail(")).count();
        assert_eq!(methods, ir.operations.len());
        assert_eq!(js.matches("  tail(options, callOptions) { return tail(this[NATIVE], ").count(), 1, "the System Log's tail");
        let rows = js.lines().filter(|l| l.starts_with("  /* ") && l.ends_with("]],")).count();
        assert_eq!(rows, ir.operations.len());
        let plan = Plan::new(&ir).expect("plan");
        let names: HashSet<String> = ir
            .resources
            .iter()
            .zip(&plan.resources)
            .flat_map(|(r, (accessor, _))| r.operations.iter().map(|&i| format!("{accessor}.{}", plan.ops[i].method)).collect::<Vec<_>>())
            .collect();
        assert_eq!(names.len(), ir.operations.len());
        for op in &plan.ops {
            for (_, ident) in &op.positional {
                assert!(!JS_RESERVED.contains(&ident.as_str()), "{ident}");
            }
            // The options keys are the IR's Node names (issue 9).
            for (p, key) in &op.options {
                assert_eq!(key, &p.names.node);
            }
        }
        for (accessor, _) in &plan.resources {
            assert!(!CLIENT_MEMBERS.contains(&accessor.as_str()), "{accessor}");
        }
    }

    #[test]
    fn methods_get_raw_and_body_override_overloads() {
        let ir = crate::load_ir().expect("specs/ resolve");
        let files = emit(&ir).expect("node emitter");
        let dts = &files.iter().find(|f| f.path.ends_with("index.d.ts")).expect("index.d.ts").contents;
        assert!(dts.contains("  get(id: string, options: GetUserOptions | undefined, callOptions: RawCallOptions): Promise<RawResponse<User>>;"));
        assert!(dts.contains(
            "  create(options: CreateUserParams | undefined, callOptions: CallOptions & { body: unknown }): Promise<User>;"
        ));
        assert!(dts.contains("  list(options?: ListUsersOptions, callOptions?: ListCallOptions): Paginated<User>;"));
        assert!(!dts.contains("Paginated<User>>"), "no raw overload for lists");
    }
}
