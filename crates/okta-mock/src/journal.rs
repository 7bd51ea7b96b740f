//! The request journal: every API request as received, for tests to assert on.

use std::collections::VecDeque;
use std::sync::Mutex;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};

/// How many requests the journal keeps; older ones are forgotten first.
const CAPACITY: usize = 100_000;

/// One request as the mock received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method (`GET`).
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The raw query string without `?` (empty when there is none).
    pub query: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The JSON form `GET /__mock/requests` lists:
    /// `{method, path, query, target, headers, body, body_utf8, body_base64}`. Repeated headers
    /// are joined with `, `. `body` is the body as text; when it is not UTF-8 (uploads, DER
    /// certificates) invalid sequences are replaced and `body_utf8` is `false`, so `body` is
    /// exact only when `body_utf8` is `true`. `body_base64` is always the exact bytes (standard
    /// base64 with padding).
    pub fn to_json(&self) -> Value {
        let mut headers = Map::new();
        for (name, value) in &self.headers {
            match headers.get_mut(name) {
                Some(Value::String(joined)) => {
                    joined.push_str(", ");
                    joined.push_str(value);
                }
                _ => {
                    headers.insert(name.clone(), Value::String(value.clone()));
                }
            }
        }
        let target = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        json!({
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "target": target,
            "headers": headers,
            "body": String::from_utf8_lossy(&self.body),
            "body_utf8": std::str::from_utf8(&self.body).is_ok(),
            "body_base64": STANDARD.encode(&self.body),
        })
    }
}

/// The recorded requests, oldest first.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl Journal {
    /// Records a request.
    pub fn record(&self, request: RecordedRequest) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    /// A copy of the recorded requests.
    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// How many requests are recorded.
    pub fn count(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Forgets every recorded request.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
