//! Helpers: a release okta-mock, files, paths.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A release `okta-mock` process, killed on drop.
pub(super) struct Mock {
    pub(super) child: Child,
    pub(super) url: String,
}

impl Mock {
    pub(super) fn start(binary: &Path, args: &[&str]) -> Result<Mock, String> {
        let mut child = Command::new(binary)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("okta-mock has no stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        if !url.starts_with("http://") {
            let _ = child.kill();
            return Err(format!(
                "okta-mock printed `{}` instead of its URL",
                line.trim()
            ));
        }
        // Keep draining its output so that the pipe never fills up.
        std::thread::spawn(move || for _ in reader.lines() {});
        Ok(Mock { child, url })
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(super) fn find_file(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter(|e| matches(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
        .pop()
        .ok_or_else(|| format!("nothing expected was built in {}", dir.display()))
}

pub(super) fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub(super) fn relative(root: &Path, text: &str) -> String {
    text.replace(&format!("{}/", root.display()), "")
}
