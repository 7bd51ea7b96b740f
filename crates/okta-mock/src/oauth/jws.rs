//! Compact JWS reading (client assertions, DPoP proofs), claim helpers, and the random values
//! the token endpoint hands out.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::{SecureRandom as _, SystemRandom};
use serde_json::{Map, Value};

use super::keys::PublicKey;

/// Longest JWS the mock reads (assertions and proofs are a few hundred bytes to a few KiB).
const MAX_LEN: usize = 16 * 1024;

/// A decoded compact JWS whose signature is not yet checked.
#[derive(Debug)]
pub struct Jws {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The payload (claims).
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

impl Jws {
    /// Splits and decodes `header.payload.signature`; header and payload must be JSON objects.
    pub fn decode(text: &str) -> Result<Jws, String> {
        let text = text.trim();
        if text.len() > MAX_LEN {
            return Err("the JWT is too long".into());
        }
        let mut parts = text.split('.');
        let (Some(header), Some(claims), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a compact JWT (header.payload.signature)".into());
        };
        let object = |part: &str, what: &str| -> Result<Map<String, Value>, String> {
            let bytes = URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| format!("the JWT {what} is not base64url"))?;
            match serde_json::from_slice(&bytes) {
                Ok(Value::Object(object)) => Ok(object),
                _ => Err(format!("the JWT {what} is not a JSON object")),
            }
        };
        Ok(Jws {
            header: object(header, "header")?,
            claims: object(claims, "payload")?,
            signing_input: format!("{header}.{claims}"),
            signature: URL_SAFE_NO_PAD
                .decode(signature)
                .map_err(|_| "the JWT signature is not base64url".to_string())?,
        })
    }

    /// The header's `alg` (empty when missing).
    pub fn alg(&self) -> &str {
        self.header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Checks the signature with `key`, for the header's `alg` (RS256 or ES256 only).
    pub fn verify(&self, key: &PublicKey) -> Result<(), String> {
        key.verify(self.alg(), self.signing_input.as_bytes(), &self.signature)
    }

    /// A string claim.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A NumericDate claim, in whole seconds (fractions dropped).
    pub fn seconds(&self, name: &str) -> Option<i64> {
        let value = self.claims.get(name)?;
        value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `bytes` random bytes, base64url (access tokens, nonces).
pub fn random(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    if SystemRandom::new().fill(&mut buffer).is_err() {
        // No OS randomness: fall back to the clock (this is a test server).
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for (i, b) in buffer.iter_mut().enumerate() {
            *b = (nanos >> ((i % 16) * 8)) as u8 ^ i as u8;
        }
    }
    URL_SAFE_NO_PAD.encode(buffer)
}

/// `base64url(SHA-256(text))`, a DPoP proof's `ath`.
pub fn sha256(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses_malformed_jwts() {
        let jws = Jws::decode("eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjEuNSwic3ViIjoieCJ9.AAAA").unwrap();
        assert_eq!(jws.alg(), "ES256");
        assert_eq!(jws.seconds("exp"), Some(1));
        assert_eq!(jws.text("sub"), Some("x"));
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!.e30.AA",
            "e30.W10.AA",
            "e30.e30.!!",
        ] {
            assert!(Jws::decode(bad).is_err(), "{bad}");
        }
        assert_eq!(random(32).len(), 43);
        assert_ne!(random(16), random(16));
    }
}
