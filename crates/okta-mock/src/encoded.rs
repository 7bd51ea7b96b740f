//! Shape checks of the non-JSON bodies Okta takes: PEM and DER certificates and compact JWTs.
//! They check form, not meaning: no signature or certificate is verified.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The armour around a PEM certificate.
const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";

/// Checks a PEM certificate: the BEGIN/END armour around non-empty base64 text.
pub fn check_pem(body: &[u8]) -> Result<(), String> {
    let text =
        std::str::from_utf8(body).map_err(|_| "a PEM certificate must be text".to_string())?;
    let start = text
        .find(PEM_BEGIN)
        .ok_or_else(|| format!("a PEM certificate must contain {PEM_BEGIN}"))?;
    let inner = &text[start + PEM_BEGIN.len()..];
    let end = inner
        .find(PEM_END)
        .ok_or_else(|| format!("a PEM certificate must end with {PEM_END}"))?;
    let inner = &inner[..end];
    let base64_text = inner
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b) || b.is_ascii_whitespace());
    if !base64_text || inner.trim().is_empty() {
        return Err("the PEM certificate's content must be base64 text".into());
    }
    Ok(())
}

/// Checks a DER certificate: the bytes of an ASN.1 SEQUENCE (they start with 0x30). With
/// `base64` (the request said `Content-Transfer-Encoding: base64`) the body is decoded first.
pub fn check_der(body: &[u8], base64: bool) -> Result<(), String> {
    let decoded;
    let bytes = if base64 {
        let compact: Vec<u8> = body
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        decoded = STANDARD.decode(compact).map_err(|_| {
            "the body is not valid base64 (Content-Transfer-Encoding: base64)".to_string()
        })?;
        &decoded[..]
    } else {
        body
    };
    match bytes {
        [0x30, _, ..] => Ok(()),
        _ => Err("a DER certificate must be an ASN.1 SEQUENCE (starting with byte 0x30)".into()),
    }
}

/// Checks a compact JWT (JWS serialization): three non-empty base64url segments joined by dots.
pub fn check_jwt(body: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|_| "a JWT must be text".to_string())?;
    let segments: Vec<&str> = text.trim().split('.').collect();
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if segments.len() == 3 && segments.iter().all(|s| base64url(s)) {
        Ok(())
    } else {
        Err("the body must be a compact JWT: three base64url segments separated by dots".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem() {
        assert!(check_pem(
            b"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
        )
        .is_ok());
        assert!(check_pem(b"MIIBszCCAVmgAwIBAgIU").is_err());
        assert!(check_pem(b"-----BEGIN CERTIFICATE-----\nMIIB\n").is_err());
        assert!(check_pem(b"-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----").is_err());
        assert!(
            check_pem(b"-----BEGIN CERTIFICATE-----\n{not base64}\n-----END CERTIFICATE-----")
                .is_err()
        );
        assert!(check_pem(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn der() {
        assert!(check_der(&[0x30, 0x03, 0x02, 0x01, 0x00], false).is_ok());
        assert!(check_der(b"MAMCAQA=", true).is_ok());
        assert!(check_der(b"MAMCAQA=", false).is_err());
        assert!(check_der(b"%%%", true).is_err());
        assert!(check_der(&[], false).is_err());
        assert!(check_der(&[0x30], false).is_err());
    }

    #[test]
    fn jwt() {
        assert!(check_jwt(b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln\n").is_ok());
        assert!(check_jwt(b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0").is_err());
        assert!(check_jwt(b"a.b.").is_err());
        assert!(check_jwt(b"a.b+c.d").is_err());
        assert!(check_jwt(b"a.b.c.d").is_err());
    }
}
