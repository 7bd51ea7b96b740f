//! Codegen time, clean builds and package sizes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::tasks;

use super::*;

/// The crates whose clean builds are timed (`--builds`), with their labels.
pub(super) const CRATES: [(&str, &str); 4] = [
    ("okta-admin", "okta-admin (core)"),
    ("okta-mock", "okta-mock"),
    ("okta-admin-python", "okta-admin-python (binding)"),
    ("okta-admin-node", "okta-admin-node (binding)"),
];

pub(super) struct Builds {
    pub(super) codegen: Vec<f64>,
    /// (crate, profile, seconds)
    pub(super) clean: Vec<(String, String, f64)>,
}

/// Times `cargo xtask codegen` and clean builds in a snapshot of the sources, so that neither
/// touches the work tree nor sees a half-edited file.
pub(super) fn builds(root: &Path, options: &Options) -> Result<Builds, String> {
    let tree = root.join("target/bench/tree");
    let _ = std::fs::remove_dir_all(&tree);
    copy_tree(root, &tree)?;
    let tree_target = path_str(&root.join("target/bench/tree-target"));
    tasks::run(
        &tree,
        "cargo",
        &["build", "-p", "xtask", "--target-dir", &tree_target],
    )?;
    let mut codegen = Vec::new();
    for _ in 0..options.runs.clamp(3, 5) {
        codegen.push(timed(
            &tree,
            "cargo",
            &["xtask", "codegen"],
            &[("CARGO_TARGET_DIR", &tree_target)],
        )?);
    }
    let mut clean = Vec::new();
    let crates = if options.builds { &CRATES[..] } else { &[][..] };
    for &(krate, label) in crates {
        for profile in ["debug", "release"] {
            let target = root.join(format!("target/bench/clean-{krate}-{profile}"));
            let _ = std::fs::remove_dir_all(&target);
            let mut args = vec!["build", "-p", krate];
            if profile == "release" {
                args.push("--release");
            }
            let seconds = timed(
                &tree,
                "cargo",
                &args,
                &[("CARGO_TARGET_DIR", &path_str(&target))],
            )?;
            clean.push((label.to_string(), profile.to_string(), seconds));
            let _ = std::fs::remove_dir_all(&target);
        }
    }
    Ok(Builds { codegen, clean })
}

pub(super) fn timed(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<f64, String> {
    let line = format!("{program} {}", args.join(" "));
    eprintln!("\n==> (timed) {line}   (in {})", dir.display());
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if !status.success() {
        return Err(format!("`{line}` failed with {status}"));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Copies the sources (not `target`, `node_modules`, `.git` nor built extension modules).
pub(super) fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if ["target", "node_modules", ".git"].contains(&name.as_str())
            || name.ends_with(".so")
            || name.ends_with(".node")
        {
            continue;
        }
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

pub(super) struct Sizes {
    /// (what, ours bytes, theirs bytes, theirs label)
    pub(super) rows: Vec<(String, u64, u64, String)>,
}

pub(super) fn sizes(
    root: &Path,
    python: Option<&PythonSetup>,
    node: Option<&NodeSetup>,
) -> Result<Sizes, String> {
    let mut rows = Vec::new();
    if let Some(python) = python {
        let site = site_packages(&root.join("target/venv-bench"))?;
        let ours = dir_size(&site.join("okta_admin"));
        let wheel = file_size(&python.wheel);
        let okta = dir_size(&site.join("okta"));
        // The official SDK's installed dependency closure is everything else in the venv but the
        // venv's own tools (pip, setuptools) and our package.
        let mut with_deps = 0;
        for entry in std::fs::read_dir(&site)
            .map_err(|e| format!("{}: {e}", site.display()))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let tool = [
                "pip",
                "setuptools",
                "_distutils_hack",
                "pkg_resources",
                "okta_admin",
                "distutils-precedence.pth",
            ]
            .iter()
            .any(|t| name == *t || name.starts_with(&format!("{t}-")));
            if !tool {
                with_deps += dir_size(&entry.path());
            }
        }
        rows.push((
            "Python wheel (ours) / `okta` installed".into(),
            wheel,
            okta,
            "package alone".into(),
        ));
        rows.push((
            "Python installed: `okta_admin` / `okta`".into(),
            ours,
            okta,
            "package alone".into(),
        ));
        rows.push((
            "Python installed: `okta_admin` (no deps) / `okta` + deps".into(),
            ours,
            with_deps,
            "with its dependencies".into(),
        ));
    }
    if let Some(node) = node {
        let addon = file_size(&node.addon);
        let package = root.join("bindings/node");
        let js: u64 = [
            "index.js",
            "index.mjs",
            "index.d.ts",
            "lib",
            "src/generated/client.js",
            "package.json",
        ]
        .iter()
        .map(|p| dir_size(&package.join(p)))
        .sum();
        let official = dir_size(&root.join("benches/node/node_modules/@okta/okta-sdk-nodejs"));
        let official_deps = dir_size(&root.join("benches/node/node_modules"));
        rows.push((
            "Node `.node` addon (ours) / `@okta/okta-sdk-nodejs` installed".into(),
            addon,
            official,
            "package alone".into(),
        ));
        rows.push((
            "Node package (addon + JS + types) / `@okta/okta-sdk-nodejs`".into(),
            addon + js,
            official,
            "package alone".into(),
        ));
        rows.push((
            "Node package (no deps) / `@okta/okta-sdk-nodejs` + deps".into(),
            addon + js,
            official_deps,
            "with its dependencies".into(),
        ));
    }
    Ok(Sizes { rows })
}

pub(super) fn site_packages(venv: &Path) -> Result<PathBuf, String> {
    let lib = venv.join("lib");
    let python = find_file(&lib, |name| name.starts_with("python"))?;
    Ok(python.join("site-packages"))
}

/// Apparent size in bytes of a file or a folder (recursively; symlinks not followed).
pub(super) fn dir_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

pub(super) fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
