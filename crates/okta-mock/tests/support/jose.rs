//! Test-side JOSE: the okta-admin test keys, and hand-made client assertions and DPoP proofs
//! (signed with ring) for the cases the real client never produces.
#![allow(dead_code)]

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{
    EcdsaKeyPair, KeyPair as _, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING, RSA_PKCS1_SHA256,
};
use serde_json::{json, Value};

/// `client_assertion_type` of a private-key JWT.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A key from okta-admin's test fixtures (`crat../okta-admin-runtime/tests/fixtures/`).
pub fn admin_fixture(name: &str) -> String {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../okta-admin-runtime/tests/fixtures")
            .join(name),
    )
}

/// A key from this crate's `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The public half of a private JWK fixture.
pub fn public_jwk(private_fixture: &str) -> Value {
    let mut jwk: Value = serde_json::from_str(&admin_fixture(private_fixture)).unwrap();
    let object = jwk.as_object_mut().unwrap();
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        object.remove(member);
    }
    jwk
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A fresh JWT id.
pub fn jti() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("test-jti-{}-{n}-{}", std::process::id(), now())
}

/// `base64url(SHA-256(text))`.
pub fn sha256(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()))
}

/// A signing key: RS256 or ES256.
pub enum Signer {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

impl Signer {
    /// okta-admin's RSA test key (`rsa_pkcs8.pem`).
    pub fn rsa() -> Signer {
        Signer::Rsa(RsaKeyPair::from_pkcs8(&pem_der(&admin_fixture("rsa_pkcs8.pem"))).unwrap())
    }

    /// okta-admin's EC P-256 test key (`ec_pkcs8.pem`).
    pub fn ec() -> Signer {
        let der = pem_der(&admin_fixture("ec_pkcs8.pem"));
        let rng = SystemRandom::new();
        Signer::Ec(EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der, &rng).unwrap())
    }

    /// A new EC P-256 key (a DPoP key).
    pub fn generate() -> Signer {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        Signer::Ec(
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
                .unwrap(),
        )
    }

    pub fn alg(&self) -> &'static str {
        match self {
            Signer::Rsa(_) => "RS256",
            Signer::Ec(_) => "ES256",
        }
    }

    /// The public JWK of an EC key.
    pub fn jwk(&self) -> Value {
        let Signer::Ec(key) = self else {
            panic!("jwk() is for EC keys")
        };
        let point = key.public_key().as_ref();
        json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..]),
        })
    }

    /// A compact JWS of `claims` under `header`.
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let mut jwt = URL_SAFE_NO_PAD.encode(header.to_string());
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
        let rng = SystemRandom::new();
        let signature = match self {
            Signer::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, jwt.as_bytes(), &mut signature)
                    .unwrap();
                signature
            }
            Signer::Ec(key) => key.sign(&rng, jwt.as_bytes()).unwrap().as_ref().to_vec(),
        };
        jwt.push('.');
        jwt.push_str(&URL_SAFE_NO_PAD.encode(signature));
        jwt
    }

    /// Standard assertion claims for `client_id` and `aud`, valid five minutes.
    pub fn claims(client_id: &str, aud: &str) -> Value {
        let now = now();
        json!({
            "iss": client_id,
            "sub": client_id,
            "aud": aud,
            "iat": now,
            "exp": now + 300,
            "jti": jti(),
        })
    }

    /// A client assertion with `claims`.
    pub fn assertion(&self, claims: &Value) -> String {
        self.sign(&json!({ "alg": self.alg(), "typ": "JWT" }), claims)
    }

    /// DPoP proof claims.
    pub fn proof_claims(htm: &str, htu: &str, token: Option<&str>, nonce: Option<&str>) -> Value {
        let mut claims = json!({ "jti": jti(), "htm": htm, "htu": htu, "iat": now() });
        if let Some(token) = token {
            claims["ath"] = sha256(token).into();
        }
        if let Some(nonce) = nonce {
            claims["nonce"] = nonce.into();
        }
        claims
    }

    /// A DPoP proof with `claims`, carrying this (EC) key's public JWK.
    pub fn proof(&self, claims: &Value) -> String {
        self.sign(
            &json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk() }),
            claims,
        )
    }
}

/// A token request form with `assertion` and `scope`.
pub fn token_form(assertion: &str, scope: &str) -> String {
    format!(
        "grant_type=client_credentials&scope={}&client_assertion_type={}&client_assertion={assertion}",
        scope.replace(' ', "+"),
        JWT_BEARER.replace(':', "%3A"),
    )
}
