"""Error mapping: okta_admin::Error variants → the okta_admin exception hierarchy."""

from __future__ import annotations

import builtins
import json
import time
from typing import Any

import pytest

import okta_admin
from okta_admin import errors

from conftest import Mock


def test_hierarchy() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), okta_admin.OktaError)
    assert issubclass(okta_admin.RateLimitError, okta_admin.ApiError)
    assert issubclass(okta_admin.NotFoundError, okta_admin.ApiError)
    assert issubclass(okta_admin.OktaTimeoutError, builtins.TimeoutError)
    assert issubclass(okta_admin.OktaConnectionError, builtins.ConnectionError)
    assert issubclass(okta_admin.InvalidRequestError, ValueError)


def test_not_found_carries_okta_error_fields(client: Any) -> None:
    with pytest.raises(okta_admin.NotFoundError) as caught:
        client.users.get("missing")
    e = caught.value
    assert isinstance(e, okta_admin.ApiError)
    assert e.status == 404
    assert e.error_code == "E0000007"
    assert e.error_summary and "Not found" in e.error_summary
    assert e.error_id
    assert e.request_id
    assert json.loads(e.body)["errorCode"] == "E0000007"
    assert e.error_causes == []
    assert "E0000007" in str(e) and "404" in str(e)
    assert e.code == "not_found"


def test_validation_error_has_causes(client: Any) -> None:
    with pytest.raises(okta_admin.BadRequestError) as caught:
        client.users.create(profile={"firstName": "No login"})
    e = caught.value
    assert e.status == 400
    assert e.error_causes and all("errorSummary" in c for c in e.error_causes)


def test_wrong_token_is_authentication_error(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token="wrong-token")
    with pytest.raises(okta_admin.UnauthorizedError) as caught:
        client.users.get("x")
    assert caught.value.status == 401
    assert "wrong-token" not in str(caught.value) and "wrong-token" not in repr(caught.value)


def test_server_error_is_retried_then_raised(client: Any, mock: Mock) -> None:
    mock.configure(faults=["status:503:5"])
    mock.clear_requests()
    with pytest.raises(okta_admin.ServerError) as caught:
        client.users.get("x")
    assert caught.value.status == 503
    sent = mock.requests()
    assert len(sent) == 3  # the first try and two retries (max_retries defaults to 2)
    assert "x-okta-retry-count" not in sent[0]["headers"]
    assert sent[1]["headers"]["x-okta-retry-count"] == "1"
    assert sent[2]["headers"]["x-okta-retry-count"] == "2"
    # retries name the request id of the first failure
    assert sent[1]["headers"]["x-okta-retry-for"] == sent[2]["headers"]["x-okta-retry-for"] != ""


def test_transient_server_error_recovers(client: Any, mock: Mock) -> None:
    mock.configure(faults=["status:502:1"])
    assert client.users.get("user1@example.com").profile.login == "user1@example.com"


def test_post_is_not_retried_on_5xx(client: Any, mock: Mock) -> None:
    mock.configure(faults=["status:503:1"])
    mock.clear_requests()
    with pytest.raises(okta_admin.ServerError):
        client.groups.add(profile={"name": "Once"})
    assert len(mock.requests()) == 1


def test_timeout(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, timeout=0.2, max_retries=0)
    mock.configure(faults=["delay:2000:1"])
    started = time.monotonic()
    with pytest.raises(okta_admin.OktaTimeoutError) as caught:
        client.users.get("user1@example.com")
    assert time.monotonic() - started < 1.5
    assert isinstance(caught.value, builtins.TimeoutError)
    assert caught.value.code == "timeout"


def test_dropped_connection(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_retries=0)
    mock.configure(faults=["drop:1"])
    with pytest.raises(okta_admin.OktaConnectionError):
        client.users.get("user1@example.com")


def test_connection_refused() -> None:
    client = okta_admin.Client(org_url="http://127.0.0.1:9", token="t", max_retries=0)
    with pytest.raises(okta_admin.OktaConnectionError) as caught:
        client.users.get("x")
    assert isinstance(caught.value, builtins.ConnectionError)


def test_malformed_body_is_decode_error(client: Any, mock: Mock) -> None:
    mock.configure(faults=["malformed:1"])
    with pytest.raises(okta_admin.DecodeError) as caught:
        client.users.get("user1@example.com")
    assert caught.value.status == 200
    assert caught.value.body


def test_invalid_request_is_not_sent(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.users.get("..")
    with pytest.raises(ValueError):
        client.users.get("")
    with pytest.raises(okta_admin.InvalidRequestError):
        client.users.replace("x", if_match="bad\nvalue", profile={})
    assert mock.requests() == []


def test_config_errors() -> None:
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url="http://example.com", token="t")  # plain http off loopback
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url="https://dev-1-admin.okta.com", token="t")
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url="https://dev-1.okta.com", token="t", bearer_token="u")
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url="https://dev-1.okta.com", token="   ")
    # Bad numbers are configuration errors, as in Node (`timeoutMs: NaN`).
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(okta_admin.ConfigError, match="`timeout`"):
            okta_admin.Client(org_url="https://dev-1.okta.com", token="t", timeout=bad)
    with pytest.raises(okta_admin.ConfigError, match="control character"):
        okta_admin.Client(org_url="https://dev-1.okta.com/\r\nX-Injected: 1", token="t")
    with pytest.raises(okta_admin.ConfigError) as caught:
        okta_admin.Client(org_url="https://dev-1.okta.com/?token=secret", token="t")
    assert "secret" not in str(caught.value)
    with pytest.raises(okta_admin.ConfigError, match="max_response_bytes"):
        okta_admin.Client(org_url="https://dev-1.okta.com", token="t", max_response_bytes=10)


def test_argument_errors_are_type_errors(client: Any) -> None:
    # The methods are plain Python with real signatures: Python itself checks the arguments.
    with pytest.raises(TypeError, match=r"get\(\) missing 1 required positional argument: 'id'"):
        client.users.get()
    with pytest.raises(TypeError, match="unexpected keyword argument 'userId'"):
        client.users.get(userId="x")
    with pytest.raises(TypeError, match="takes 2 positional arguments but 3 were given"):
        client.users.get("a", "b")
    with pytest.raises(TypeError, match="multiple values"):
        client.users.get("a", id="b")
    with pytest.raises(TypeError, match="takes 1 positional argument but 2 were given"):
        client.users.list(10)
    with pytest.raises(TypeError, match="unexpected keyword argument 'signOnMode'"):
        client.applications.create(label="x", signOnMode="BOOKMARK")
    with pytest.raises(TypeError, match="cannot send a object as JSON"):
        client.users.create(profile={"login": object()})
    with pytest.raises(TypeError, match="must be a str, int, float or bool"):
        client.users.list(limit={"a": 1})

def test_the_server_decides_about_bodies(client: Any) -> None:
    # Required body fields and body shapes are the server's to refuse, as in Rust and Node.
    with pytest.raises(okta_admin.BadRequestError):
        client.users.create()
    with pytest.raises(okta_admin.BadRequestError):
        client.users.create(body=[1, 2])


def test_no_panic_escapes_as_panic_exception(client: Any) -> None:
    # Nothing that a caller can pass makes the binding panic; a deep structure is refused cleanly.
    deep: Any = {}
    for _ in range(300):
        deep = {"a": deep}
    with pytest.raises(ValueError, match="nested too deeply"):
        client.users.create(profile=deep)


def test_every_generated_error_class_is_exported() -> None:
    for name in errors.__all__:
        assert getattr(okta_admin, name) is getattr(errors, name)
        assert name in okta_admin.__all__
