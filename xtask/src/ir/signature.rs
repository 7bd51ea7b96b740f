//! An operation's shape as every emitter prints it, computed once: the path template's
//! segments and the signature (required and optional arguments, body fields, what it returns).

use serde::Serialize;

use super::{Location, Operation, TypeRef};

/// A path template, split at its `{param}` markers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

/// One piece of a path template.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Segment {
    /// Text copied as is (`/api/v1/users/`).
    Literal(String),
    /// A path parameter's wire name (`id`), percent-encoded as one segment.
    Param(String),
}

impl PathTemplate {
    /// Splits `/api/v1/users/{id}/roles` into literals and parameters.
    pub fn parse(path: &str) -> PathTemplate {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            if open > 0 {
                segments.push(Segment::Literal(rest[..open].to_string()));
            }
            segments.push(Segment::Param(rest[open + 1..open + close].to_string()));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        PathTemplate { segments }
    }

    /// The template with `{}` for each parameter (what `okta_admin_runtime::Call::new` takes).
    pub fn with_markers(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(text) => text.as_str(),
                Segment::Param(_) => "{}",
            })
            .collect()
    }
}

/// What a 2xx response becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Returns {
    /// Nothing.
    #[default]
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// Text (text formats and non-JSON media types such as XML or PKCS#10).
    Text,
    /// Bytes.
    Binary,
    /// The items of every page of a `Link`-paged list, of this item type.
    Pages(TypeRef),
}

/// The arguments of an operation, as indices into `Operation::params`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signature {
    /// Path params in path order, then required query and header params: positional in every
    /// language.
    pub required: Vec<usize>,
    /// Optional query and header params.
    pub optional: Vec<usize>,
    /// Fields of the JSON body model.
    pub fields: Vec<usize>,
    pub returns: Returns,
}

impl Signature {
    /// The signature of `op` (whose params, body and response are resolved).
    pub fn of(op: &Operation) -> Signature {
        let indices = |keep: &dyn Fn(&super::Param) -> bool| -> Vec<usize> {
            op.params.iter().enumerate().filter(|(_, p)| keep(p)).map(|(i, _)| i).collect()
        };
        let scalar = |p: &super::Param| matches!(p.location, Location::Query | Location::Header);
        let mut required = indices(&|p| p.location == Location::Path);
        required.extend(indices(&|p| scalar(p) && p.required));
        Signature {
            required,
            optional: indices(&|p| scalar(p) && !p.required),
            fields: indices(&|p| p.location == Location::Body),
            returns: returns(op),
        }
    }
}

fn returns(op: &Operation) -> Returns {
    let json_reply = op.response_content_types.first().is_none_or(|t| t.contains("json"));
    if let Some(page) = &op.body_page {
        return Returns::Pages(page.items.clone());
    }
    match &op.response.ty {
        None => Returns::Empty,
        Some(TypeRef::String { format: Some(f) }) if f == "binary" => Returns::Binary,
        Some(TypeRef::String { format: Some(f) }) if f == "text" => Returns::Text,
        Some(_) if !json_reply => Returns::Text,
        Some(TypeRef::Array { items }) if op.paginated => Returns::Pages((**items).clone()),
        Some(ty) => Returns::Json(ty.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::PathTemplate;

    #[test]
    fn templates_replace_each_path_param() {
        assert_eq!(PathTemplate::parse("/api/v1/users").with_markers(), "/api/v1/users");
        assert_eq!(PathTemplate::parse("/api/v1/apps/{appId}/users/{userId}").with_markers(), "/api/v1/apps/{}/users/{}");
        assert_eq!(PathTemplate::parse("/x/{a}.json").with_markers(), "/x/{}.json");
    }
}
