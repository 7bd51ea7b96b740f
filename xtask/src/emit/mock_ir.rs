//! The IR, embedded in `okta-mock` so that the mock serves exactly the operations the clients call.

use super::{GeneratedFile, HEADER};
use crate::ir::Ir;

/// `crates/okta-mock/src/generated/ir.rs`: `pub const IR_JSON: &str` holding the compact IR.
pub fn emit(ir: &Ir) -> Result<GeneratedFile, String> {
    let json = serde_json::to_string(ir).map_err(|e| e.to_string())?;
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    Ok(GeneratedFile {
        path: "crates/okta-mock/src/generated/ir.rs".into(),
        contents: format!(
            "{HEADER}\n//! The resolved IR of the spec (the JSON that `cargo xtask ir` prints), compact.\n\n/// The IR as JSON.\npub const IR_JSON: &str = r{hashes}\"{json}\"{hashes};\n"
        ),
    })
}
