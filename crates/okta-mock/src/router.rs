//! Matches a request path against the operations' path templates.
//!
//! A `{var}` segment matches one non-empty raw (percent-encoded) segment; literal segments win
//! over variables, and matching backtracks to a variable when the literal branch has no route.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use crate::ir::Operation;

/// The outcome of matching a method and path.
#[derive(Debug)]
pub enum Match {
    /// An operation answers the method at this path.
    Found {
        /// Index into the IR's operations.
        op: usize,
        /// The path variables, percent-decoded, in path order.
        params: Vec<(String, String)>,
    },
    /// The path exists but not with this method; the methods it allows.
    MethodNotAllowed(Vec<String>),
    /// No template matches the path.
    NotFound,
}

/// A segment trie over all path templates.
#[derive(Debug, Default)]
pub struct Router {
    literals: HashMap<String, Router>,
    variable: Option<(String, Box<Router>)>,
    /// (method, operation index) of templates ending here.
    ops: Vec<(String, usize)>,
}

impl Router {
    /// Builds the trie of every operation's path.
    pub fn new(operations: &[Operation]) -> Router {
        let mut root = Router::default();
        for (index, op) in operations.iter().enumerate() {
            let mut node = &mut root;
            for segment in segments(&op.path) {
                node = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(var) => {
                        let slot = node
                            .variable
                            .get_or_insert_with(|| (var.to_string(), Box::default()));
                        &mut slot.1
                    }
                    None => node.literals.entry(segment.to_string()).or_default(),
                };
            }
            node.ops.push((op.method.clone(), index));
        }
        root
    }

    /// Finds the operation for `method` at the raw (percent-encoded) `path`.
    pub fn find(&self, method: &str, path: &str) -> Match {
        let raw: Vec<&str> = segments(path).collect();
        let mut allowed = Vec::new();
        let mut params = Vec::new();
        match self.walk(method, &raw, &mut params, &mut allowed) {
            Some(op) => Match::Found {
                op,
                params: params.into_iter().rev().collect(),
            },
            None if allowed.is_empty() => Match::NotFound,
            None => Match::MethodNotAllowed(allowed),
        }
    }

    /// Depth-first search, literal branch first; `params` is filled in reverse on success.
    fn walk(
        &self,
        method: &str,
        rest: &[&str],
        params: &mut Vec<(String, String)>,
        allowed: &mut Vec<String>,
    ) -> Option<usize> {
        let Some((first, tail)) = rest.split_first() else {
            if let Some((_, op)) = self.ops.iter().find(|(m, _)| m == method) {
                return Some(*op);
            }
            for (m, _) in &self.ops {
                if !allowed.contains(m) {
                    allowed.push(m.clone());
                }
            }
            return None;
        };
        let decoded = percent_decode_str(first).decode_utf8_lossy();
        if let Some(child) = self.literals.get(decoded.as_ref()) {
            if let Some(op) = child.walk(method, tail, params, allowed) {
                return Some(op);
            }
        }
        let (name, child) = self.variable.as_ref()?;
        if first.is_empty() {
            return None;
        }
        let op = child.walk(method, tail, params, allowed)?;
        params.push((name.clone(), decoded.into_owned()));
        Some(op)
    }
}

/// The segments after the leading slash (`/a/b` → `a`, `b`; `/` → one empty segment).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Api;

    #[test]
    fn every_operation_is_routed_to_itself() {
        let api = Api::load().expect("the embedded IR parses");
        let router = Router::new(&api.ir.operations);
        for (index, op) in api.ir.operations.iter().enumerate() {
            let path: Vec<String> = segments(&op.path)
                .map(|s| {
                    if s.starts_with('{') {
                        "x%2F1".to_string()
                    } else {
                        s.to_string()
                    }
                })
                .collect();
            match router.find(&op.method, &format!("/{}", path.join("/"))) {
                Match::Found { op: found, params } => {
                    assert_eq!(found, index, "{} {}", op.method, op.path);
                    assert!(params.iter().all(|(_, value)| value == "x/1"));
                }
                other => panic!("{} {}: {other:?}", op.method, op.path),
            }
        }
        assert_eq!(api.ir.operations.len(), 705);
    }

    #[test]
    fn literal_beats_variable_and_method_mismatch_is_405() {
        let api = Api::load().expect("the embedded IR parses");
        let router = Router::new(&api.ir.operations);
        let id_of = |m: Match| match m {
            Match::Found { op, .. } => api.ir.operations[op].id.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            id_of(router.find("POST", "/api/v1/users/me/lifecycle/delete_sessions")),
            "endUserSessions"
        );
        assert_eq!(id_of(router.find("GET", "/api/v1/users/me")), "getUser");
        assert!(
            matches!(router.find("PATCH", "/api/v1/users"), Match::MethodNotAllowed(m) if m == ["GET", "POST"])
        );
        assert!(matches!(
            router.find("GET", "/api/v2/users"),
            Match::NotFound
        ));
    }
}
