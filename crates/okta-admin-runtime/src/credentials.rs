//! [`Auth`]: how requests authenticate (SSWS, bearer or OAuth 2.0 client credentials).

use std::fmt;

use reqwest::header::HeaderValue;

use crate::auth::OAuth;
use crate::error::{Error, Result};

/// How requests authenticate. `Debug` never shows a token, key or assertion.
///
/// More variants may be added; match with a `_` arm, or use [`Auth::authorization_mode`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// An Okta API token, sent as `Authorization: SSWS <token>`.
    Ssws(String),
    /// An OAuth 2.0 access token obtained elsewhere, sent as `Authorization: Bearer <token>`.
    Bearer(String),
    /// OAuth 2.0 client credentials of a service app: access tokens are fetched with a
    /// private-key JWT (or a pre-signed client assertion), cached and renewed, optionally
    /// bound with DPoP.
    OAuth(OAuth),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Ssws(_) => f.write_str("Ssws(<redacted>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::OAuth(oauth) => f.debug_tuple("OAuth").field(oauth).finish(),
        }
    }
}

impl Auth {
    /// The `authorizationMode` of Okta's SDKs: `SSWS`, `Bearer`, `PrivateKey` or `JWT`.
    pub fn authorization_mode(&self) -> &'static str {
        match self {
            Auth::Ssws(_) => "SSWS",
            Auth::Bearer(_) => "Bearer",
            Auth::OAuth(oauth) => oauth.authorization_mode(),
        }
    }

    /// The fixed `Authorization` header value (`None` for OAuth, whose header changes with
    /// the access token), marked sensitive so that it is never logged.
    pub(crate) fn header_value(&self) -> Result<Option<HeaderValue>> {
        let (scheme, token) = match self {
            Auth::Ssws(token) => ("SSWS", token),
            Auth::Bearer(token) => ("Bearer", token),
            Auth::OAuth(_) => return Ok(None),
        };
        if token.trim().is_empty() {
            return Err(Error::Config(format!("the {scheme} token is empty")));
        }
        let mut value =
            HeaderValue::from_str(&format!("{scheme} {}", token.trim())).map_err(|_| {
                Error::Config(format!(
                    "the {scheme} token contains characters that are not allowed in an HTTP header"
                ))
            })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }
}

