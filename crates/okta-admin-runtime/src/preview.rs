//! [`Client::preview`]: the request a call would send, shown without sending it (a CLI's
//! `--dry-run`), with every credential redacted.

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};

use crate::client::{Client, DEFAULT_ACCEPT};
use crate::config::Auth;
use crate::error::Result;
use crate::request::Call;

/// Stands in for every secret in a [`Preview`].
pub const REDACTED: &str = "<redacted>";

/// The request a call would send: method, URL, headers (credentials redacted) and body.
#[derive(Debug, Clone)]
pub struct Preview {
    /// `GET`, `POST`, …
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// Header names (lower case) and values, in sending order; credentials are [`REDACTED`].
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Bytes>,
}

impl Client {
    /// The request `call` would send, checked as sending checks it (a mistake in the call is
    /// the same [`Error::InvalidRequest`](crate::Error::InvalidRequest)), but nothing is sent:
    /// no access token is fetched either.
    pub fn preview(&self, call: Call) -> Result<Preview> {
        let prepared = self.with_call_options(call).prepare(self.config().org_url())?;
        let mut headers = vec![(USER_AGENT.as_str().to_owned(), self.config().user_agent().to_owned())];
        if !prepared.headers.contains_key(ACCEPT) {
            headers.push((ACCEPT.as_str().to_owned(), DEFAULT_ACCEPT.to_owned()));
        }
        let scheme = match self.config().auth() {
            Auth::Ssws(_) => "SSWS",
            Auth::Bearer(_) => "Bearer",
            Auth::OAuth(oauth) if oauth.dpop() => "DPoP",
            Auth::OAuth(_) => "Bearer",
        };
        if !prepared.headers.contains_key(AUTHORIZATION) {
            headers.push((AUTHORIZATION.as_str().to_owned(), format!("{scheme} {REDACTED}")));
        }
        if scheme == "DPoP" {
            headers.push(("dpop".to_owned(), REDACTED.to_owned()));
        }
        for (name, value) in &prepared.headers {
            let shown = if name == AUTHORIZATION { REDACTED.to_owned() } else { String::from_utf8_lossy(value.as_bytes()).into_owned() };
            headers.push((name.as_str().to_owned(), shown));
        }
        Ok(Preview { method: prepared.method.to_string(), url: prepared.url.to_string(), headers, body: prepared.body })
    }
}
