//! Helpers: a release okta-mock, files, paths.

use std::io::{BufRead, BufReader};
use std::path::Path;
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

pub(super) use crate::tasks::find_file;

pub(super) fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub(super) fn relative(root: &Path, text: &str) -> String {
    text.replace(&format!("{}/", root.display()), "")
}
