//! `POST /oauth2/v1/token`: the client credentials grant with a private-key JWT (RFC 7523),
//! checked like Okta does, and DPoP-bound tokens (RFC 9449).
//!
//! The assertion must be signed (RS256 or ES256) with the public key registered for its
//! `iss` = `sub` client id, name the token URL as `aud`, expire within the next hour, and carry
//! a `jti` never seen before. Errors are `{"error", "error_description"}`: 401
//! `invalid_client` (unknown client, bad signature or claims), 400 `invalid_client` (reused
//! `jti`), 400 `invalid_scope`, 400 `invalid_dpop_proof`, 400 `use_dpop_nonce` (with a
//! `DPoP-Nonce` header), 400 `invalid_request` / `unsupported_grant_type`.
//!
//! A client registered with `dpop` must send a `DPoP` proof; any client that sends a valid one
//! gets a DPoP-bound token (`token_type` `DPoP`), as RFC 9449 allows.

use std::collections::HashMap;

use hyper::header::CONTENT_TYPE;
use hyper::http::request::Parts;
use hyper::Method;
use serde_json::{json, Value};

use super::dpop::{self, Expected, Refused};
use super::jws::{self, Jws};
use super::{urls, OAuthError, OAuthState, Registered, TOKEN_PATH};
use crate::reply::Reply;

/// `client_assertion_type` of a private-key JWT.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How far ahead an assertion may expire.
const MAX_ASSERTION_LIFETIME_SECS: i64 = 3600;
/// Clock skew tolerated on `exp` and `iat`.
const SKEW_SECS: i64 = 5;

/// Answers a token request.
pub fn handle(state: &OAuthState, base_url: &str, parts: &Parts, body: &[u8]) -> Reply {
    match issue(state, base_url, parts, body) {
        Ok(reply) => reply,
        Err(error) => error.into_reply(),
    }
}

fn issue(
    state: &OAuthState,
    base_url: &str,
    parts: &Parts,
    body: &[u8],
) -> Result<Reply, OAuthError> {
    if parts.method != Method::POST {
        return Err(OAuthError::new(
            405,
            "invalid_request",
            "the token endpoint only accepts POST",
        )
        .with_header("allow", "POST".into()));
    }
    let form_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Err(OAuthError::request(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let form = read_form(body)?;
    let field = |name: &str| form.get(name).map(String::as_str);
    match field("grant_type") {
        Some("client_credentials") => {}
        None => return Err(OAuthError::request("grant_type is required")),
        Some(other) => {
            return Err(OAuthError::new(
                400,
                "unsupported_grant_type",
                format!("grant_type {other:?} is not supported (client_credentials only)"),
            ))
        }
    }
    if field("client_assertion_type") != Some(JWT_BEARER) {
        return Err(OAuthError::client(format!(
            "client_assertion_type must be {JWT_BEARER}"
        )));
    }
    let assertion = field("client_assertion")
        .ok_or_else(|| OAuthError::client("client_assertion is required"))?;
    let now = jws::now_secs();
    let token_urls = urls(base_url, &parts.headers, TOKEN_PATH);
    let client = authenticate(state, assertion, field("client_id"), &token_urls, now)?;
    let scope = granted_scope(&client, field("scope"))?;
    let jkt = match dpop::header(&parts.headers) {
        Err(Refused::Missing) if client.dpop => {
            return Err(OAuthError::new(
                400,
                "invalid_dpop_proof",
                "The DPoP proof JWT header is missing.",
            ))
        }
        Err(Refused::Missing) => None,
        _ => {
            let expected = Expected {
                method: "POST",
                urls: &token_urls,
                access_token: None,
                jkt: None,
            };
            match dpop::check(state, &parts.headers, &expected, now) {
                Ok(jkt) => Some(jkt),
                Err(Refused::Nonce(nonce)) => {
                    return Err(OAuthError::new(
                        400,
                        "use_dpop_nonce",
                        "Authorization server requires nonce in DPoP proof.",
                    )
                    .with_header("dpop-nonce", nonce))
                }
                Err(Refused::Invalid(why)) => {
                    return Err(OAuthError::new(400, "invalid_dpop_proof", why))
                }
                Err(Refused::Missing) => {
                    return Err(OAuthError::new(
                        400,
                        "invalid_dpop_proof",
                        "send exactly one DPoP header",
                    ))
                }
            }
        }
    };
    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    let access_token = state.issue(client.lifetime_secs, jkt);
    let reply = Reply::json(
        200,
        &json!({
            "token_type": token_type,
            "access_token": access_token,
            "expires_in": client.lifetime_secs,
            "scope": scope,
        }),
    );
    Ok(reply
        .with_header("cache-control", "no-store".into())
        .with_header("pragma", "no-cache".into()))
}

/// The form fields; a repeated field is an error (RFC 6749 §3.2).
fn read_form(body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let mut form = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        if form.insert(name.to_string(), value.into_owned()).is_some() {
            return Err(OAuthError::request(format!("{name} is repeated")));
        }
    }
    Ok(form)
}

/// Checks the client assertion; returns the client it authenticates.
fn authenticate(
    state: &OAuthState,
    assertion: &str,
    client_id: Option<&str>,
    token_urls: &[String],
    now: i64,
) -> Result<Registered, OAuthError> {
    let jwt =
        Jws::decode(assertion).map_err(|e| OAuthError::client(format!("client_assertion: {e}")))?;
    let (Some(iss), Some(sub)) = (jwt.text("iss"), jwt.text("sub")) else {
        return Err(OAuthError::client("the client_assertion needs iss and sub"));
    };
    if iss != sub || client_id.is_some_and(|id| id != iss) {
        return Err(OAuthError::client(
            "iss, sub and client_id must all be the client id",
        ));
    }
    let client = state
        .client(iss)
        .ok_or_else(|| OAuthError::client(format!("The client_id {iss:?} is not valid.")))?;
    let kid = jwt.header.get("kid").and_then(Value::as_str);
    if let (Some(kid), Some(registered)) = (kid, client.kid.as_deref()) {
        if kid != registered {
            return Err(OAuthError::client(format!(
                "no key with kid {kid:?} is registered for the client"
            )));
        }
    }
    jwt.verify(&client.key).map_err(|e| {
        OAuthError::client(format!("The client_assertion signature is invalid: {e}"))
    })?;
    let aud_ok = match jwt.claims.get("aud") {
        Some(Value::String(aud)) => token_urls.contains(aud),
        Some(Value::Array(auds)) => auds.iter().any(|a| {
            a.as_str()
                .is_some_and(|a| token_urls.iter().any(|u| u == a))
        }),
        _ => false,
    };
    if !aud_ok {
        return Err(OAuthError::client(format!(
            "The audience (aud) of the client_assertion must be {}",
            token_urls[0]
        )));
    }
    let exp = jwt
        .seconds("exp")
        .ok_or_else(|| OAuthError::client("the client_assertion has no exp"))?;
    if exp <= now - SKEW_SECS {
        return Err(OAuthError::client("The client_assertion token is expired."));
    }
    if exp > now + MAX_ASSERTION_LIFETIME_SECS + SKEW_SECS {
        return Err(OAuthError::client(
            "The client_assertion token has an expiration too far into the future.",
        ));
    }
    if jwt.seconds("iat").is_some_and(|iat| iat > now + SKEW_SECS) {
        return Err(OAuthError::client(
            "The client_assertion was issued in the future.",
        ));
    }
    let jti = jwt
        .text("jti")
        .filter(|j| !j.is_empty())
        .ok_or_else(|| OAuthError::client("the client_assertion has no jti"))?;
    if !state
        .assertion_ids
        .insert(&format!("{iss}\n{jti}"), exp + SKEW_SECS, now)
    {
        return Err(OAuthError::new(
            400,
            "invalid_client",
            "The client_assertion token has already been used (jti reuse).",
        ));
    }
    Ok(client)
}

/// The requested scopes, space-joined, if the client may have them all.
fn granted_scope(client: &Registered, scope: Option<&str>) -> Result<String, OAuthError> {
    let requested: Vec<&str> = scope.unwrap_or_default().split_whitespace().collect();
    if requested.is_empty() {
        return Err(OAuthError::new(
            400,
            "invalid_scope",
            "'scope' must be provided: the client has no default scopes.",
        ));
    }
    if !client.scopes.is_empty() {
        if let Some(denied) = requested
            .iter()
            .find(|s| !client.scopes.iter().any(|allowed| allowed == *s))
        {
            return Err(OAuthError::new(
                400,
                "invalid_scope",
                format!("The following scopes are not allowed: {denied}"),
            ));
        }
    }
    Ok(requested.join(" "))
}
