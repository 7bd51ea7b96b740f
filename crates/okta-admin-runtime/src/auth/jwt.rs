//! Compact JWS creation: client assertions (RFC 7523) and DPoP proofs (RFC 9449).

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::{SecureRandom as _, SystemRandom};
use serde_json::{json, Value};
use url::Url;

use super::keys::{DpopKey, SigningKey};

/// Lifetime of a client assertion (Okta accepts at most one hour).
const ASSERTION_LIFETIME_SECS: u64 = 300;

/// `header.claims.signature`, each part base64url without padding.
fn sign(
    header: &Value,
    claims: &Value,
    signer: impl FnOnce(&[u8]) -> Result<Vec<u8>, &'static str>,
) -> Result<String, &'static str> {
    let mut jwt = URL_SAFE_NO_PAD.encode(header.to_string());
    jwt.push('.');
    jwt.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = signer(jwt.as_bytes())?;
    jwt.push('.');
    jwt.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(jwt)
}

/// A fresh, unguessable JWT id (128 random bits).
pub(crate) fn random_id() -> String {
    let mut bytes = [0u8; 16];
    // SystemRandom only fails when the OS has no randomness at all; fall back to the clock.
    if SystemRandom::new().fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The private-key JWT that authenticates the client at the token endpoint.
pub(crate) fn client_assertion(
    key: &SigningKey,
    kid: Option<&str>,
    client_id: &str,
    token_url: &str,
) -> Result<String, &'static str> {
    let mut header = json!({ "alg": key.alg(), "typ": "JWT" });
    if let Some(kid) = kid {
        header["kid"] = kid.into();
    }
    let now = now_secs();
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECS,
        "jti": random_id(),
    });
    sign(&header, &claims, |m| key.sign(m))
}

/// `base64url(SHA-256(access_token))`, the `ath` claim of a DPoP proof.
pub(crate) fn access_token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        token.as_bytes(),
    ))
}

/// A DPoP proof for one request: `htu` is the URL without query and fragment.
pub(crate) fn dpop_proof(
    key: &DpopKey,
    method: &str,
    url: &Url,
    access_token: Option<&str>,
    nonce: Option<&str>,
) -> Result<String, &'static str> {
    let header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": key.public_jwk });
    let mut htu = url.clone();
    htu.set_query(None);
    htu.set_fragment(None);
    let mut claims = json!({
        "jti": random_id(),
        "htm": method,
        "htu": htu.as_str(),
        "iat": now_secs(),
    });
    if let Some(token) = access_token {
        claims["ath"] = access_token_hash(token).into();
    }
    if let Some(nonce) = nonce {
        claims["nonce"] = nonce.into();
    }
    sign(&header, &claims, |m| key.sign(m))
}
