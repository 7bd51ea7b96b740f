//! Helpers for the auth tests: fixtures, JWT decoding and signature verification (with the
//! public keys openssl exported, independently of the client's own key parsing), and a token
//! endpoint that checks client assertions the way Okta does.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256};
use serde_json::Value;

#[path = "runtime_support.rs"]
pub mod support;

use support::{unix_now, Recorded, Reply};

pub const CLIENT_ID: &str = "0oa-test-client";
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A test-only key or file from `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The DER inside the first PEM block of `pem`.
pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    STANDARD.decode(body).expect("PEM base64")
}

/// The RSA public key (PKCS#1 `RSAPublicKey` DER) exported by openssl.
pub fn rsa_public() -> Vec<u8> {
    pem_der(&fixture("rsa_public_pkcs1.pem"))
}

/// The EC P-256 public point (65 bytes, uncompressed) exported by openssl as SPKI.
pub fn ec_public() -> Vec<u8> {
    let der = pem_der(&fixture("ec_public_spki.pem"));
    der[der.len() - 65..].to_vec()
}

/// A decoded compact JWS.
#[derive(Debug)]
pub struct Jwt {
    pub header: Value,
    pub claims: Value,
    pub signing_input: String,
    pub signature: Vec<u8>,
}

pub fn decode_jwt(jwt: &str) -> Result<Jwt, String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err(format!("not a compact JWS ({} parts)", parts.len()));
    };
    let json = |part: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("base64url: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("json: {e}"))
    };
    Ok(Jwt {
        header: json(header)?,
        claims: json(claims)?,
        signing_input: format!("{header}.{claims}"),
        signature: URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|e| format!("signature base64url: {e}"))?,
    })
}

/// Verifies an RS256 (PKCS#1 RSAPublicKey DER) or ES256 (uncompressed point) signature.
pub fn verify(jwt: &Jwt, public: &[u8]) -> Result<(), String> {
    let alg = jwt.header["alg"].as_str().unwrap_or_default();
    let result = match alg {
        "RS256" => UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public)
            .verify(jwt.signing_input.as_bytes(), &jwt.signature),
        "ES256" => UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, public)
            .verify(jwt.signing_input.as_bytes(), &jwt.signature),
        other => return Err(format!("unexpected alg {other:?}")),
    };
    result.map_err(|_| format!("{alg} signature does not verify"))
}

/// The uncompressed point of an EC P-256 public JWK; refuses private JWKs.
pub fn jwk_point(jwk: &Value) -> Result<Vec<u8>, String> {
    if jwk.get("d").is_some() {
        return Err("the jwk header leaks the private key".into());
    }
    if jwk["kty"] != "EC" || jwk["crv"] != "P-256" {
        return Err(format!("unexpected jwk {jwk}"));
    }
    let coordinate = |name: &str| {
        URL_SAFE_NO_PAD
            .decode(jwk[name].as_str().unwrap_or_default())
            .map_err(|e| format!("jwk {name}: {e}"))
    };
    let mut point = vec![4];
    point.extend(coordinate("x")?);
    point.extend(coordinate("y")?);
    Ok(point)
}

pub fn sha256_b64url(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()))
}

/// The form fields of an `application/x-www-form-urlencoded` body.
pub fn form(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

pub fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &serde_json::json!({"error": error, "error_description": description}).to_string(),
    )
}

/// What a token endpoint expects of the client assertion.
pub struct Expect {
    /// The public key (see [`verify`]).
    pub public: Vec<u8>,
    pub alg: &'static str,
    pub kid: Option<&'static str>,
    pub scope: &'static str,
}

/// A token endpoint that verifies assertions like Okta: signature, iss/sub, aud, exp, and jti
/// never seen before. It counts the requests it receives.
pub struct TokenEndpoint {
    pub expect: Expect,
    pub seen_jti: Mutex<HashSet<String>>,
    pub requests: AtomicUsize,
    pub assertions: Mutex<Vec<Jwt>>,
}

impl TokenEndpoint {
    pub fn new(expect: Expect) -> TokenEndpoint {
        TokenEndpoint {
            expect,
            seen_jti: Mutex::new(HashSet::new()),
            requests: AtomicUsize::new(0),
            assertions: Mutex::new(Vec::new()),
        }
    }

    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Checks a token request; `Err` is the reason to answer 400/401.
    pub fn check(&self, request: &Recorded, base: &str) -> Result<(), Reply> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let invalid = |why: String| Err(oauth_error(401, "invalid_client", &why));
        if request.method != "POST" || request.target != "/oauth2/v1/token" {
            return invalid(format!("{} {}", request.method, request.target));
        }
        if request.header("Content-Type") != Some("application/x-www-form-urlencoded") {
            return invalid(format!("content type {:?}", request.header("Content-Type")));
        }
        if request.header("Authorization").is_some() {
            return invalid("token request carries an Authorization header".into());
        }
        let fields = form(&request.body);
        if fields.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return invalid(format!("grant_type {:?}", fields.get("grant_type")));
        }
        if fields.get("scope").map(String::as_str) != Some(self.expect.scope) {
            return invalid(format!("scope {:?}", fields.get("scope")));
        }
        if fields.get("client_assertion_type").map(String::as_str) != Some(ASSERTION_TYPE) {
            return invalid("client_assertion_type".into());
        }
        let Some(assertion) = fields.get("client_assertion") else {
            return invalid("no client_assertion".into());
        };
        let jwt = match decode_jwt(assertion) {
            Ok(jwt) => jwt,
            Err(e) => return invalid(e),
        };
        if jwt.header["alg"] != self.expect.alg {
            return invalid(format!("alg {}", jwt.header["alg"]));
        }
        if jwt.header["kid"].as_str() != self.expect.kid {
            return invalid(format!("kid {}", jwt.header["kid"]));
        }
        if let Err(e) = verify(&jwt, &self.expect.public) {
            return invalid(e);
        }
        let claims = &jwt.claims;
        if claims["iss"] != CLIENT_ID || claims["sub"] != CLIENT_ID {
            return invalid(format!("iss {} sub {}", claims["iss"], claims["sub"]));
        }
        if claims["aud"] != format!("{base}/oauth2/v1/token") {
            return invalid(format!("aud {}", claims["aud"]));
        }
        let now = unix_now();
        let (Some(iat), Some(exp)) = (claims["iat"].as_u64(), claims["exp"].as_u64()) else {
            return invalid("iat/exp missing".into());
        };
        if exp <= now || iat > now + 5 || exp <= iat || exp - iat > 3600 {
            return invalid(format!("iat {iat} exp {exp} now {now}"));
        }
        let Some(jti) = claims["jti"].as_str().filter(|j| j.len() >= 16) else {
            return invalid("jti missing or short".into());
        };
        if !self.seen_jti.lock().unwrap().insert(jti.to_owned()) {
            return Err(oauth_error(
                400,
                "invalid_client",
                "The client_assertion token has already been used (jti reuse).",
            ));
        }
        self.assertions.lock().unwrap().push(jwt);
        Ok(())
    }
}

/// A successful token response.
pub fn token_reply(token_type: &str, access_token: &str, expires_in: u64) -> Reply {
    Reply::json(
        200,
        &serde_json::json!({
            "token_type": token_type,
            "expires_in": expires_in,
            "access_token": access_token,
            "scope": "okta.users.read",
        })
        .to_string(),
    )
}

/// Checks a DPoP proof: typ, alg, public `jwk`, signature, htm, htu, iat, unique jti, and
/// `ath` / `nonce` when expected. Returns the proof's jwk.
pub fn check_dpop(
    request: &Recorded,
    htu: &str,
    access_token: Option<&str>,
    nonce: Option<&str>,
    seen: &Mutex<HashSet<String>>,
) -> Result<Value, String> {
    let proof = request.header("DPoP").ok_or("no DPoP header")?;
    let jwt = decode_jwt(proof)?;
    if jwt.header["typ"] != "dpop+jwt" || jwt.header["alg"] != "ES256" {
        return Err(format!("header {}", jwt.header));
    }
    let point = jwk_point(&jwt.header["jwk"])?;
    verify(&jwt, &point)?;
    let claims = &jwt.claims;
    if claims["htm"] != request.method.as_str() {
        return Err(format!("htm {}", claims["htm"]));
    }
    if claims["htu"] != htu {
        return Err(format!("htu {} (expected {htu})", claims["htu"]));
    }
    let iat = claims["iat"].as_u64().ok_or("no iat")?;
    if iat.abs_diff(unix_now()) > 60 {
        return Err(format!("iat {iat}"));
    }
    let jti = claims["jti"].as_str().ok_or("no jti")?;
    if !seen.lock().unwrap().insert(jti.to_owned()) {
        return Err("DPoP jti reused".into());
    }
    match access_token {
        Some(token) if claims["ath"] != sha256_b64url(token) => {
            return Err(format!("ath {}", claims["ath"]))
        }
        None if claims.get("ath").is_some() => return Err("ath on a token request".into()),
        _ => {}
    }
    if claims["nonce"].as_str() != nonce {
        return Err(format!("nonce {} (expected {nonce:?})", claims["nonce"]));
    }
    Ok(jwt.header["jwk"].clone())
}

/// A temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "okta-admin-{tag}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `relative` (creating parent directories) and returns its path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn fixtures_verify_with_openssl_exported_public_keys() {
    assert_eq!(rsa_public()[0], 0x30);
    assert_eq!(ec_public().len(), 65);
    assert_eq!(ec_public()[0], 4);
}
