//! Node binding: `bindings/node` (napi-rs resource classes, `index.d.ts`, JS wrappers).

use super::GeneratedFile;
use crate::ir::Ir;

/// The generated files of the Node binding.
pub fn emit(_ir: &Ir) -> Result<Vec<GeneratedFile>, String> {
    Ok(Vec::new())
}
