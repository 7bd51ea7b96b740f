//! Okta's error responses: `{errorCode, errorSummary, errorLink, errorId, errorCauses}`.

use serde_json::json;

use crate::reply::Reply;

/// An error the mock answers with, in Okta's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OktaError {
    /// HTTP status.
    pub status: u16,
    /// Okta's error code (`E0000007`).
    pub code: &'static str,
    /// The `errorSummary`.
    pub summary: String,
    /// The `errorSummary` of each entry of `errorCauses`.
    pub causes: Vec<String>,
}

impl OktaError {
    /// An error without causes.
    pub fn new(status: u16, code: &'static str, summary: impl Into<String>) -> OktaError {
        OktaError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    /// 404 `E0000007` for a resource (an id, a path) that does not exist.
    pub fn not_found(what: &str) -> OktaError {
        OktaError::new(
            404,
            "E0000007",
            format!("Not found: Resource not found: {what}"),
        )
    }

    /// 400 `E0000001` with one cause per `(field, message)`.
    pub fn validation(causes: Vec<(String, String)>) -> OktaError {
        let field = causes
            .first()
            .map_or("request", |(field, _)| field.as_str());
        OktaError {
            status: 400,
            code: "E0000001",
            summary: format!("Api validation failed: {field}"),
            causes: causes
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect(),
        }
    }

    /// 400 `E0000001` for one field.
    pub fn invalid_field(field: &str, message: &str) -> OktaError {
        OktaError::validation(vec![(field.to_string(), message.to_string())])
    }

    /// 401 `E0000011`.
    pub fn invalid_token() -> OktaError {
        OktaError::new(401, "E0000011", "Invalid token provided")
    }

    /// 405 `E0000022`.
    pub fn method_not_allowed() -> OktaError {
        OktaError::new(
            405,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// 415 `E0000001`: the request's `Content-Type` (`sent`) is not one of `accepted`.
    pub fn unsupported_media_type(sent: &str, accepted: &[String]) -> OktaError {
        let list = accepted.join(", ");
        OktaError {
            causes: vec![format!("Content-Type: must be one of {list}")],
            ..OktaError::new(
                415,
                "E0000001",
                format!("Unsupported media type '{sent}': the endpoint accepts {list}"),
            )
        }
    }

    /// 406 `E0000001`: the request's `Accept` (`sent`) allows none of the types in `offered`.
    pub fn not_acceptable(sent: &str, offered: &[String]) -> OktaError {
        let list = offered.join(", ");
        OktaError {
            causes: vec![format!("Accept: must allow one of {list}")],
            ..OktaError::new(
                406,
                "E0000001",
                format!(
                    "Not acceptable '{}': the endpoint answers with {list}",
                    sent.trim()
                ),
            )
        }
    }

    /// 429 `E0000047`.
    pub fn rate_limited() -> OktaError {
        OktaError::new(
            429,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// 400 `E0000031` for a `filter`/`search` expression the mock cannot read.
    pub fn invalid_search(cause: String) -> OktaError {
        OktaError {
            causes: vec![cause],
            ..OktaError::new(400, "E0000031", "Invalid search criteria.")
        }
    }

    /// The error Okta answers with for an arbitrary status (fault injection).
    pub fn for_status(status: u16) -> OktaError {
        match status {
            400 => OktaError::validation(vec![("request".into(), "injected fault".into())]),
            401 => OktaError::invalid_token(),
            403 => OktaError::new(
                403,
                "E0000006",
                "You do not have permission to perform the requested action",
            ),
            404 => OktaError::not_found("injected fault"),
            405 => OktaError::method_not_allowed(),
            429 => OktaError::rate_limited(),
            500..=599 => OktaError::new(status, "E0000009", "Internal Server Error"),
            _ => OktaError::new(
                status,
                "E0000009",
                format!("Injected error with status {status}"),
            ),
        }
    }

    /// The JSON response; `request_id` becomes the `errorId`.
    pub fn into_reply(self, request_id: &str) -> Reply {
        let causes: Vec<_> = self
            .causes
            .iter()
            .map(|c| json!({ "errorSummary": c }))
            .collect();
        Reply::json(
            self.status,
            &json!({
                "errorCode": self.code,
                "errorSummary": self.summary,
                "errorLink": self.code,
                "errorId": format!("oae{request_id}"),
                "errorCauses": causes,
            }),
        )
    }
}
