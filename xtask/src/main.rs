//! `cargo xtask`: the project's generator and task runner.
//!
//! - `cargo xtask codegen [--check]`: regenerate every generated file from `specs/`
//!   (with `--check`, fail and show a diff when a committed file is stale).
//! - `cargo xtask ir`: print the resolved IR as JSON.
//! - `cargo xtask test`: every test in every language (installs what it needs).
//! - `cargo xtask demo`: build everything, start `okta-mock`, run one scenario in each language.
//! - `cargo xtask bench`: benchmarks against Okta's official SDKs; writes `BENCHMARKS.md`.
//! - `cargo xtask version`, `dist`, `packages`: the release steps (see `release.rs`).

mod bench;
mod codegen;
mod emit;
mod errors;
mod ir;
mod lap;
mod openapi;
mod overlay;
mod release;
mod tasks;

use std::process::ExitCode;

/// The help text; its command lines also tell the workflow test which commands exist.
pub const USAGE: &str = "usage: cargo xtask <command>
  codegen [--check]  regenerate every generated file from specs/ (--check: fail when one is stale)
  ir                 print the resolved IR as JSON
  test [rust|python|node|packages] [--prebuilt]
                     every test in every language (or the parts named; --prebuilt: test the
                     artifacts `dist` built instead of building them)
  demo               build everything, start okta-mock, run one scenario in Rust, Python and Node
  bench              benchmarks against Okta's official SDKs; writes BENCHMARKS.md
  version [X.Y.Z | --check TAG]
                     print the version, set it in every manifest, or check a release tag against it
  dist python|sdist|node [--target TRIPLE] [--manylinux 2014]
                     build one release artifact into target/dist (as the release workflow does)
  packages           check what the crates, the sdist and the npm package hold";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["ir"] => print_ir(),
        ["test", parts @ ..] => tasks::test(&workspace_root(), parts),
        ["demo"] => tasks::demo(&workspace_root()),
        ["bench", ..] => bench::run(&workspace_root()),
        ["version", rest @ ..] => release::version(&workspace_root(), rest),
        ["dist", rest @ ..] => release::dist(&workspace_root(), rest),
        ["packages"] => release::packages(&workspace_root()),
        ["codegen"] => load_ir().and_then(|ir| codegen::run(&workspace_root(), &ir, false)),
        ["codegen", "--check"] => load_ir().and_then(|ir| codegen::run(&workspace_root(), &ir, true)),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command or flag `{}`\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate), so the tasks work from any directory.
fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(|p| p.to_path_buf()).unwrap_or_default()
}

/// Reads `specs/` and resolves it into the IR.
fn load_ir() -> Result<ir::Ir, String> {
    let root = workspace_root();
    let spec_path = "specs/okta-management-5.1.0.lap";
    let text = std::fs::read_to_string(root.join(spec_path)).map_err(|e| format!("{spec_path}: {e}"))?;
    let doc = lap::parse(spec_path, &text).map_err(|e| e.to_string())?;
    let overlay = overlay::Overlay::load(&root.join("specs/overlay"))?;
    let api = openapi::load(&root.join(openapi::SPEC))?;
    ir::build(&doc, &overlay, &api)
}

fn print_ir() -> Result<(), String> {
    let ir = load_ir()?;
    let json = serde_json::to_string_pretty(&ir).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}
