"""Escape hatches: ``client.with_options(...)`` views and ``client.request(...)``, checked
against the mock's request journal."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List
from urllib.parse import parse_qs

import pytest

import okta_admin

from conftest import Mock


def last(mock: Mock) -> Dict[str, Any]:
    return mock.requests()[-1]


def test_extra_query_and_headers_reach_the_wire(client: Any, mock: Mock) -> None:
    view = client.with_options(query={"expand": "blocks", "x": [1, 2]}, headers={"X-Trace": "abc", "X-Num": 7})
    assert isinstance(view, okta_admin.Client)
    user = view.users.get("user1@example.com")
    assert user.profile.login == "user1@example.com"
    sent = last(mock)
    assert parse_qs(sent["query"]) == {"expand": ["blocks"], "x": ["1", "2"]}
    assert sent["headers"]["x-trace"] == "abc"
    assert sent["headers"]["x-num"] == "7"
    # the client itself is unchanged
    mock.clear_requests()
    client.users.get("user1@example.com")
    assert last(mock)["query"] == "" and "x-trace" not in last(mock)["headers"]


def test_query_pairs_and_typed_query_together(client: Any, mock: Mock) -> None:
    view = client.with_options(query=[("search", 'profile.login sw "user1"'), ("extra", "1")])
    users = view.users.list(limit=3).to_list()
    assert users
    query = parse_qs(mock.requests()[0]["query"])
    assert query["limit"] == ["3"] and query["extra"] == ["1"]
    assert query["search"] == ['profile.login sw "user1"']


def test_raw_body_replaces_the_typed_one(client: Any, mock: Mock) -> None:
    raw = {"profile": {"name": "From raw body", "description": "raw"}, "futureField": True}
    group = client.with_options(body=raw).groups.add(profile={"name": "Typed name"})
    sent = last(mock)
    assert json.loads(sent["body"]) == raw
    assert sent["headers"]["content-type"].startswith("application/json")
    assert group.profile["name"] == "From raw body"


def test_timeout_option(client: Any, mock: Mock) -> None:
    view = client.with_options(timeout=0.2, max_retries=0, headers={"X-Mock-Fault": "delay:2000"})
    started = time.monotonic()
    with pytest.raises(okta_admin.OktaTimeoutError) as caught:
        view.users.get("user1@example.com")
    assert time.monotonic() - started < 1.5
    assert isinstance(caught.value, TimeoutError)
    # the client's own timeout (10 s) still applies without the view
    assert client.users.get("user1@example.com").id


async def test_timeout_option_async(async_client: Any) -> None:
    view = async_client.with_options(timeout=0.2, max_retries=0, headers={"X-Mock-Fault": "delay:2000"})
    assert isinstance(view, okta_admin.AsyncClient)
    with pytest.raises(okta_admin.OktaTimeoutError):
        await view.users.get("user1@example.com")


def test_max_retries_zero_sends_once(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    view = client.with_options(max_retries=0, headers={"X-Mock-Fault": "status:503:5"})
    with pytest.raises(okta_admin.ServerError):
        view.users.get("user1@example.com")
    assert len(mock.requests()) == 1
    # and the client's default (2 retries) sends three times
    mock.clear_requests()
    with pytest.raises(okta_admin.ServerError):
        client.with_options(headers={"X-Mock-Fault": "status:503:5"}).users.get("user1@example.com")
    assert len(mock.requests()) == 3


def test_captured_response_has_rate_limit_headers(client: Any, mock: Mock) -> None:
    view = client.with_options(capture_response=True)
    assert view.last_response is None
    user = view.users.get("user2@example.com")
    raw = view.last_response
    assert isinstance(raw, okta_admin.Response)
    assert raw.status == 200
    for name in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
        assert int(raw.headers[name]) >= 0, name
    assert raw.request_id and raw.headers["x-okta-request-id"] == raw.request_id
    assert isinstance(raw.body, bytes) and json.loads(raw.body)["id"] == user.id
    assert raw.json()["id"] == user.id
    assert raw.text.startswith("{")
    assert "Response(status=200" in repr(raw)
    # a failed call leaves the last successful response in place
    with pytest.raises(okta_admin.NotFoundError):
        view.users.get("missing")
    assert view.last_response is not None and view.last_response.json()["id"] == user.id
    # without capture_response there is nothing
    assert client.last_response is None
    assert client.with_options(max_retries=1).last_response is None


async def test_captured_response_async_and_pages(async_client: Any, mock: Mock) -> None:
    view = async_client.with_options(capture_response=True)
    sizes: List[int] = []
    async for page in view.users.list(limit=10).pages():
        raw = view.last_response
        assert raw is not None
        sizes.append(len(raw.json()))
        assert len(page) == sizes[-1]
    assert sizes == [10, 10, 5]


def test_views_compose_and_share_the_pool(client: Any, mock: Mock) -> None:
    base = client.with_options(headers={"X-A": "1"})
    both = base.with_options(headers={"X-B": "2"}, query={"q": "v"}, capture_response=True)
    both.users.get("user1@example.com")
    sent = last(mock)
    assert sent["headers"]["x-a"] == "1" and sent["headers"]["x-b"] == "2"
    assert parse_qs(sent["query"]) == {"q": ["v"]}
    assert both.last_response is not None and base.last_response is None
    assert "options=[header X-A, query q, header X-B, capture_response]" in repr(both)
    assert both.to_async().last_response is not None  # a twin shares the view
    assert both.org_url == client.org_url


def test_option_headers_replace_defaults(client: Any, mock: Mock) -> None:
    client.with_options(headers={"Accept": "application/json; okta-version=1.0.0"}).users.get("user1@example.com")
    assert last(mock)["headers"]["accept"] == "application/json; okta-version=1.0.0"


def test_bad_options_fail_before_sending(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.with_options(headers={"X-Evil": "a\r\nX-Injected: 1"})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.with_options(headers={"Bad Name": "v"})
    with pytest.raises(ValueError):
        client.with_options(timeout=0)
    with pytest.raises(ValueError):
        client.with_options(timeout=-1)
    with pytest.raises(TypeError):
        client.with_options(query=5)
    with pytest.raises(TypeError):
        client.with_options(body={"a": object()})
    assert mock.requests() == []


# ---- client.request ----


def test_request_to_a_user_path(client: Any, mock: Mock) -> None:
    login = "user3@example.com"
    raw = client.request("GET", "/api/v1/users/{login}", path_params={"login": login})
    assert isinstance(raw, okta_admin.Response)
    assert raw.status == 200 and raw.json()["profile"]["login"] == login
    assert last(mock)["path"] == "/api/v1/users/user3%40example.com"
    raw = client.request("get", f"/api/v1/users/{login}", query={"expand": "blocks"}, headers={"X-Trace": "t"})
    sent = last(mock)
    assert sent["method"] == "GET" and sent["path"] == f"/api/v1/users/{login}"
    assert sent["query"] == "expand=blocks" and sent["headers"]["x-trace"] == "t"
    assert sent["headers"]["authorization"] == f"SSWS {mock.token}"


def test_request_with_json_and_errors(client: Any, mock: Mock) -> None:
    raw = client.request("POST", "/api/v1/groups", json={"profile": {"name": "Raw group"}})
    group = raw.json()
    assert raw.status == 200 and group["profile"]["name"] == "Raw group"
    assert json.loads(last(mock)["body"]) == {"profile": {"name": "Raw group"}}
    deleted = client.request("DELETE", "/api/v1/groups/{id}", path_params={"id": group["id"]})
    assert deleted.status == 204 and deleted.body == b"" and deleted.json() is None
    with pytest.raises(okta_admin.NotFoundError) as caught:
        client.request("GET", "/api/v1/groups/{id}", path_params={"id": group["id"]})
    assert caught.value.error_code == "E0000007"


def test_request_retries_like_generated_calls(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    raw = client.request("GET", "/api/v1/users/user1@example.com", headers={"X-Mock-Fault": "status:503:1"})
    assert raw.status == 200
    assert len(mock.requests()) == 2
    mock.clear_requests()
    with pytest.raises(okta_admin.ServerError):
        # (a fault header value is counted per value by the mock: a new one for this call)
        client.request("POST", "/api/v1/groups", json={"profile": {"name": "x"}}, headers={"X-Mock-Fault": "status:502:1"})
    assert len(mock.requests()) == 1  # POST is not retried


def test_request_with_raw_body(client: Any, mock: Mock) -> None:
    with pytest.raises(okta_admin.ApiError):
        client.request("POST", "/api/v1/groups", body=b"\x00\x01", content_type="application/octet-stream")
    sent = last(mock)
    assert sent["headers"]["content-type"] == "application/octet-stream"
    with pytest.raises(TypeError):
        client.request("POST", "/api/v1/groups", json={}, body=b"")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/users/../apps",
        "/api/v1/users/%2e%2e/apps",
        "/api/v1/users/%2E./apps",
        "/api/v1/users/./x",
        "/api/v1/users?x=1",
        "/api/v1/users#frag",
        "api/v1/users",
        "/api/v1/users/a\r\nX: y",
        "/api/v1/users/..\\apps",
    ],
)
def test_request_refuses_paths_that_leave_the_endpoint(client: Any, mock: Mock, path: str) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GET", path)
    assert mock.requests() == []


@pytest.mark.parametrize("value", ["..", ".", ""])
def test_request_refuses_dot_path_params(client: Any, mock: Mock, value: str) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GET", "/api/v1/users/{id}", path_params={"id": value})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GET", "/api/v1/users/{id}", path_params={"other": "x"})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GET", "/api/v1/users", path_params={"id": "x"})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GE T", "/api/v1/users")
    assert mock.requests() == []


def test_path_params_are_one_segment(client: Any, mock: Mock) -> None:
    with pytest.raises(okta_admin.NotFoundError):
        client.request("GET", "/api/v1/users/{id}", path_params={"id": "../apps?x=1#y"})
    assert last(mock)["path"] == "/api/v1/users/..%2Fapps%3Fx%3D1%23y"


async def test_request_async(async_client: Any, mock: Mock) -> None:
    view = async_client.with_options(capture_response=True)
    raw = await view.request("GET", "/api/v1/users/{id}", path_params={"id": "user4@example.com"})
    assert raw.json()["profile"]["login"] == "user4@example.com"
    assert view.last_response is not None and view.last_response.status == 200
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        await async_client.request("GET", "/api/v1/../apps")
    assert mock.requests() == []
