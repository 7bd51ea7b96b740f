//! The decoded query string of a request.

use crate::errors::OktaError;

/// Query parameters in request order, percent-decoded.
#[derive(Debug, Default, Clone)]
pub struct Query {
    /// `(name, value)` pairs.
    pub pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a raw query string (`a=1&b=x%20y`).
    pub fn parse(raw: &str) -> Query {
        Query {
            pairs: form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean parameter (`true`/`false`), `default` when absent or unreadable.
    pub fn flag(&self, name: &str, default: bool) -> bool {
        match self.get(name) {
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            _ => default,
        }
    }

    /// The `limit` parameter: `default` when absent, capped at `max`; 400 unless a positive integer.
    pub fn limit(&self, default: usize, max: usize) -> Result<usize, OktaError> {
        match self.get("limit") {
            None => Ok(default),
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n.min(max)),
                _ => Err(OktaError::invalid_field(
                    "limit",
                    "must be a positive integer",
                )),
            },
        }
    }
}
