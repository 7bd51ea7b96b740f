//! `specs/errors.tsv`: the error taxonomy, defined once for the core and every binding.

use std::path::Path;

/// One kind of error.
#[derive(Debug, Clone)]
pub struct ErrorKind {
    /// The Rust `ErrorKind` variant (`NotFound`).
    pub kind: String,
    /// The stable code (`not_found`).
    pub code: String,
    /// The class name in Python and Node (`NotFoundError`).
    pub class: String,
    /// The base class (`ApiError`, `OktaError`).
    pub parent: String,
    /// The HTTP status it stands for: a number, `5xx`, or none.
    pub status: Option<String>,
    /// An extra Python builtin base (`TimeoutError`), if any.
    pub python_base: Option<String>,
    /// The attributes the class adds: camelCase name and type (`str`, `int`, `causes`).
    pub fields: Vec<(String, String)>,
    /// One line of documentation.
    pub doc: String,
}

/// Reads the table; every class's parent must be `OktaError` or an earlier class.
pub fn load(path: &Path) -> Result<Vec<ErrorKind>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut kinds: Vec<ErrorKind> = Vec::new();
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let at = || format!("{}:{}", path.display(), n + 1);
        if cells.len() != 8 {
            return Err(format!("{}: expected 8 tab-separated cells, found {}", at(), cells.len()));
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let optional = |cell: &str| (cell != "-").then(|| cell.to_string());
        let parent = cells[3].to_string();
        if parent != "OktaError" && !kinds.iter().any(|k| k.class == parent) {
            return Err(format!("{}: parent `{parent}` is not OktaError or an earlier class", at()));
        }
        kinds.push(ErrorKind {
            kind: cells[0].into(),
            code: cells[1].into(),
            class: cells[2].into(),
            parent,
            status: optional(cells[4]),
            python_base: optional(cells[5]),
            fields: match cells[6] {
                "-" => Vec::new(),
                list => list
                    .split(',')
                    .map(|f| match f.split_once(':') {
                        Some((name, ty @ ("str" | "int" | "causes"))) => Ok((name.to_string(), ty.to_string())),
                        _ => Err(format!("{}: field `{f}` is not `name:str|int|causes`", at())),
                    })
                    .collect::<Result<_, _>>()?,
            },
            doc: cells[7].into(),
        });
    }
    Ok(kinds)
}
