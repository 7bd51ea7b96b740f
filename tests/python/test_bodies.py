"""Request bodies beyond JSON models: uploads, certificates, JWTs, merge-patch, XML responses."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any, Dict

import pytest

import okta_admin

from conftest import Mock

PNG = b"\x89PNG\r\n\x1a\n fake image"


def last(mock: Mock) -> Dict[str, Any]:
    return mock.requests()[-1]


def raw_body(request: Dict[str, Any]) -> bytes:
    if request.get("body_base64"):
        return base64.b64decode(request["body_base64"])
    return (request.get("body") or "").encode()


@pytest.mark.parametrize(
    "make_file, file_name, media_type",
    [
        (lambda tmp: ("logo.png", PNG), "logo.png", "image/png"),
        (lambda tmp: ("logo.bin", PNG, "image/png"), "logo.bin", "image/png"),
        (lambda tmp: PNG, "file", "application/octet-stream"),
        (lambda tmp: tmp, "logo.png", "image/png"),
        (lambda tmp: str(tmp), "logo.png", "image/png"),
        (lambda tmp: open(tmp, "rb"), "logo.png", "image/png"),
        (lambda tmp: io.BytesIO(PNG), "file", "application/octet-stream"),
    ],
)
def test_multipart_upload(client: Any, mock: Mock, tmp_path: Path, make_file: Any, file_name: str, media_type: str) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(PNG)
    file = make_file(path)
    try:
        client.application_logos.upload("0oa1", file)
    finally:
        if hasattr(file, "close"):
            file.close()
    request = last(mock)
    assert request["method"] == "POST" and request["path"] == "/api/v1/apps/0oa1/logo"
    content_type = request["headers"]["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    body = raw_body(request)
    assert f'name="file"; filename="{file_name}"'.encode() in body
    assert f"Content-Type: {media_type}".encode() in body
    assert PNG in body


def test_upload_argument_errors(client: Any) -> None:
    with pytest.raises(FileNotFoundError):
        client.application_logos.upload("0oa1", "/no/such/logo.png")
    with pytest.raises(TypeError, match="file tuple"):
        client.application_logos.upload("0oa1", ("a",))
    with pytest.raises(TypeError, match="must be a path"):
        client.application_logos.upload("0oa1", 42)


def test_certificate_body_with_media_type(client: Any, mock: Mock) -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    key = client.application_sso_credential_keys.publish_csr_from_application("0oa1", "csr1", pem)
    assert isinstance(key, okta_admin.models.JsonWebKey)
    request = last(mock)
    assert request["headers"]["content-type"] == "application/x-pem-file"
    assert raw_body(request) == pem.encode()

    der = b"\x30\x82\x01\x0a\xff"
    client.application_sso_credential_keys.publish_csr_from_application(
        "0oa1", "csr1", der, content_type="application/pkix-cert"
    )
    request = last(mock)
    assert request["headers"]["content-type"] == "application/pkix-cert"
    assert raw_body(request) == der


def test_text_body(client: Any, mock: Mock) -> None:
    assert client.ssf_security_event_tokens.publish_security_event_tokens("eyJhbGciOi.e30.sig") is None
    request = last(mock)
    assert request["headers"]["content-type"] == "application/secevent+jwt"
    assert raw_body(request) == b"eyJhbGciOi.e30.sig"


def test_merge_patch_body(client: Any, mock: Mock) -> None:
    client.authenticators.update_custom_aaguid("aut1", "aaguid1", {"name": "Key"})
    request = last(mock)
    assert request["method"] == "PATCH"
    assert request["headers"]["content-type"] == "application/merge-patch+json"
    assert json.loads(raw_body(request)) == {"name": "Key"}


def test_xml_response_is_text(client: Any, mock: Mock) -> None:
    xml = client.application_sso.preview_saml_metadata("0oa1", "kid1")
    assert isinstance(xml, str) and xml.startswith("<?xml")
    assert last(mock)["headers"]["accept"] == "text/xml"
