//! Success responses in the negotiated media type: SAML metadata XML for `text/xml`, a base64
//! DER CSR for `application/pkcs10`; JSON replies stay as they are, except that an upload's
//! `url` names the uploaded file.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::Value;

use crate::media::is_json;
use crate::payload::{Payload, Upload};
use crate::reply::Reply;

/// Where uploaded files appear to be served from.
const ASSET_BASE: &str = "https://ok1static.oktacdn.com/fs/bco/1/mock";

/// What a file name escapes to become one URL path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// What a success reply is rendered from.
#[derive(Debug)]
pub struct Rendering<'a> {
    /// The negotiated response type (`None` when the operation declares none).
    pub media_type: Option<&'static str>,
    /// The request body as read.
    pub payload: &'a Payload,
    /// Path variables, decoded.
    pub params: &'a [(String, String)],
    /// The server's base URL.
    pub base: &'a str,
}

/// `reply` in the negotiated type; errors and empty replies are left alone.
pub fn render(reply: Reply, how: &Rendering) -> Reply {
    if !(200..300).contains(&reply.status) || reply.body.is_empty() {
        return reply;
    }
    let Some(media_type) = how.media_type else {
        return reply;
    };
    if is_json(media_type) {
        return match how.payload {
            Payload::File(upload) => with_upload_url(reply, upload),
            _ => reply,
        };
    }
    let essence = media_type.to_ascii_lowercase();
    let mut headers = reply.headers;
    let body = match essence.as_str() {
        "application/pkcs10" => {
            headers.push(("content-transfer-encoding", "base64".into()));
            csr(how)
        }
        t if t == "text/xml" || t == "application/xml" || t.ends_with("+xml") => saml_metadata(how),
        t if t.starts_with("text/") => Bytes::from_static(b"sample"),
        _ => reply.body,
    };
    Reply {
        status: reply.status,
        headers,
        body,
        content_type: Some(media_type),
        padding: reply.padding,
    }
}

/// An upload reply whose `url` names the uploaded file (`https://…/<file name>`).
fn with_upload_url(reply: Reply, upload: &Upload) -> Reply {
    let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(&reply.body) else {
        return reply;
    };
    if !object.contains_key("url") {
        return reply;
    }
    let name = utf8_percent_encode(&upload.file_name, SEGMENT);
    object.insert("url".into(), Value::String(format!("{ASSET_BASE}/{name}")));
    Reply {
        headers: reply.headers,
        ..Reply::json(reply.status, &object)
    }
}

/// SAML 2.0 IdP metadata for the app in the path.
fn saml_metadata(how: &Rendering) -> Bytes {
    let app = how
        .params
        .iter()
        .find(|(name, _)| name == "appId")
        .or(how.params.first())
        .map_or("app", |(_, value)| value.as_str());
    let app = escape_xml(app);
    let base = escape_xml(how.base);
    Bytes::from(format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/{app}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{base}/app/mock/{app}/sso/saml"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{base}/app/mock/{app}/sso/saml"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#
    ))
}

/// A base64 DER PKCS#10 request for the subject's common name (`mock` unless the body names one).
/// Its structure is well-formed; the key and signature are placeholders.
fn csr(how: &Rendering) -> Bytes {
    let common_name = how
        .payload
        .json()
        .and_then(|body| body.pointer("/subject/commonName"))
        .and_then(Value::as_str)
        .filter(|cn| !cn.is_empty() && cn.len() < 64)
        .unwrap_or("mock");
    const RSA_ENCRYPTION: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    const SHA256_WITH_RSA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    const COMMON_NAME: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];
    let name = tlv(
        0x30,
        &tlv(
            0x31,
            &tlv(
                0x30,
                &[COMMON_NAME, &tlv(0x0c, common_name.as_bytes())].concat(),
            ),
        ),
    );
    let key_algorithm = tlv(0x30, &[RSA_ENCRYPTION, &[0x05, 0x00]].concat());
    let key = tlv(0x30, &[key_algorithm, tlv(0x03, &[0x00])].concat());
    let info = tlv(
        0x30,
        &[tlv(0x02, &[0x00]), name, key, tlv(0xa0, &[])].concat(),
    );
    let signature_algorithm = tlv(0x30, &[SHA256_WITH_RSA, &[0x05, 0x00]].concat());
    let request = tlv(
        0x30,
        &[info, signature_algorithm, tlv(0x03, &[0x00])].concat(),
    );
    Bytes::from(STANDARD.encode(request))
}

/// A DER tag-length-value (short or long form length).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// `text` with XML's special characters escaped.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csr_is_der() {
        let payload =
            Payload::Json(serde_json::json!({ "subject": { "commonName": "x".repeat(40) } }));
        let how = Rendering {
            media_type: Some("application/pkcs10"),
            payload: &payload,
            params: &[],
            base: "",
        };
        let der = STANDARD.decode(csr(&how)).unwrap();
        assert_eq!(der[0], 0x30);
        assert_eq!(
            der[1] as usize,
            der.len() - 2,
            "the outer length covers the rest"
        );
    }

    #[test]
    fn long_lengths() {
        assert_eq!(&tlv(0x04, &[0; 200])[..3], &[0x04, 0x81, 200]);
        assert_eq!(&tlv(0x04, &[0; 300])[..4], &[0x04, 0x82, 0x01, 0x2c]);
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(escape_xml("a<b&\"c'>"), "a&lt;b&amp;&quot;c&apos;&gt;");
    }
}
