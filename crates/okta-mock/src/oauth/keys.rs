//! Public keys for verifying JWS signatures: RSA (RS256) and EC P-256 (ES256), read from PEM
//! (`PUBLIC KEY` SPKI, `RSA PUBLIC KEY` PKCS#1) or a JWK (RSA `n`/`e`, EC P-256 `x`/`y`), and
//! their RFC 7638 thumbprints.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::signature::{
    RsaPublicKeyComponents, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256,
};
use serde_json::Value;

use super::der::{self, Der, BIT_STRING, INTEGER, OID, SEQUENCE};

/// `rsaEncryption` (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `id-ecPublicKey` (1.2.840.10045.2.1).
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// `prime256v1` / P-256 (1.2.840.10045.3.1.7).
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// JWK members that only private keys have.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];
/// Smallest RSA modulus ring verifies RS256 with.
const MIN_RSA_BITS: usize = 2048;

/// A public key that verifies RS256 or ES256 signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA modulus and exponent, big-endian without leading zeros.
    Rsa {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: Vec<u8>,
    },
    /// An uncompressed P-256 point, `0x04 || x || y` (65 bytes).
    Ec {
        /// The point.
        point: Vec<u8>,
    },
}

impl PublicKey {
    /// Reads PEM (`PUBLIC KEY` or `RSA PUBLIC KEY`) or JWK text; also returns the JWK's `kid`.
    /// Private JWK members are ignored, so a private JWK registers its public half.
    pub fn parse(text: &str) -> Result<(PublicKey, Option<String>), String> {
        let text = text.trim();
        if text.starts_with('{') {
            let jwk: Value =
                serde_json::from_str(text).map_err(|e| format!("the JWK is not JSON: {e}"))?;
            let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
            return PublicKey::from_jwk(&jwk).map(|key| (key, kid));
        }
        if text.contains("-----BEGIN") {
            return PublicKey::from_pem(text).map(|key| (key, None));
        }
        Err("not a PEM public key (-----BEGIN PUBLIC KEY-----) or a JWK".into())
    }

    /// A public JWK (`kty` RSA with `n`/`e`, or EC P-256 with `x`/`y`).
    pub fn from_jwk(jwk: &Value) -> Result<PublicKey, String> {
        let member = |name: &str| -> Result<Vec<u8>, String> {
            let text = jwk
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("the JWK has no {name:?}"))?;
            URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| format!("the JWK's {name:?} is not base64url"))
        };
        match jwk.get("kty").and_then(Value::as_str) {
            Some("RSA") => PublicKey::rsa(&member("n")?, &member("e")?),
            Some("EC") => {
                let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or_default();
                if crv != "P-256" {
                    return Err(format!("EC curve {crv:?} is not supported (only P-256)"));
                }
                let (x, y) = (member("x")?, member("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err("a P-256 JWK needs 32-byte x and y".into());
                }
                let mut point = Vec::with_capacity(65);
                point.push(4);
                point.extend(x);
                point.extend(y);
                Ok(PublicKey::Ec { point })
            }
            Some(other) => Err(format!("JWK kty {other:?} is not supported (RSA or EC)")),
            None => Err("the JWK has no \"kty\"".into()),
        }
    }

    /// Whether a JWK carries private members (DPoP proofs must not).
    pub fn jwk_is_private(jwk: &Value) -> bool {
        PRIVATE_MEMBERS.iter().any(|m| jwk.get(m).is_some())
    }

    /// The first PEM block: `PUBLIC KEY` (SPKI, RSA or EC P-256) or `RSA PUBLIC KEY` (PKCS#1).
    fn from_pem(text: &str) -> Result<PublicKey, String> {
        // Keys pasted into one line keep their line breaks as `\n`.
        let text = text.replace("\\n", "\n");
        let begin = text.find("-----BEGIN ").ok_or("no PEM header")?;
        let after = &text[begin + "-----BEGIN ".len()..];
        let label_end = after.find("-----").ok_or("bad PEM header")?;
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end = body_start
            .find("-----END")
            .ok_or("the PEM block has no END line")?;
        let base64: String = body_start[..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let der = STANDARD
            .decode(base64)
            .map_err(|_| "the PEM body is not base64".to_string())?;
        match label {
            "PUBLIC KEY" => PublicKey::from_spki(&der),
            "RSA PUBLIC KEY" => PublicKey::from_pkcs1(&der),
            "CERTIFICATE" => Err("certificates are not supported: give the public key".into()),
            other if other.contains("PRIVATE") => {
                Err("a private key PEM was given: register the public key".into())
            }
            other => Err(format!("PEM {other:?} is not a public key")),
        }
    }

    /// `SubjectPublicKeyInfo` DER.
    fn from_spki(der: &[u8]) -> Result<PublicKey, String> {
        let mut spki = Der::new(Der::new(der).read(SEQUENCE)?);
        let mut algorithm = Der::new(spki.read(SEQUENCE)?);
        let bits = spki.read(BIT_STRING)?;
        let key = match bits.split_first() {
            Some((0, key)) => key,
            _ => return Err("bad SPKI bit string".into()),
        };
        let oid = algorithm.read(OID)?;
        if oid == RSA_ENCRYPTION {
            PublicKey::from_pkcs1(key)
        } else if oid == EC_PUBLIC_KEY {
            if algorithm.peek() != Some(OID) || algorithm.read(OID)? != P256 {
                return Err("only the P-256 curve is supported".into());
            }
            if key.len() != 65 || key[0] != 4 {
                return Err("the EC key is not an uncompressed P-256 point".into());
            }
            Ok(PublicKey::Ec {
                point: key.to_vec(),
            })
        } else {
            Err("the public key is neither RSA nor EC".into())
        }
    }

    /// PKCS#1 `RSAPublicKey` DER: `SEQUENCE { n INTEGER, e INTEGER }`.
    fn from_pkcs1(der: &[u8]) -> Result<PublicKey, String> {
        let mut key = Der::new(Der::new(der).read(SEQUENCE)?);
        let n = key.read(INTEGER)?;
        let e = key.read(INTEGER)?;
        if !key.is_empty() {
            return Err("unexpected data after the RSA public key".into());
        }
        PublicKey::rsa(n, e)
    }

    fn rsa(n: &[u8], e: &[u8]) -> Result<PublicKey, String> {
        let (n, e) = (der::unsigned(n), der::unsigned(e));
        if n.len() * 8 < MIN_RSA_BITS {
            return Err(format!("the RSA key is shorter than {MIN_RSA_BITS} bits"));
        }
        if e.is_empty() || e.len() > 8 {
            return Err("bad RSA public exponent".into());
        }
        Ok(PublicKey::Rsa {
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    /// The JWS `alg` this key verifies.
    pub fn alg(&self) -> &'static str {
        match self {
            PublicKey::Rsa { .. } => "RS256",
            PublicKey::Ec { .. } => "ES256",
        }
    }

    /// `RSA` or `EC`.
    pub fn kty(&self) -> &'static str {
        match self {
            PublicKey::Rsa { .. } => "RSA",
            PublicKey::Ec { .. } => "EC",
        }
    }

    /// Checks `signature` over `message` for JWS `alg`, which must be this key's.
    pub fn verify(&self, alg: &str, message: &[u8], signature: &[u8]) -> Result<(), String> {
        if alg != self.alg() {
            return Err(format!("alg {alg:?} does not fit the {} key", self.kty()));
        }
        let verified = match self {
            PublicKey::Rsa { n, e } => RsaPublicKeyComponents { n, e }.verify(
                &RSA_PKCS1_2048_8192_SHA256,
                message,
                signature,
            ),
            PublicKey::Ec { point } => {
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point).verify(message, signature)
            }
        };
        verified.map_err(|_| format!("the {alg} signature does not verify"))
    }

    /// The RFC 7638 JWK SHA-256 thumbprint, base64url (DPoP's `jkt`).
    pub fn thumbprint(&self) -> String {
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        let canonical = match self {
            PublicKey::Rsa { n, e } => {
                format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64(e), b64(n))
            }
            PublicKey::Ec { point } => {
                let x = point.get(1..33).unwrap_or_default();
                let y = point.get(33..).unwrap_or_default();
                format!(
                    r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
                    b64(x),
                    b64(y)
                )
            }
        };
        b64(ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes()).as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The RFC 7638 §3.1 example key and thumbprint.
    #[test]
    fn rsa_thumbprint_matches_rfc_7638() {
        let jwk = json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let key = PublicKey::from_jwk(&jwk).expect("rfc key");
        assert_eq!(
            key.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.alg(), "RS256");
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for (text, why) in [
            ("nonsense", "not a PEM"),
            ("{", "not JSON"),
            (r#"{"kty":"oct","k":"AA"}"#, "not supported"),
            (r#"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#, "P-256"),
            (r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#, "32-byte"),
            (r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#, "shorter"),
            (r#"{"kty":"RSA","n":"!!","e":"AQAB"}"#, "base64url"),
            (
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                "private key",
            ),
            (
                "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
                "base64",
            ),
            (
                "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----",
                "DER",
            ),
            ("-----BEGIN PUBLIC KEY-----\nAAAA", "END"),
        ] {
            let error = PublicKey::parse(text).expect_err(text);
            assert!(error.contains(why), "{text}: {error}");
        }
    }
}
