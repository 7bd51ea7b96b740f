//! `cargo xtask codegen [--check]`: writes every generated file, or checks that none is stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::emit::{self, GeneratedFile, HEADER};
use crate::errors::ErrorKind;
use crate::ir::Ir;

/// Folders whose every file the generator owns; a file there that it no longer emits is stale.
const OWNED_DIRS: &[&str] = &[
    "crates/okta-admin/src/generated",
    "crates/okta-admin-runtime/src/generated",
    "crates/okta-mock/src/generated",
    "bindings/python/python/okta_admin/_resources",
    "bindings/node/src/generated",
    "docs/api",
    "crates/okta-admin-cli/src/generated",
];

/// All generated files, in a stable order.
pub fn generate(ir: &Ir, errors: &[ErrorKind]) -> Result<Vec<GeneratedFile>, String> {
    let mut files = emit::runtime::emit(ir, errors);
    files.extend(emit::errors::emit(errors));
    files.extend(emit::rust_models::emit(ir)?);
    files.extend(emit::rust_api::emit(ir)?);
    files.push(emit::mock_ir::emit(ir)?);
    files.extend(emit::python::emit(ir)?);
    files.extend(emit::node::emit(ir)?);
    files.extend(emit::docs::emit(ir)?);
    files.extend(emit::cli::emit(ir));
    files.push(emit::rust_calls_test::emit(ir));
    files.push(emit::rust_lenient_test::emit(ir));
    files.extend(emit::union_cases::emit(ir)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Writes the files under `root` (or, with `check`, compares them) and reports what changed.
pub fn run(root: &Path, ir: &Ir, check: bool) -> Result<(), String> {
    let started = Instant::now();
    let errors = crate::errors::load(&root.join("specs/errors.tsv"))?;
    let files = generate(ir, &errors)?;
    let mut stale = Vec::new();
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    for file in &files {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        if check {
            stale.push(format!("{}{}", file.path, first_difference(current.as_deref(), &file.contents)));
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    for dir in OWNED_DIRS {
        for path in files_under(&root.join(dir)) {
            if !wanted.contains(&path) {
                if check {
                    stale.push(format!("{} (no longer generated)", path.display()));
                } else {
                    std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                }
            }
        }
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    eprintln!(
        "codegen: {} operations, {} models, {} files, {lines} lines in {:.0?}",
        ir.operations.len(),
        ir.models.len(),
        files.len(),
        started.elapsed()
    );
    if check && !stale.is_empty() {
        return Err(format!(
            "{} generated file(s) are stale; run `cargo xtask codegen`:\n  {}",
            stale.len(),
            stale.join("\n  ")
        ));
    }
    debug_assert!(files.iter().all(|f| f.contents.starts_with(HEADER) || !f.path.ends_with(".rs")));
    Ok(())
}

/// `: line N: expected … found …` for a stale file, or `: missing`.
fn first_difference(current: Option<&str>, wanted: &str) -> String {
    let Some(current) = current else { return ": missing".into() };
    let mut current_lines = current.lines();
    for (n, line) in wanted.lines().enumerate() {
        match current_lines.next() {
            Some(have) if have == line => continue,
            have => {
                return format!("\n    line {}: -{}\n    line {}: +{}", n + 1, have.unwrap_or("<end of file>"), n + 1, line)
            }
        }
    }
    format!("\n    line {}: extra lines at the end", wanted.lines().count() + 1)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The committed generated files are exactly what `cargo xtask codegen` writes.
    #[test]
    fn generated_files_are_fresh() {
        let ir = crate::load_ir().expect("specs/ resolve");
        if let Err(stale) = super::run(&crate::workspace_root(), &ir, true) {
            panic!("{stale}");
        }
    }
}
