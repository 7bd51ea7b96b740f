//! Python binding: `bindings/python` (pyo3 resource classes, `.pyi` stubs).

use super::GeneratedFile;
use crate::ir::Ir;

/// The generated files of the Python binding.
pub fn emit(_ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    Ok(Vec::new())
}
