//! A compile-time test that every `calls.rust` entry of the IR names a real method:
//! `crates/okta-admin/tests/calls.rs`.

use super::GeneratedFile;
use crate::ir::Ir;

/// One `let _ = Type::method;` per operation, written from the IR's `calls.rust` strings.
pub fn emit(ir: &Ir) -> GeneratedFile {
    let mut lines = Vec::new();
    for resource in &ir.resources {
        for &index in &resource.operations {
            let call = &ir.operations[index].calls.rust;
            let (accessor, method) = call.split_once("().").unwrap_or((call, ""));
            lines.push(format!(
                "    let _ = okta_admin::Client::{accessor};\n    let _ = okta_admin::api::{}::{method};",
                resource.type_name
            ));
        }
    }
    GeneratedFile {
        path: "crates/okta-admin/tests/calls.rs".into(),
        contents: format!(
            "{}\n//! Every `calls.rust` entry of the IR (`cargo xtask ir`) resolves to a real accessor and method:\n//! this file stops compiling when the two drift apart.\n\n#[test]\nfn every_ir_call_path_is_a_real_method() {{\n{}\n    assert_eq!({}, {});\n}}\n",
            super::HEADER,
            lines.join("\n"),
            lines.len(),
            ir.operations.len()
        ),
    }
}
