//! Private keys for client assertions (RSA → RS256, EC P-256 → ES256) read from PEM (PKCS#8,
//! PKCS#1, SEC1) or JWK text, and the per-client DPoP key. PEM and DER are read by the maintained
//! `pem`, `pkcs8` and `sec1` crates; signing uses *ring*, which the TLS stack already builds.
//!
//! Error messages describe the problem, never the key material.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{
    EcdsaKeyPair, KeyPair as _, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING, RSA_PKCS1_SHA256,
};
use pkcs8::ObjectIdentifier;
use serde_json::{json, Map, Value};

/// The `ecPublicKey` algorithm.
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// The `rsaEncryption` algorithm.
const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// The P-256 curve (`prime256v1`).
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// A private key that signs client assertions.
pub(crate) enum SigningKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SigningKey::Rsa(_) => "RsaKey(<redacted>)",
            SigningKey::Ec(_) => "EcP256Key(<redacted>)",
        })
    }
}

/// A parsed private key and the `kid` a JWK carried, if any.
#[derive(Debug)]
pub(crate) struct ParsedKey {
    pub(crate) key: SigningKey,
    pub(crate) kid: Option<String>,
}

impl SigningKey {
    /// The JWS `alg` this key signs with.
    pub(crate) fn alg(&self) -> &'static str {
        match self {
            SigningKey::Rsa(_) => "RS256",
            SigningKey::Ec(_) => "ES256",
        }
    }

    /// Signs `message` (RSASSA-PKCS1-v1_5 SHA-256, or ECDSA P-256 SHA-256 as JOSE `r‖s`).
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, &'static str> {
        let rng = SystemRandom::new();
        match self {
            SigningKey::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
                    .map_err(|_| "RSA signing failed")?;
                Ok(signature)
            }
            SigningKey::Ec(key) => key
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| "ECDSA signing failed"),
        }
    }
}

/// Reads a private key from PEM or JWK (or JWKS with one private key) text.
pub(crate) fn parse_private_key(text: &str) -> Result<ParsedKey, String> {
    let text = text.trim();
    if text.starts_with('{') {
        return parse_jwk_text(text);
    }
    if text.contains("-----BEGIN") {
        return parse_pem(text);
    }
    Err("not a PEM or JWK private key".into())
}

/// True when `text` looks like key material rather than a file path.
pub(crate) fn looks_like_key(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('{') || text.contains("-----BEGIN")
}

fn parse_pem(text: &str) -> Result<ParsedKey, String> {
    // Keys pasted into environment variables often carry literal `\n` escapes.
    let text = text.replace("\\r", "").replace("\\n", "\n");
    let blocks = pem::parse_many(tidy(&text)).map_err(|e| match e {
        pem::PemError::MissingEndTag | pem::PemError::MismatchedTags(..) => "a PEM block has no matching END line".to_owned(),
        pem::PemError::InvalidData(_) => "the PEM body is not valid base64".to_owned(),
        _ => "not a PEM or JWK private key".to_owned(),
    })?;
    let mut seen_public = false;
    for block in &blocks {
        if block.headers().get("Proc-Type").is_some_and(|v| v.contains("ENCRYPTED")) {
            return Err(encrypted());
        }
        let der = block.contents();
        let key = match block.tag() {
            "PRIVATE KEY" => from_pkcs8(der)?,
            "RSA PRIVATE KEY" => SigningKey::Rsa(RsaKeyPair::from_der(der).map_err(|e| rsa_rejected(&e.to_string()))?),
            "EC PRIVATE KEY" => from_sec1(der)?,
            "ENCRYPTED PRIVATE KEY" => return Err(encrypted()),
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {
                seen_public = true;
                continue;
            }
            _ => continue, // e.g. `EC PARAMETERS` before the key
        };
        return Ok(ParsedKey { key, kid: None });
    }
    if seen_public {
        Err("the PEM holds a public key or certificate, not a private key".into())
    } else {
        Err("not a PEM or JWK private key".into())
    }
}

/// Lines trimmed, and blank lines dropped unless they end the headers of an encrypted PEM
/// (`Proc-Type: …`): pasted keys often carry stray indentation and empty lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_header = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() && !after_header {
            continue;
        }
        after_header = line.contains(':');
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn encrypted() -> String {
    "encrypted private keys are not supported; decrypt it first \
     (e.g. `openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem`)"
        .into()
}

fn rsa_rejected(reason: &str) -> String {
    format!("the RSA private key was rejected ({reason}); it must be 2048 to 8192 bits")
}

/// A PKCS#8 `PrivateKeyInfo`, RSA or EC by its algorithm.
fn from_pkcs8(der: &[u8]) -> Result<SigningKey, String> {
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|_| String::from("the PRIVATE KEY is not valid PKCS#8 DER"))?;
    match info.algorithm.oid {
        OID_RSA => RsaKeyPair::from_pkcs8(der).map(SigningKey::Rsa).map_err(|e| rsa_rejected(&e.to_string())),
        OID_EC_PUBLIC_KEY => EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &SystemRandom::new())
            .map(SigningKey::Ec)
            .map_err(|_| "the EC private key was rejected; only P-256 (ES256) keys that include their public key are supported".into()),
        _ => Err("the PKCS#8 key is neither RSA nor EC P-256".into()),
    }
}

/// A SEC1 `ECPrivateKey` on P-256 that includes its public key.
fn from_sec1(der: &[u8]) -> Result<SigningKey, String> {
    let key = sec1::EcPrivateKey::try_from(der).map_err(|_| String::from("the EC PRIVATE KEY is not valid SEC1 DER"))?;
    if key.parameters.is_some_and(|p| p.named_curve() != Some(OID_P256)) {
        return Err("only EC keys on P-256 (ES256) are supported".into());
    }
    let public = key
        .public_key
        .ok_or_else(|| String::from("the EC PRIVATE KEY does not include its public key; re-export it with openssl"))?;
    EcdsaKeyPair::from_private_key_and_public_key(&ECDSA_P256_SHA256_FIXED_SIGNING, key.private_key, public, &SystemRandom::new())
        .map(SigningKey::Ec)
        .map_err(|_| "the EC private key was rejected; only P-256 (ES256) keys are supported".into())
}

fn parse_jwk_text(text: &str) -> Result<ParsedKey, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|_| String::from("not a PEM or JWK private key (invalid JSON)"))?;
    let jwk = match value.get("keys") {
        Some(Value::Array(keys)) => {
            let private: Vec<&Value> = keys.iter().filter(|k| k.get("d").is_some()).collect();
            match private.as_slice() {
                [one] => *one,
                [] => return Err("the JWK set holds no private key".into()),
                _ => return Err("the JWK set holds several private keys; give exactly one".into()),
            }
        }
        _ => &value,
    };
    let jwk = jwk
        .as_object()
        .ok_or_else(|| String::from("the JWK is not a JSON object"))?;
    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
    let key = match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            if jwk.get("d").is_none() {
                return Err("the JWK is a public key (no \"d\"), not a private key".into());
            }
            let field = |name: &str| jwk_bytes(jwk, name);
            let (n, e, d) = (field("n")?, field("e")?, field("d")?);
            let crt = ["p", "q", "dp", "dq", "qi"];
            if crt.iter().any(|name| jwk.get(*name).is_none()) {
                return Err(
                    "the RSA JWK lacks p, q, dp, dq or qi; export the key with all its parameters"
                        .into(),
                );
            }
            let components = KeyPairComponents {
                public_key: PublicKeyComponents { n, e },
                d,
                p: field("p")?,
                q: field("q")?,
                dP: field("dp")?,
                dQ: field("dq")?,
                qInv: field("qi")?,
            };
            SigningKey::Rsa(
                RsaKeyPair::from_components(&components)
                    .map_err(|e| rsa_rejected(&e.to_string()))?,
            )
        }
        Some("EC") => {
            if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
                return Err("only EC JWKs on P-256 (ES256) are supported".into());
            }
            if jwk.get("d").is_none() {
                return Err("the JWK is a public key (no \"d\"), not a private key".into());
            }
            let d = fixed(jwk_bytes(jwk, "d")?, 32, "d")?;
            let mut public = vec![0x04];
            public.extend(fixed(jwk_bytes(jwk, "x")?, 32, "x")?);
            public.extend(fixed(jwk_bytes(jwk, "y")?, 32, "y")?);
            SigningKey::Ec(
                EcdsaKeyPair::from_private_key_and_public_key(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &d,
                    &public,
                    &SystemRandom::new(),
                )
                .map_err(|_| String::from("the EC JWK was rejected (x, y and d do not match)"))?,
            )
        }
        Some(other) => {
            return Err(format!(
                "JWK key type {other:?} is not supported; use RSA or EC"
            ))
        }
        None => return Err("the JWK has no \"kty\"".into()),
    };
    Ok(ParsedKey { key, kid })
}

fn jwk_bytes(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the JWK has no \"{name}\""))?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| format!("the JWK field \"{name}\" is not base64url"))
}

/// Left-pads (or strips leading zeros from) a big-endian integer to `len` bytes.
fn fixed(mut bytes: Vec<u8>, len: usize, name: &str) -> Result<Vec<u8>, String> {
    while bytes.len() > len && bytes[0] == 0 {
        bytes.remove(0);
    }
    if bytes.len() > len {
        return Err(format!("the JWK field \"{name}\" is too long for P-256"));
    }
    let mut out = vec![0; len - bytes.len()];
    out.extend(bytes);
    Ok(out)
}

/// The per-client DPoP key (EC P-256), generated when the client starts.
pub(crate) struct DpopKey {
    key: EcdsaKeyPair,
    /// The public key as a JWK, for the proof's `jwk` header.
    pub(crate) public_jwk: Value,
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DpopKey(<redacted>)")
    }
}

impl DpopKey {
    pub(crate) fn generate() -> Result<DpopKey, String> {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| String::from("could not generate the DPoP key"))?;
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .map_err(|_| String::from("could not load the DPoP key"))?;
        let point = key.public_key().as_ref();
        let public_jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        });
        Ok(DpopKey { key, public_jwk })
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, &'static str> {
        self.key
            .sign(&SystemRandom::new(), message)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| "ECDSA signing failed")
    }
}
