//! Shared helpers: a started mock and a reqwest client that talks to it.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use okta_mock::{MockConfig, MockServer};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

/// A running mock with a client.
pub struct Mock {
    pub server: MockServer,
    pub http: reqwest::Client,
}

impl Mock {
    /// Starts a mock with `config`.
    pub async fn start(config: MockConfig) -> Mock {
        let server = MockServer::start(config).await.expect("the mock starts");
        Mock {
            server,
            http: reqwest::Client::new(),
        }
    }

    /// Starts a mock with `users` seeded users.
    pub async fn with_users(users: usize) -> Mock {
        Mock::start(MockConfig {
            seed_users: users,
            ..MockConfig::default()
        })
        .await
    }

    /// `url()` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// A request with the right token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header("Authorization", format!("SSWS {}", self.server.token()))
    }

    /// Sends an authorized request with an optional JSON body; returns the status and JSON.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        json_of(request.send().await.expect("the request is answered")).await
    }

    /// An authorized GET; returns the status and JSON.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }
}

/// Status and JSON body (`null` when empty).
pub async fn json_of(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("the body arrives");
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("the body is JSON")
    };
    (status, value)
}

/// The target of the `Link` header with `rel`, if any.
pub fn link(response: &Response, rel: &str) -> Option<String> {
    let suffix = format!("rel=\"{rel}\"");
    response
        .headers()
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let v = v.trim();
            let end = v.find('>')?;
            v.ends_with(&suffix).then(|| v[1..end].to_string())
        })
}

/// Asserts Okta's error shape with `code`; returns the error causes' summaries.
pub fn assert_okta_error(body: &Value, code: &str) -> Vec<String> {
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["errorLink"], code, "{body}");
    assert!(body["errorSummary"].is_string(), "{body}");
    assert!(
        body["errorId"].as_str().is_some_and(|id| !id.is_empty()),
        "{body}"
    );
    let causes = body["errorCauses"]
        .as_array()
        .expect("errorCauses is an array");
    causes
        .iter()
        .map(|c| {
            c["errorSummary"]
                .as_str()
                .expect("a cause has a summary")
                .to_string()
        })
        .collect()
}
