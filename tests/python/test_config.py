"""Configuration parity with Okta's SDKs: ``~/.okta/okta.yaml`` < ``./okta.yaml`` < ``OKTA_CLIENT_*``
< constructor arguments; OAuth 2.0 private-key JWT (RSA and EC) and DPoP end to end against the
mock's token endpoint; ``ConfigError`` naming the setting and its source; no secret in any repr."""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import okta_admin

from conftest import ROOT, Mock, Stub, start_mock, stop_mock

FIXTURES = ROOT / "crates" / "okta-admin-runtime" / "tests" / "fixtures"
RSA_PEM = FIXTURES / "rsa_pkcs8.pem"
RSA_PKCS1 = FIXTURES / "rsa_pkcs1.pem"
RSA_JWK = FIXTURES / "rsa_private.jwk.json"
RSA_PUBLIC = FIXTURES / "rsa_public_pkcs1.pem"
EC_SEC1 = FIXTURES / "ec_sec1.pem"
EC_PKCS8 = FIXTURES / "ec_pkcs8.pem"
EC_JWK = FIXTURES / "ec_private.jwk.json"
EC_PUBLIC = FIXTURES / "ec_public_spki.pem"

SCOPES = ["okta.users.read", "okta.groups.read"]


def secret_fragments() -> List[str]:
    """Pieces of every private key fixture that must never appear in any output."""
    out: List[str] = []
    for pem in (RSA_PEM, RSA_PKCS1, EC_SEC1, EC_PKCS8):
        lines = [line for line in pem.read_text().splitlines() if line and not line.startswith("-----")]
        out += [line[:24] for line in lines]
    for jwk in (RSA_JWK, EC_JWK):
        data = json.loads(jwk.read_text())
        out += [data[k][:24] for k in ("d", "p", "q", "dp", "dq", "qi") if k in data]
    return out


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in [*secrets, *secret_fragments()]:
        assert secret not in text, f"secret {secret[:6]}… leaked into: {text[:300]}"


def write_yaml(path: Path, client: Dict[str, Any]) -> None:
    """Writes ``okta: client: …`` (flat scalars, one level of nesting, and lists)."""
    lines = ["okta:", "  client:"]
    for key, value in client.items():
        if isinstance(value, dict):
            lines.append(f"    {key}:")
            lines += [f"      {k}: {v}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"    {key}:")
            lines += [f"      - {v}" for v in value]
        else:
            lines.append(f"    {key}: {json.dumps(value) if isinstance(value, str) else value}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def oauth_mock() -> Iterator[Mock]:
    """A mock with OAuth service apps: RSA and EC keys, one app that needs DPoP."""
    server = start_mock(
        "--seed-users",
        "5",
        "--oauth-client",
        f"app-rsa={RSA_PUBLIC}:{','.join(SCOPES)}",
        "--oauth-client",
        f"app-ec={EC_PUBLIC}",
        "--oauth-dpop-client",
        f"app-dpop={EC_PUBLIC}",
    )
    yield server
    stop_mock(server)


def token_requests(mock: Mock) -> List[Dict[str, Any]]:
    return [r for r in mock.requests() if r["path"] == "/oauth2/v1/token"]


# ---- precedence ----


def test_okta_yaml_then_env_then_arguments(mock: Mock, hermetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_yaml(
        hermetic / ".okta" / "okta.yaml",
        {"orgUrl": mock.url, "token": "home-token", "userAgent": "home-agent/1", "rateLimit": {"maxRetries": 4}},
    )
    write_yaml(Path.cwd() / "okta.yaml", {"token": mock.token, "requestTimeout": 7})
    client = okta_admin.Client()
    config = client.config
    assert config.org_url == mock.url  # from ~/.okta/okta.yaml
    assert config.max_retries == 4  # from ~/.okta/okta.yaml
    assert config.timeout == 7.0  # from ./okta.yaml
    assert config.authorization_mode == "SSWS"
    assert "okta-admin-python/" in config.user_agent and config.user_agent.endswith("home-agent/1")
    assert client.users.get("user1@example.com").id  # the token of ./okta.yaml
    assert mock.requests()[-1]["headers"]["authorization"] == f"SSWS {mock.token}"

    monkeypatch.setenv("OKTA_CLIENT_TOKEN", "env-token")  # env beats both files
    monkeypatch.setenv("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "1")
    client = okta_admin.Client()
    assert client.config.max_retries == 1
    with pytest.raises(okta_admin.UnauthorizedError):
        client.users.get("user1@example.com")
    assert mock.requests()[-1]["headers"]["authorization"] == "SSWS env-token"

    # arguments beat everything, key by key
    client = okta_admin.Client(token=mock.token, max_retries=0, user_agent="arg-agent/2", timeout=3)
    assert client.users.get("user1@example.com").id
    assert client.config.max_retries == 0 and client.config.timeout == 3.0
    assert client.config.org_url == mock.url  # still from the file
    assert client.user_agent.endswith("arg-agent/2") and "home-agent" not in client.user_agent
    assert mock.requests()[-1]["headers"]["user-agent"] == client.user_agent


def test_bearer_mode_from_yaml_and_argument(mock: Mock) -> None:
    write_yaml(Path.cwd() / "okta.yaml", {"orgUrl": mock.url, "authorizationMode": "Bearer", "token": mock.token})
    client = okta_admin.Client()
    assert client.config.authorization_mode == "Bearer"
    client.users.get("user1@example.com")
    assert mock.requests()[-1]["headers"]["authorization"] == f"Bearer {mock.token}"
    # token= alone means SSWS, whatever the file says; authorization_mode= picks explicitly
    assert okta_admin.Client(token=mock.token).config.authorization_mode == "SSWS"
    client = okta_admin.Client(token=mock.token, authorization_mode="bearer")
    assert client.config.authorization_mode == "Bearer"


def test_async_client_reads_the_same_chain(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKTA_CLIENT_ORGURL", mock.url)
    monkeypatch.setenv("OKTA_CLIENT_TOKEN", mock.token)
    monkeypatch.setenv("OKTA_CLIENT_CONNECTIONTIMEOUT", "3")
    client = okta_admin.AsyncClient(max_rate_limit_wait=5)
    assert client.config.connect_timeout == 3.0 and client.config.max_rate_limit_wait == 5.0


# ---- errors name the setting and its source ----


@pytest.mark.parametrize(
    "where, setup, kwargs, expected",
    [
        ("file", {"requestTimeout": "soon"}, {}, "okta.client.requestTimeout from ./okta.yaml"),
        ("file", {"orgUrl": "http://example.com"}, {}, "okta.client.orgUrl from ./okta.yaml"),
        ("file", {"authorizationMode": "Magic"}, {}, "okta.client.authorizationMode from ./okta.yaml"),
        ("env", {"OKTA_CLIENT_RATELIMIT_MAXRETRIES": "many"}, {}, "OKTA_CLIENT_RATELIMIT_MAXRETRIES (env)"),
        ("env", {"OKTA_CLIENT_PROXY_HOST": "proxy.local"}, {}, "OKTA_CLIENT_PROXY_PORT"),
        ("arg", {}, {"authorization_mode": "Magic"}, "authorization_mode= (argument)"),
        ("arg", {}, {"org_url": "ftp://dev-1.okta.com"}, "org_url= (argument)"),
        ("arg", {}, {"token": "abc\r\nX-Injected: 1"}, "token= (argument)"),
        ("arg", {}, {"user_agent": "tool/1\r\nX-Injected: 1"}, "user_agent= (argument)"),
        ("arg", {}, {"private_key": "no such key file", "client_id": "x", "scopes": "a"}, "private_key= (argument)"),
        ("arg", {}, {"private_key": str(RSA_PEM)}, "implied by private_key="),
        ("arg", {}, {"private_key": str(RSA_PEM), "client_id": "x"}, "scopes="),
        ("arg", {}, {"client_id": "x", "scopes": [], "private_key": str(RSA_PEM)}, "scopes= (argument)"),
        ("arg", {}, {"proxy": {"host": "proxy.local"}}, "proxy= (argument): no port"),
        ("arg", {}, {"proxy": "http://proxy.local:0"}, "proxy= (argument)"),
        ("arg", {}, {"token": "a", "private_key": str(RSA_PEM)}, "not both"),
        ("arg", {}, {"token": "   "}, "token= (argument) is empty"),
    ],
)
def test_config_errors_name_the_setting_and_source(
    monkeypatch: pytest.MonkeyPatch, where: str, setup: Dict[str, str], kwargs: Dict[str, Any], expected: str
) -> None:
    base = {"orgUrl": "https://dev-1.okta.com", "token": "t0ken-in-file"}
    if where == "file":
        write_yaml(Path.cwd() / "okta.yaml", {**base, **setup})
    else:
        write_yaml(Path.cwd() / "okta.yaml", base)
        for name, value in setup.items():
            monkeypatch.setenv(name, value)
    with pytest.raises(okta_admin.ConfigError) as caught:
        okta_admin.Client(**kwargs)
    message = str(caught.value)
    assert expected in message, message
    assert_no_secret(message + repr(caught.value), "t0ken-in-file", "X-Injected")


def test_bad_key_text_is_never_echoed() -> None:
    broken = RSA_PEM.read_text().replace("MII", "XXX", 1)
    with pytest.raises(okta_admin.ConfigError) as caught:
        okta_admin.Client(org_url="https://dev-1.okta.com", client_id="x", scopes="a", private_key=broken)
    assert "private_key= (argument)" in str(caught.value)
    assert_no_secret(str(caught.value) + repr(caught.value.__dict__))


def test_malformed_okta_yaml() -> None:
    (Path.cwd() / "okta.yaml").write_text("okta:\n  client: [unclosed\n")
    with pytest.raises(okta_admin.ConfigError, match=r"\./okta\.yaml"):
        okta_admin.Client(org_url="https://dev-1.okta.com", token="t")


def test_missing_settings_mention_the_argument() -> None:
    with pytest.raises(okta_admin.ConfigError, match=r"org_url=, OKTA_CLIENT_ORGURL or okta\.client\.orgUrl"):
        okta_admin.Client(token="t")
    with pytest.raises(okta_admin.ConfigError, match=r"token=, OKTA_CLIENT_TOKEN or okta\.client\.token"):
        okta_admin.Client(org_url="https://dev-1.okta.com")


# ---- secrets ----


def test_no_secret_in_any_repr(mock: Mock, stub: Stub) -> None:
    token = "SSWS-SECRET-0123456789"
    clients = [
        okta_admin.Client(org_url=mock.url, token=token),
        okta_admin.AsyncClient(org_url=mock.url, bearer_token=token),
        okta_admin.Client(
            org_url=mock.url,
            client_id="app-rsa",
            scopes=SCOPES,
            private_key=RSA_PEM.read_text(),
            key_id="kid-1",
            proxy={"host": "127.0.0.1", "port": 3128, "username": "proxy-user", "password": "PROXY-PASSWORD-42"},
        ),
        okta_admin.Client(org_url=mock.url, client_id="app", scopes="a b", client_assertion="ASSERTION.SECRET.JWT"),
        okta_admin.Client(
            org_url=mock.url, token=token, proxy="http://proxy-user:PROXY-PASSWORD-42@127.0.0.1:3128"
        ),
    ]
    texts = []
    for client in clients:
        view = client.with_options(headers={"Authorization": "SSWS VIEW-SECRET-99"}, capture_response=True)
        for obj in (client, client.config, view, view.config):
            texts += [repr(obj), str(obj)]
    text = "\n".join(texts)
    assert_no_secret(text, token, "PROXY-PASSWORD-42", "ASSERTION.SECRET.JWT", "VIEW-SECRET-99")
    assert "SSWS <redacted>" in text and "PrivateKey <redacted>" in text and "JWT <redacted>" in text
    config = clients[2].config
    assert config.proxy == {"host": "127.0.0.1", "port": 3128, "username": "proxy-user"}
    assert config.client_id == "app-rsa" and config.scopes == SCOPES and config.key_id == "kid-1"
    assert clients[3].config.authorization_mode == "JWT"


# ---- proxy ----


def test_proxy_with_credentials_is_used(stub: Stub) -> None:
    stub.reply(200, {"id": "00u1", "profile": {"login": "via-proxy"}})
    port = stub.url.rsplit(":", 1)[1]
    client = okta_admin.Client(
        org_url="http://127.0.0.1:9", token="t", proxy=f"http://pu%40x:p%3Ass@127.0.0.1:{port}", max_retries=0
    )
    assert client.users.get("u1").profile.login == "via-proxy"
    sent = stub.requests[-1]
    assert sent["path"] == "http://127.0.0.1:9/api/v1/users/u1"  # absolute form: a proxied request
    import base64

    assert sent["headers"]["proxy-authorization"] == "Basic " + base64.b64encode(b"pu@x:p:ss").decode()


def test_proxy_from_okta_yaml(stub: Stub) -> None:
    stub.reply(200, {"id": "00u2"})
    port = int(stub.url.rsplit(":", 1)[1])
    write_yaml(
        Path.cwd() / "okta.yaml",
        {"orgUrl": "http://127.0.0.1:9", "token": "t", "proxy": {"host": "127.0.0.1", "port": port}},
    )
    client = okta_admin.Client(max_retries=0)
    assert client.config.proxy == {"host": "127.0.0.1", "port": port, "username": None}
    assert client.users.get("u2").id == "00u2"
    assert stub.requests[-1]["path"].startswith("http://127.0.0.1:9/")


# ---- OAuth 2.0 end to end ----


@pytest.mark.parametrize(
    "client_id, key",
    [
        ("app-rsa", RSA_PEM),
        ("app-rsa", RSA_PKCS1),
        ("app-rsa", RSA_JWK),
        ("app-ec", EC_SEC1),
        ("app-ec", EC_PKCS8),
        ("app-ec", EC_JWK),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_private_key_jwt_end_to_end(oauth_mock: Mock, client_id: str, key: Path) -> None:
    forms: List[Any] = [key, str(key), key.read_text()]  # a Path, a str path, the key text
    for form in forms:
        oauth_mock.clear_requests()
        client = okta_admin.Client(org_url=oauth_mock.url, client_id=client_id, scopes=SCOPES, private_key=form)
        assert client.config.authorization_mode == "PrivateKey"
        assert client.users.get("user1@example.com").profile.login == "user1@example.com"
        assert len(client.users.list(limit=2).to_list()) == 5
        sent = oauth_mock.requests()
        token = [r for r in sent if r["path"] == "/oauth2/v1/token"]
        assert len(token) == 1  # one token, cached for the following calls
        form_body = urllib.parse.parse_qs(token[0]["body"])
        assert form_body["grant_type"] == ["client_credentials"]
        assert form_body["scope"] == [" ".join(SCOPES)]
        assert form_body["client_assertion_type"] == ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
        api = [r for r in sent if r["path"].startswith("/api/")]
        assert api and all(r["headers"]["authorization"].startswith("Bearer ") for r in api)
        assert_no_secret(repr(client) + repr(client.config))


async def test_private_key_jwt_async(oauth_mock: Mock) -> None:
    client = okta_admin.AsyncClient(org_url=oauth_mock.url, client_id="app-ec", scopes="okta.users.read", private_key=EC_JWK)
    users = await client.users.list(limit=2).to_list()
    assert len(users) == 5


def test_oauth_settings_from_okta_yaml_and_env(oauth_mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    write_yaml(
        Path.cwd() / "okta.yaml",
        {
            "orgUrl": oauth_mock.url,
            "authorizationMode": "PrivateKey",
            "clientId": "app-rsa",
            "scopes": ["okta.users.manage"],  # not allowed for app-rsa
            "privateKey": str(RSA_PEM),
        },
    )
    with pytest.raises(okta_admin.ApiError) as caught:
        okta_admin.Client().users.get("user1@example.com")
    assert caught.value.status == 400 and "invalid_scope" in caught.value.body
    assert_no_secret(str(caught.value) + repr(caught.value.__dict__))
    # scopes= overrides the file's scopes, key by key (client id and key still from the file)
    client = okta_admin.Client(scopes=["okta.users.read"])
    assert client.config.client_id == "app-rsa" and client.config.scopes == ["okta.users.read"]
    assert client.users.get("user1@example.com").id
    # the environment beats the file too
    monkeypatch.setenv("OKTA_CLIENT_SCOPES", "okta.groups.read, okta.users.read")
    assert okta_admin.Client().config.scopes == ["okta.groups.read", "okta.users.read"]


def test_wrong_key_is_refused_by_the_token_endpoint(oauth_mock: Mock) -> None:
    client = okta_admin.Client(org_url=oauth_mock.url, client_id="app-rsa", scopes=SCOPES, private_key=EC_PKCS8)
    with pytest.raises(okta_admin.ApiError) as caught:
        client.users.get("user1@example.com")
    assert caught.value.status in (400, 401)
    assert_no_secret(str(caught.value) + repr(caught.value.__dict__))
    assert [r for r in oauth_mock.requests() if r["path"].startswith("/api/")] == []


@pytest.mark.parametrize("dpop", [True, False])
def test_dpop_end_to_end(oauth_mock: Mock, dpop: bool) -> None:
    # dpop=False: the token endpoint demands DPoP and the client switches it on by itself
    client = okta_admin.Client(org_url=oauth_mock.url, client_id="app-dpop", scopes=SCOPES, private_key=EC_SEC1, dpop=dpop)
    assert client.config.dpop is dpop
    assert client.users.get("user2@example.com").profile.login == "user2@example.com"
    assert client.users.get("user3@example.com").id
    api = [r for r in oauth_mock.requests() if r["path"].startswith("/api/")]
    assert len(api) == 2
    for request in api:
        assert request["headers"]["authorization"].startswith("DPoP ")
        assert request["headers"]["dpop"].count(".") == 2  # a JWS proof per request
    assert api[0]["headers"]["dpop"] != api[1]["headers"]["dpop"]
    token = token_requests(oauth_mock)
    assert token[-1]["headers"]["dpop"]


def test_dpop_with_server_nonce(oauth_mock: Mock) -> None:
    oauth_mock.configure(requireDpopNonce=True)
    client = okta_admin.Client(org_url=oauth_mock.url, client_id="app-dpop", scopes=SCOPES, private_key=EC_JWK, dpop=True)
    assert client.users.get("user4@example.com").id
    assert len(token_requests(oauth_mock)) >= 2  # the first proof lacked the nonce


def test_client_assertion_mode(oauth_mock: Mock) -> None:
    client = okta_admin.Client(org_url=oauth_mock.url, client_id="app-rsa", scopes=SCOPES, client_assertion="not.a.jwt")
    assert client.config.authorization_mode == "JWT"
    with pytest.raises(okta_admin.ApiError) as caught:
        client.users.get("user1@example.com")
    assert caught.value.status in (400, 401)
    assert "not.a.jwt" not in str(caught.value)
    sent = token_requests(oauth_mock)[-1]
    assert urllib.parse.parse_qs(sent["body"])["client_assertion"] == ["not.a.jwt"]


def test_environment_is_not_needed_for_explicit_settings(mock: Mock) -> None:
    assert os.environ.get("OKTA_CLIENT_TOKEN") is None
    client = okta_admin.Client(org_url=mock.url, token=mock.token)
    assert client.users.get("user1@example.com").id
