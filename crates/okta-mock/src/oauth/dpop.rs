//! DPoP proof checks (RFC 9449 §4.3), for the token endpoint and for API requests.

use hyper::HeaderMap;
use serde_json::Value;

use super::jws::{self, Jws};
use super::keys::PublicKey;
use super::OAuthState;

/// How far a proof's `iat` may be from now, either way.
const IAT_WINDOW_SECS: i64 = 60;

/// What a proof must say.
#[derive(Debug)]
pub struct Expected<'a> {
    /// The request method (`htm`).
    pub method: &'a str,
    /// The URLs the request may have been sent to, without query and fragment (`htu`).
    pub urls: &'a [String],
    /// The access token the proof must be bound to (`ath`), on API requests.
    pub access_token: Option<&'a str>,
    /// The thumbprint of the key the token is bound to, on API requests.
    pub jkt: Option<&'a str>,
}

/// Why a proof is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// No `DPoP` header, or more than one.
    Missing,
    /// The proof is invalid; the reason.
    Invalid(String),
    /// The proof lacks the current nonce, which the client should retry with.
    Nonce(String),
}

/// The single `DPoP` header of a request.
pub fn header(headers: &HeaderMap) -> Result<&str, Refused> {
    let mut values = headers.get_all("dpop").iter();
    match (values.next(), values.next()) {
        (Some(value), None) => value
            .to_str()
            .map_err(|_| Refused::Invalid("the DPoP header is not text".into())),
        _ => Err(Refused::Missing),
    }
}

/// Checks the request's proof; returns the thumbprint (`jkt`) of its key.
pub fn check(
    state: &OAuthState,
    headers: &HeaderMap,
    expected: &Expected<'_>,
    now: i64,
) -> Result<String, Refused> {
    let invalid = |why: &str| Refused::Invalid(why.to_string());
    let proof = Jws::decode(header(headers)?).map_err(Refused::Invalid)?;
    if proof.header.get("typ").and_then(Value::as_str) != Some("dpop+jwt") {
        return Err(invalid("the DPoP proof's typ is not dpop+jwt"));
    }
    let jwk = proof
        .header
        .get("jwk")
        .ok_or_else(|| invalid("the DPoP proof has no jwk header"))?;
    if PublicKey::jwk_is_private(jwk) {
        return Err(invalid("the DPoP proof's jwk contains a private key"));
    }
    let key = PublicKey::from_jwk(jwk).map_err(|e| Refused::Invalid(format!("DPoP jwk: {e}")))?;
    proof
        .verify(&key)
        .map_err(|e| Refused::Invalid(format!("DPoP proof: {e}")))?;
    let jkt = key.thumbprint();
    if expected.jkt.is_some_and(|bound| bound != jkt) {
        return Err(invalid(
            "the DPoP proof's key is not the one the token is bound to",
        ));
    }
    if proof.text("htm") != Some(expected.method) {
        return Err(invalid("the DPoP proof's htm does not match the method"));
    }
    let htu = proof
        .text("htu")
        .map(|u| u.split(['?', '#']).next().unwrap_or_default());
    if !htu.is_some_and(|htu| expected.urls.iter().any(|url| url == htu)) {
        return Err(invalid("the DPoP proof's htu does not match the URL"));
    }
    let iat = proof
        .seconds("iat")
        .ok_or_else(|| invalid("the DPoP proof has no iat"))?;
    if iat.abs_diff(now) > IAT_WINDOW_SECS.unsigned_abs() {
        return Err(invalid("the DPoP proof's iat is not recent"));
    }
    let jti = proof
        .text("jti")
        .filter(|j| !j.is_empty())
        .ok_or_else(|| invalid("the DPoP proof has no jti"))?;
    if let Some(token) = expected.access_token {
        if proof.text("ath") != Some(jws::sha256(token).as_str()) {
            return Err(invalid(
                "the DPoP proof's ath does not match the access token",
            ));
        }
    }
    if let Some(nonce) = state.nonce() {
        if proof.text("nonce") != Some(nonce.as_str()) {
            return Err(Refused::Nonce(nonce));
        }
    }
    if !state
        .proof_ids
        .insert(jti, iat.saturating_add(IAT_WINDOW_SECS), now)
    {
        return Err(invalid("the DPoP proof's jti was already used"));
    }
    Ok(jkt)
}
