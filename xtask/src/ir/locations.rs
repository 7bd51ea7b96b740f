//! Where each listed parameter goes: default rules, then the overlay's reviewed exceptions.

use super::Location;
use crate::overlay::Overlay;

/// The location of a listed top-level name on `method path`.
///
/// Rules: the overlay wins; a name equal to a `{var}` of the path is that path param; a name
/// starting with an uppercase letter or holding `-` is a header; on GET/DELETE/HEAD everything
/// else is a query param; on POST/PUT/PATCH a body field.
pub fn locate(overlay: &Overlay, method: &str, path: &str, name: &str, path_vars: &[String]) -> Location {
    if let Some(location) = overlay.param_locations.get(&(method.to_string(), path.to_string(), name.to_string())) {
        return match location.as_str() {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            _ => Location::Body,
        };
    }
    if path_vars.iter().any(|v| v == name) {
        Location::Path
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('-') {
        Location::Header
    } else if matches!(method, "GET" | "DELETE" | "HEAD" | "OPTIONS") {
        Location::Query
    } else {
        Location::Body
    }
}

/// The `{var}` names of a path template, in order.
pub fn path_vars(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(var, _)| var.to_string()).collect()
}
