//! Helpers: a release okta-mock, files, paths.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A server process (a release `okta-mock`, or `okta-bench canned`) that prints its URL as the
/// last word of its first line; killed on drop.
pub(super) struct Mock {
    pub(super) child: Child,
    pub(super) url: String,
}

impl Mock {
    /// A release `okta-mock` on a free port.
    pub(super) fn start(binary: &Path, args: &[&str]) -> Result<Mock, String> {
        Self::spawn(binary, &[&["--port", "0"], args].concat())
    }

    /// Any server that announces its URL on its first line.
    pub(super) fn spawn(binary: &Path, args: &[&str]) -> Result<Mock, String> {
        let mut child = Command::new(binary)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let name = binary.file_name().map_or_else(|| binary.display().to_string(), |n| n.to_string_lossy().into_owned());
        let stdout = child.stdout.take().ok_or_else(|| format!("{name} has no stdout"))?;
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
            return Err(format!("{name} printed `{}` instead of its URL", line.trim()));
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

pub(super) use crate::tasks::find_file;

pub(super) fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub(super) fn relative(root: &Path, text: &str) -> String {
    text.replace(&format!("{}/", root.display()), "")
}
