//! The hand-written overlay in `specs/overlay/`: reviewed decisions the LAP spec cannot express.
//!
//! Each file is tab-separated with a header row; `#` lines are comments.

use std::collections::BTreeMap;
use std::path::Path;

/// All overlay tables.
#[derive(Debug, Default)]
pub struct Overlay {
    /// (METHOD, path, param) → location (`path|query|header|body`), exceptions to the default rules.
    pub param_locations: BTreeMap<(String, String, String), String>,
    /// (operationId, `request|response`) → model name.
    pub model_names: BTreeMap<(String, String), String>,
    /// operationId → (status, type expression) for responses LAP gives as plain text.
    pub response_types: BTreeMap<String, (u16, String)>,
    /// (METHOD, path) → (tag, operationId).
    pub operation_names: BTreeMap<(String, String), (String, String)>,
    /// tag → resource accessor name, where the plural rule does not fit.
    pub resource_names: BTreeMap<String, String>,
    /// operationId → method name, where the stripping rule does not fit.
    pub method_names: BTreeMap<String, String>,
    /// Sorted enum values joined by `/` → enum name.
    pub enum_names: BTreeMap<String, String>,
    /// operationId → bodies and media types the spec does not describe.
    pub request_bodies: BTreeMap<String, RequestBody>,
    /// Corrections of model fields (`field-types.tsv`), in file order.
    pub field_types: Vec<FieldType>,
    /// Models that are discriminated unions (`unions.tsv`), in file order.
    pub unions: Vec<UnionRow>,
}

/// A row of `unions.tsv`: an IR model and the schema of Okta's OpenAPI spec that says its kinds.
#[derive(Debug, Clone)]
pub struct UnionRow {
    /// Where the row is, for errors: `specs/overlay/unions.tsv:LINE`.
    pub at: String,
    pub model: String,
    pub schema: String,
}

/// A row of `field-types.tsv`: the type a model field really has, or a field the spec lacks.
#[derive(Debug, Clone)]
pub struct FieldType {
    /// Where the row is, for errors: `specs/overlay/field-types.tsv:LINE`.
    pub at: String,
    pub model: String,
    /// The wire name.
    pub field: String,
    /// The type expression (see `ir::corrections`).
    pub ty: String,
}

/// A row of `request-bodies.tsv`.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Accepted request media types, the default first; empty for no body.
    pub request_types: Vec<String>,
    /// `json`, `[json]`, `file`, `binary`, `text`, a model name, or `-`.
    pub body: String,
    /// Response media types, the default first; empty for no body.
    pub response_types: Vec<String>,
}

/// `a,b` → `[a, b]`; `-` → `[]`.
fn media_types(cell: &str) -> Vec<String> {
    if cell == "-" {
        return Vec::new();
    }
    cell.split(',').map(|t| t.trim().to_string()).collect()
}

impl Overlay {
    /// Loads every table from `dir`; a missing optional table is empty.
    pub fn load(dir: &Path) -> Result<Overlay, String> {
        let mut overlay = Overlay::default();
        for row in table(dir, "operation-names.tsv", &["method", "path", "tag", "operationId"], true)? {
            overlay.operation_names.insert((row[0].clone(), row[1].clone()), (row[2].clone(), row[3].clone()));
        }
        for row in table(dir, "param-locations.tsv", &["method", "path", "param", "in", "reason"], false)? {
            if !matches!(row[3].as_str(), "path" | "query" | "header" | "body") {
                return Err(format!("param-locations.tsv: `{}` is not path|query|header|body", row[3]));
            }
            overlay.param_locations.insert((row[0].clone(), row[1].clone(), row[2].clone()), row[3].clone());
        }
        for row in table(dir, "model-names.tsv", &["operationId", "role", "name", "reason"], false)? {
            overlay.model_names.insert((row[0].clone(), row[1].clone()), row[2].clone());
        }
        for row in table(dir, "response-types.tsv", &["operationId", "status", "type", "reason"], false)? {
            let status = row[1].parse().map_err(|_| format!("response-types.tsv: bad status `{}`", row[1]))?;
            overlay.response_types.insert(row[0].clone(), (status, row[2].clone()));
        }
        for row in table(dir, "resource-names.tsv", &["tag", "resource", "reason"], false)? {
            overlay.resource_names.insert(row[0].clone(), row[1].clone());
        }
        for row in table(dir, "method-names.tsv", &["operationId", "method", "reason"], false)? {
            overlay.method_names.insert(row[0].clone(), row[1].clone());
        }
        for row in table(dir, "request-bodies.tsv", &["operationId", "request_types", "body", "response_types", "reason"], false)? {
            let body = RequestBody { request_types: media_types(&row[1]), body: row[2].clone(), response_types: media_types(&row[3]) };
            overlay.request_bodies.insert(row[0].clone(), body);
        }
        for row in table(dir, "enum-names.tsv", &["values", "name", "reason"], false)? {
            overlay.enum_names.insert(row[0].clone(), row[1].clone());
        }
        let name = "field-types.tsv";
        for (line, row) in lines(dir, name, &["model", "field", "type", "reason"], false)? {
            let at = format!("{}:{line}", dir.join(name).display());
            if row[3].is_empty() {
                return Err(format!("{at}: every correction needs a reason"));
            }
            overlay.field_types.push(FieldType { at, model: row[0].clone(), field: row[1].clone(), ty: row[2].clone() });
        }
        let name = "unions.tsv";
        for (line, row) in lines(dir, name, &["model", "schema", "reason"], false)? {
            let at = format!("{}:{line}", dir.join(name).display());
            overlay.unions.push(UnionRow { at, model: row[0].clone(), schema: row[1].clone() });
        }
        Ok(overlay)
    }
}

/// Reads one TSV table; checks its header and the column count of every row.
fn table(dir: &Path, name: &str, header: &[&str], required: bool) -> Result<Vec<Vec<String>>, String> {
    Ok(lines(dir, name, header, required)?.into_iter().map(|(_, row)| row).collect())
}

/// [`table`] with the line number (from 1) of each row.
fn lines(dir: &Path, name: &str, header: &[&str], required: bool) -> Result<Vec<(usize, Vec<String>)>, String> {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) if !required => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if !header_seen {
            if cells != header {
                return Err(format!("{}:{}: expected header {:?}", path.display(), index + 1, header.join("\t")));
            }
            header_seen = true;
            continue;
        }
        if cells.len() != header.len() {
            return Err(format!(
                "{}:{}: expected {} tab-separated columns, found {}",
                path.display(),
                index + 1,
                header.len(),
                cells.len()
            ));
        }
        rows.push((index + 1, cells));
    }
    Ok(rows)
}
