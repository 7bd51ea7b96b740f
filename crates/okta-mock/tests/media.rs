//! Media types over HTTP: multipart uploads, certificate and token bodies, merge-patch JSON,
//! `Accept` negotiation (XML, PKCS#10), the 415 and 406 shapes, and the journal's raw bytes.

mod support;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, Response};
use serde_json::{json, Value};
use support::{assert_okta_error, json_of, Mock};

/// Every upload endpoint, with the status a good upload gets and whether it answers with a URL.
const UPLOADS: [(&str, u16, bool); 5] = [
    ("/api/v1/apps/0oa1/logo", 201, false),
    ("/api/v1/org/logo", 201, false),
    ("/api/v1/brands/bnd1/themes/thm1/logo", 200, true),
    ("/api/v1/brands/bnd1/themes/thm1/favicon", 201, true),
    (
        "/api/v1/brands/bnd1/themes/thm1/background-image",
        201,
        true,
    ),
];

/// The certificate publish endpoints.
const PUBLISH: [&str; 2] = [
    "/api/v1/apps/0oa1/credentials/csrs/csr1/lifecycle/publish",
    "/api/v1/idps/0oi1/credentials/csrs/csr1/lifecycle/publish",
];

const BOUNDARY: &str = "test-boundary-7d3";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe";
const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUUz7r\nbWFkZSB1cA==\n-----END CERTIFICATE-----\n";
const DER: &[u8] = &[0x30, 0x82, 0x01, 0xb3, 0x30, 0x82, 0x01, 0x59, 0xa0, 0x03];
const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6InNlY2V2ZW50K2p3dCJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUuY29tIn0.c2lnbmF0dXJl";

/// One multipart part: `(name, file name, content type, bytes)`.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// A `multipart/form-data` body of `parts`, closed by the closing delimiter.
fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content_type, bytes) in parts {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some(file_name) = file_name {
            body.extend_from_slice(format!("; filename=\"{file_name}\"").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The multipart Content-Type with the test boundary.
fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// Sends `body` as `content_type` (none when `None`) with `method` to `path`.
async fn send(
    mock: &Mock,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Response {
    let mut request = mock.request(method, path).body(body);
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    request.send().await.expect("the request is answered")
}

/// POSTs `body` as `content_type`; returns the status and JSON.
async fn post(mock: &Mock, path: &str, content_type: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    json_of(send(mock, Method::POST, path, content_type, body).await).await
}

/// A GET with `Accept: accept` (none when `None`).
async fn get_accepting(mock: &Mock, path: &str, accept: Option<&str>) -> Response {
    let mut request = mock.request(Method::GET, path);
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    request.send().await.expect("the request is answered")
}

#[tokio::test]
async fn uploads_accept_one_file_part() {
    let mock = Mock::with_users(0).await;
    for (path, status, answers_url) in UPLOADS {
        let body = multipart(&[("file", Some("my logo.png"), Some("image/png"), PNG)]);
        let (got, json) = post(&mock, path, Some(&multipart_type()), body).await;
        assert_eq!(got, status, "{path}: {json}");
        if answers_url {
            let url = json["url"].as_str().expect("a url");
            assert!(
                url.starts_with("https://") && url.ends_with("/my%20logo.png"),
                "{path}: {url}"
            );
        } else {
            assert_eq!(json, Value::Null, "{path} answers without a body");
        }
        // A quoted boundary, charset parameters and a part without a file name or type also do.
        let body = multipart(&[("file", None, None, b"GIF89a")]);
        let content_type = format!("Multipart/Form-Data; charset=utf-8; boundary=\"{BOUNDARY}\"");
        let (got, json) = post(&mock, path, Some(&content_type), body).await;
        assert_eq!(got, status, "{path}: {json}");
    }
}

#[tokio::test]
async fn uploads_reject_missing_misnamed_and_extra_parts() {
    let mock = Mock::with_users(0).await;
    let content_type = multipart_type();
    for (path, _, _) in UPLOADS {
        let cases: [(Vec<u8>, &[&str]); 5] = [
            (multipart(&[]), &["file: The field cannot be left blank"]),
            (
                multipart(&[("image", Some("a.png"), Some("image/png"), PNG)]),
                &[
                    "image: unexpected part; the upload goes in a part named file",
                    "file: The field cannot be left blank",
                ],
            ),
            (
                multipart(&[("file", Some("a.png"), Some("image/png"), b"")]),
                &["file: the file is empty"],
            ),
            (
                multipart(&[
                    ("file", Some("a.png"), None, PNG),
                    ("file", Some("b.png"), None, PNG),
                ]),
                &["file: must be sent once"],
            ),
            (Vec::new(), &["file: The field cannot be left blank"]),
        ];
        for (body, causes) in cases {
            let (status, json) = post(&mock, path, Some(&content_type), body).await;
            assert_eq!(status, 400, "{path}: {json}");
            assert_eq!(assert_okta_error(&json, "E0000001"), causes, "{path}");
        }
    }
}

#[tokio::test]
async fn uploads_reject_malformed_multipart_and_wrong_types() {
    let mock = Mock::with_users(0).await;
    let good = multipart(&[("file", Some("a.png"), Some("image/png"), PNG)]);
    for (path, _, _) in UPLOADS {
        let (status, json) = post(&mock, path, Some("multipart/form-data"), good.clone()).await;
        assert_eq!(status, 400, "{path}: no boundary");
        assert_eq!(
            assert_okta_error(&json, "E0000001"),
            ["body: multipart/form-data needs a boundary parameter"]
        );
        let (status, _) = post(
            &mock,
            path,
            Some("multipart/form-data; boundary=other"),
            good.clone(),
        )
        .await;
        assert_eq!(status, 400, "{path}: wrong boundary");
        let unterminated = good[..good.len() - 8].to_vec();
        let (status, json) = post(&mock, path, Some(&multipart_type()), unterminated).await;
        assert_eq!(status, 400, "{path}: unterminated");
        assert_eq!(
            assert_okta_error(&json, "E0000001"),
            ["body: the multipart body is not terminated by its closing boundary"]
        );
        for wrong in [
            "image/png",
            "application/json",
            "application/x-www-form-urlencoded",
        ] {
            let (status, json) = post(&mock, path, Some(wrong), good.clone()).await;
            assert_eq!(status, 415, "{path} as {wrong}: {json}");
            assert_okta_error(&json, "E0000001");
        }
        let (status, _) = post(&mock, path, None, good.clone()).await;
        assert_eq!(
            status, 400,
            "{path}: no Content-Type means multipart/form-data without a boundary"
        );
    }
}

#[tokio::test]
async fn certificates_publish_as_pem_or_der() {
    let mock = Mock::with_users(0).await;
    for path in PUBLISH {
        let (status, json) = post(&mock, path, Some("application/x-pem-file"), PEM.into()).await;
        assert_eq!(status, 201, "{path} PEM: {json}");
        assert!(json.is_object(), "a JsonWebKey: {json}");
        let (status, _) = post(&mock, path, None, PEM.into()).await;
        assert_eq!(status, 201, "{path}: PEM is the default type");
        for der_type in ["application/pkix-cert", "application/x-x509-ca-cert"] {
            let (status, json) = post(&mock, path, Some(der_type), DER.to_vec()).await;
            assert_eq!(status, 201, "{path} {der_type}: {json}");
        }
        let response = mock
            .request(Method::POST, path)
            .header("Content-Type", "application/pkix-cert")
            .header("Content-Transfer-Encoding", "base64")
            .body(STANDARD.encode(DER))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{path}: base64 DER");
    }
}

#[tokio::test]
async fn certificates_reject_garbage() {
    let mock = Mock::with_users(0).await;
    for path in PUBLISH {
        let bad: [(&str, Vec<u8>, &str); 5] = [
            (
                "application/x-pem-file",
                b"not a certificate".to_vec(),
                "must contain -----BEGIN CERTIFICATE-----",
            ),
            ("application/x-pem-file", DER.to_vec(), "must be text"),
            ("application/pkix-cert", PEM.into(), "ASN.1 SEQUENCE"),
            (
                "application/x-x509-ca-cert",
                b"garbage".to_vec(),
                "ASN.1 SEQUENCE",
            ),
            (
                "application/pkix-cert",
                Vec::new(),
                "The field cannot be left blank",
            ),
        ];
        for (content_type, body, why) in bad {
            let (status, json) = post(&mock, path, Some(content_type), body).await;
            assert_eq!(status, 400, "{path} {content_type}: {json}");
            let causes = assert_okta_error(&json, "E0000001");
            assert!(
                causes.len() == 1 && causes[0].contains(why),
                "{causes:?} should say {why}"
            );
        }
        let (status, json) = post(&mock, path, Some("application/json"), b"{}".to_vec()).await;
        assert_eq!(status, 415, "{json}");
        assert!(
            json["errorSummary"].as_str().unwrap().ends_with(
                "application/x-pem-file, application/pkix-cert, application/x-x509-ca-cert"
            ),
            "{json}"
        );
    }
}

#[tokio::test]
async fn security_event_tokens_must_be_compact_jwts() {
    let mock = Mock::with_users(0).await;
    let path = "/security/api/v1/security-events";
    let (status, json) = post(&mock, path, Some("application/secevent+jwt"), JWT.into()).await;
    assert_eq!((status, json), (202, Value::Null));
    for bad in ["not-a-jwt", "a.b", "a.b.c.d", "a.b.", "a.b c.d", ""] {
        let (status, json) = post(&mock, path, Some("application/secevent+jwt"), bad.into()).await;
        assert_eq!(status, 400, "{bad:?}: {json}");
        assert_okta_error(&json, "E0000001");
    }
    let (status, _) = post(&mock, path, Some("application/jwt"), JWT.into()).await;
    assert_eq!(status, 415);
}

#[tokio::test]
async fn merge_patch_is_read_as_json() {
    let mock = Mock::with_users(0).await;
    let path = "/api/v1/authenticators/aut1/aaguids/cb69481e-8ff7-4039-93ec-0a2729a154a8";
    let patch = serde_json::to_vec(&json!({ "name": "Renamed key" })).unwrap();
    let response = send(
        &mock,
        Method::PATCH,
        path,
        Some("application/merge-patch+json"),
        patch.clone(),
    )
    .await;
    let (status, json) = json_of(response).await;
    assert_eq!(status, 200, "{json}");
    assert!(json.is_object());
    let response = send(
        &mock,
        Method::PATCH,
        path,
        Some("application/merge-patch+json; charset=utf-8"),
        b"{\"name\":".to_vec(),
    )
    .await;
    let (status, json) = json_of(response).await;
    assert_eq!(status, 400);
    assert_eq!(
        assert_okta_error(&json, "E0000001"),
        ["body: The request body was not well-formed."]
    );
    let response = send(&mock, Method::PATCH, path, Some("application/json"), patch).await;
    let (status, json) = json_of(response).await;
    assert_eq!(status, 415);
    assert_eq!(json["errorSummary"], "Unsupported media type 'application/json': the endpoint accepts application/merge-patch+json");
}

#[tokio::test]
async fn json_bodies_check_their_media_type() {
    let mock = Mock::with_users(0).await;
    let body = serde_json::to_vec(&json!({ "profile": { "name": "Ops" } })).unwrap();
    let response = send(
        &mock,
        Method::POST,
        "/api/v1/groups",
        Some("application/json; charset=UTF-8"),
        body.clone(),
    )
    .await;
    assert_eq!(response.status(), 200, "addGroup");
    let (status, json) = json_of(
        send(
            &mock,
            Method::POST,
            "/api/v1/groups",
            Some("text/plain"),
            body,
        )
        .await,
    )
    .await;
    assert_eq!(status, 415);
    assert_eq!(
        assert_okta_error(&json, "E0000001"),
        ["Content-Type: must be one of application/json"]
    );
    let (status, _) = json_of(
        send(
            &mock,
            Method::POST,
            "/api/v1/groups",
            Some("not a type"),
            b"{}".to_vec(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 415, "an unreadable Content-Type");
    // An empty optional body is no body, whatever its Content-Type says.
    let response = send(
        &mock,
        Method::POST,
        "/api/v1/users/me/lifecycle/delete_sessions",
        Some("text/plain"),
        Vec::new(),
    )
    .await;
    assert_ne!(response.status(), 415);
    let response = send(
        &mock,
        Method::POST,
        "/api/v1/risk/events/ip",
        Some("application/x-www-form-urlencoded"),
        Vec::new(),
    )
    .await;
    assert_eq!(
        response.status(),
        202,
        "sendRiskEvents takes an optional JSON body"
    );
}

#[tokio::test]
async fn saml_metadata_answers_xml() {
    let mock = Mock::with_users(0).await;
    let path = "/api/v1/apps/0oa%3C1/sso/saml/metadata?kid=k1";
    for accept in [
        Some("text/xml"),
        Some("*/*"),
        Some("text/*;q=0.5"),
        Some("application/json;q=0.9, text/xml"),
        None,
    ] {
        let response = get_accepting(&mock, path, accept).await;
        assert_eq!(response.status(), 200, "{accept:?}");
        assert_eq!(response.headers()["content-type"], "text/xml");
        let xml = response.text().await.unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\""), "{xml}");
        assert!(
            xml.contains("<md:EntityDescriptor")
                && xml.contains("entityID=\"http://www.okta.com/0oa&lt;1\""),
            "{xml}"
        );
    }
    let response = get_accepting(&mock, path, Some("application/json")).await;
    assert_eq!(response.status(), 406);
    assert_eq!(response.headers()["content-type"], "application/json");
    let (_, json) = json_of(response).await;
    assert_eq!(
        assert_okta_error(&json, "E0000001"),
        ["Accept: must allow one of text/xml"]
    );
    assert_eq!(
        json["errorSummary"],
        "Not acceptable 'application/json': the endpoint answers with text/xml"
    );
}

#[tokio::test]
async fn csrs_answer_pkcs10_when_asked() {
    let mock = Mock::with_users(0).await;
    for path in [
        "/api/v1/apps/0oa1/credentials/csrs/csr1",
        "/api/v1/idps/0oi1/credentials/csrs/csr1",
    ] {
        let response = get_accepting(&mock, path, Some("application/pkcs10")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pkcs10");
        assert_eq!(response.headers()["content-transfer-encoding"], "base64");
        let der = STANDARD
            .decode(response.text().await.unwrap())
            .expect("base64 text");
        assert_eq!(der[0], 0x30, "a DER SEQUENCE");
        for accept in [Some("application/json"), Some("*/*"), None] {
            let response = get_accepting(&mock, path, accept).await;
            assert_eq!(
                response.headers()["content-type"],
                "application/json",
                "{accept:?}"
            );
            let (status, json) = json_of(response).await;
            assert_eq!(status, 200);
            assert!(json.is_object());
        }
        let (status, json) =
            json_of(get_accepting(&mock, path, Some("text/html, application/pkcs10;q=0")).await)
                .await;
        assert_eq!(status, 406);
        assert_eq!(
            assert_okta_error(&json, "E0000001"),
            ["Accept: must allow one of application/json, application/pkcs10"]
        );
    }
    let response = mock
        .request(Method::POST, "/api/v1/apps/0oa1/credentials/csrs")
        .header("Accept", "application/pkcs10")
        .json(&json!({ "subject": { "commonName": "SP Issuer" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let der = STANDARD.decode(response.text().await.unwrap()).unwrap();
    assert!(
        der.windows(9).any(|w| w == b"SP Issuer"),
        "the CSR names the subject"
    );
}

#[tokio::test]
async fn responses_without_a_body_ignore_accept() {
    let mock = Mock::with_users(0).await;
    let body = multipart(&[("file", Some("a.png"), Some("image/png"), PNG)]);
    let response = mock
        .request(Method::POST, "/api/v1/org/logo")
        .header("Content-Type", multipart_type())
        .header("Accept", "text/html")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn journal_keeps_exact_bytes_as_base64() {
    let mock = Mock::with_users(0).await;
    let upload = multipart(&[("file", Some("a.png"), Some("image/png"), PNG)]);
    post(
        &mock,
        "/api/v1/org/logo",
        Some(&multipart_type()),
        upload.clone(),
    )
    .await;
    post(
        &mock,
        PUBLISH[0],
        Some("application/x-pem-file"),
        PEM.into(),
    )
    .await;
    assert_eq!(
        mock.server.requests()[0].body,
        upload,
        "the library API keeps the bytes"
    );

    let (status, listed) = json_of(
        mock.http
            .get(mock.url("/__mock/requests"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        listed[0]["body_utf8"], false,
        "not UTF-8, so `body` is not exact"
    );
    assert_eq!(
        listed[0]["body"],
        String::from_utf8_lossy(&upload).as_ref(),
        "still readable text for the part headers"
    );
    assert_eq!(
        STANDARD
            .decode(listed[0]["body_base64"].as_str().unwrap())
            .unwrap(),
        upload
    );
    assert_eq!(listed[1]["body_utf8"], true);
    assert_eq!(listed[1]["body"], PEM);
    assert_eq!(listed[1]["body_base64"], STANDARD.encode(PEM));
}
