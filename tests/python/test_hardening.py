"""Hostile input and faulty servers: path and query injection, header injection, secrets in
output, 429 and 5xx handling, broken connections and bodies, and odd JSON. Each case ends in a
typed ``okta_admin`` error or a tolerant decode, never a crash."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import traceback
from typing import Any, Dict, List
from urllib.parse import parse_qs, quote

import pytest

import okta_admin

from conftest import Mock, Stub

HOSTILE_IDS = [
    "../apps",
    "..%2fapps",
    "a/b",
    "%2e%2e",
    "%2E%2E/x",
    "?x=1",
    "x?limit=1&after=2",
    "#frag",
    "a b",
    "a+b",
    "tab\there",
    "ünïcødé",
    "用户",
    "a\\b",
    "..\\..\\apps",
    "@evil.example.com",
    "//evil.example.com",
    "...",
]


def api_requests(mock: Mock) -> List[Dict[str, Any]]:
    return [r for r in mock.requests() if not r["path"].startswith("/oauth2/")]


# ---- path injection ----


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_path_parameters_are_exactly_one_encoded_segment(client: Any, mock: Mock, hostile: str) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.NotFoundError):
        client.users.get(hostile)
    sent = api_requests(mock)
    assert len(sent) == 1
    path = sent[0]["path"]
    assert path == "/api/v1/users/" + quote(hostile, safe="-._~"), path
    assert path.count("/") == 4 and sent[0]["query"] == ""


async def test_path_parameters_async_and_nested(async_client: Any, mock: Mock) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.NotFoundError):
        await async_client.groups.assign_user_to_group("../../users", "x/../y")
    sent = api_requests(mock)[-1]
    assert sent["path"] == "/api/v1/groups/..%2F..%2Fusers/users/x%2F..%2Fy"


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_dot_segments_are_refused_before_sending(client: Any, mock: Mock, bad: str) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.users.get(bad)
    with pytest.raises(okta_admin.InvalidRequestError):
        client.groups.assign_user_to_group("g1", bad)
    assert mock.requests() == []


# ---- query encoding ----

NASTY_QUERY = 'profile.lastName eq "O\'Brien & Co" and profile.x sw "a=b+c" or id eq "50%;#?/"'


def test_search_and_filter_values_round_trip(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    client.users.list(search=NASTY_QUERY, limit=5).next_page()
    try:  # whether the mock understands the filter does not matter: the wire does
        client.groups.list(filter="name eq \"R&D = +1\"", q="a b&c").next_page()
    except okta_admin.BadRequestError:
        pass
    sent = api_requests(mock)
    first = sent[0]["query"]
    assert parse_qs(first, keep_blank_values=True) == {"search": [NASTY_QUERY], "limit": ["5"]}
    assert first.count("&") == 1 and first.count("=") == 2  # only the separators are literal
    assert "+" not in first and " " not in first  # a literal + would read as a space
    assert parse_qs(sent[1]["query"]) == {"filter": ['name eq "R&D = +1"'], "q": ["a b&c"]}


def test_query_values_cannot_inject_parameters(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    client.users.list(limit=2, search='profile.login eq "x&limit=1000"').next_page()
    client.with_options(query={"a&b=c": "d&e=f"}).users.list(limit=1).next_page()
    client.request("GET", "/api/v1/users", query={"search": 'id eq "k=v&limit=9"', "limit": 1})
    sent = api_requests(mock)
    assert parse_qs(sent[0]["query"]) == {"limit": ["2"], "search": ['profile.login eq "x&limit=1000"']}
    assert parse_qs(sent[1]["query"]) == {"limit": ["1"], "a&b=c": ["d&e=f"]}
    assert parse_qs(sent[2]["query"]) == {"search": ['id eq "k=v&limit=9"'], "limit": ["1"]}
    client.users.list(search='id eq "a\r\nX-Injected: 1"').next_page()
    assert "%0D%0A" in api_requests(mock)[-1]["query"]


# ---- header injection ----


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b", "a\x7fb"])
def test_crlf_in_header_values_is_refused(client: Any, mock: Mock, value: str) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        client.users.replace("user1@example.com", if_match=value, profile={})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.with_options(headers={"X-Custom": value})
    with pytest.raises(okta_admin.InvalidRequestError):
        client.request("GET", "/api/v1/users", headers={"X-Custom": value})
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url=mock.url, token=mock.token, user_agent=value)
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url=mock.url, token="tok" + value)
    with pytest.raises(okta_admin.ConfigError):
        okta_admin.Client(org_url=mock.url, bearer_token="tok" + value)
    assert mock.requests() == []


async def test_crlf_refused_async(async_client: Any, mock: Mock) -> None:
    mock.clear_requests()
    with pytest.raises(okta_admin.InvalidRequestError):
        await async_client.users.replace("user1@example.com", if_match="x\r\ny", profile={})
    with pytest.raises(okta_admin.InvalidRequestError):
        await async_client.request("GET", "/api/v1/users", headers={"X": "1\r\n2"})
    assert mock.requests() == []


# ---- the token never shows ----

SECRET = "00SECRET-api-token-Zq9"


def test_token_never_in_output(mock: Mock, stub: Stub, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    texts: List[str] = []

    def record(error: BaseException) -> None:
        texts.extend([str(error), repr(error), repr(vars(error)), "".join(traceback.format_exception(error))])

    wrong = okta_admin.Client(org_url=mock.url, token=SECRET, max_retries=0, timeout=0.3)
    texts += [repr(wrong), str(wrong), repr(wrong.config), repr(wrong.with_options(capture_response=True))]
    for call in (
        lambda: wrong.users.get("user1@example.com"),  # 401
        lambda: wrong.with_options(headers={"X-Mock-Fault": "delay:1000"}).users.get("x"),  # timeout
        lambda: wrong.with_options(headers={"X-Mock-Fault": "drop"}).users.get("x"),  # dropped
        lambda: wrong.users.get(".."),  # invalid request
        lambda: okta_admin.Client(org_url="http://example.com", token=SECRET),  # config
        lambda: okta_admin.Client(org_url=SECRET, token="t"),  # a token passed as the org URL
        lambda: okta_admin.Client(org_url="https://dev-1.okta.com", token=SECRET + "\nX: y"),
        lambda: okta_admin.Client(org_url="http://127.0.0.1:9", token=SECRET, max_retries=0).users.get("x"),
    ):
        with pytest.raises(okta_admin.OktaError) as caught:
            call()
        record(caught.value)
    # a server that echoes request headers into its error body is outside our control, but a
    # 2xx/4xx round trip through the stub must not log anything either
    stub.reply(500, {"errorCode": "E0000009", "errorSummary": "boom"})
    with pytest.raises(okta_admin.ServerError) as caught:
        okta_admin.Client(org_url=stub.url, token=SECRET, max_retries=0).users.get("x")
    record(caught.value)
    assert stub.requests[-1]["headers"]["authorization"] == f"SSWS {SECRET}"  # it was sent, once
    out, err = capfd.readouterr()
    everything = "\n".join(texts) + caplog.text + out + err
    assert SECRET not in everything
    assert SECRET[:10] not in everything


# ---- 429 ----


def test_429_with_reset_is_bounded_by_max_rate_limit_wait(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_rate_limit_wait=0.5)
    mock.configure(faults=["rate-limit:5"])
    started = time.monotonic()
    with pytest.raises(okta_admin.RateLimitError) as caught:
        client.users.get("user1@example.com")
    assert time.monotonic() - started < 1.0  # the reset (≥ 1 s away) is past the budget: no wait
    assert caught.value.retries == 0 and caught.value.reset is not None


def test_429_without_reset_headers_backs_off_then_raises(stub: Stub) -> None:
    stub.reply(429, {"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit"}, times=3)
    client = okta_admin.Client(org_url=stub.url, token="t", max_retries=2)
    started = time.monotonic()
    with pytest.raises(okta_admin.RateLimitError) as caught:
        client.users.get("x")
    elapsed = time.monotonic() - started
    assert 0.2 < elapsed < 3.0  # two short backoffs
    e = caught.value
    assert e.retries == 2 and e.reset is None and e.limit is None and e.status == 429
    assert e.error_code == "E0000047"
    assert len(stub.requests) == 3


def test_429_with_far_reset_fails_fast(stub: Stub) -> None:
    reset = str(int(time.time()) + 3600)
    stub.reply(429, {"errorCode": "E0000047"}, headers=[("X-Rate-Limit-Reset", reset), ("X-Rate-Limit-Limit", "10"), ("X-Rate-Limit-Remaining", "0")])
    started = time.monotonic()
    with pytest.raises(okta_admin.RateLimitError) as caught:
        okta_admin.Client(org_url=stub.url, token="t").users.get("x")
    assert time.monotonic() - started < 1.0
    assert caught.value.reset == int(reset) and caught.value.limit == 10 and caught.value.remaining == 0
    assert len(stub.requests) == 1


def test_429_concurrency_limit_recovers(stub: Stub) -> None:
    reset = str(int(time.time()) + 3600)  # Limit = Remaining = 0: the concurrent-request limit
    stub.reply(429, {}, headers=[("X-Rate-Limit-Reset", reset), ("X-Rate-Limit-Limit", "0"), ("X-Rate-Limit-Remaining", "0")])
    stub.reply(200, {"id": "00u1"})
    started = time.monotonic()
    assert okta_admin.Client(org_url=stub.url, token="t").users.get("x").id == "00u1"
    assert time.monotonic() - started < 1.0  # a short backoff, not the reset


# ---- 5xx: retried only for idempotent methods ----

IDEMPOTENT = {
    "GET": lambda c: c.users.get("user1@example.com"),
    "PUT": lambda c: c.groups.replace("missing-group", profile={"name": "x"}),
    "DELETE": lambda c: c.groups.delete("missing-group"),
}
NOT_IDEMPOTENT = {
    "POST": lambda c: c.groups.add(profile={"name": "x"}),
    "PATCH": lambda c: c.email_servers.update("missing", body={"alias": "x"}),
}


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("method", sorted(IDEMPOTENT) + sorted(NOT_IDEMPOTENT))
def test_server_errors_retried_only_when_idempotent(client: Any, mock: Mock, status: int, method: str) -> None:
    mock.clear_requests()
    view = client.with_options(headers={"X-Mock-Fault": f"status:{status}:1"})
    if method in IDEMPOTENT:
        try:
            IDEMPOTENT[method](view)
        except okta_admin.NotFoundError:
            pass  # the retry reached the endpoint
        assert [r["method"] for r in api_requests(mock)] == [method, method]
        assert api_requests(mock)[1]["headers"]["x-okta-retry-count"] == "1"
    else:
        with pytest.raises(okta_admin.ServerError) as caught:
            NOT_IDEMPOTENT[method](view)
        assert caught.value.status == status
        assert [r["method"] for r in api_requests(mock)] == [method]


# ---- broken connections and bodies ----


def test_dropped_connection_is_retried_for_get_only(client: Any, mock: Mock) -> None:
    mock.clear_requests()
    assert client.with_options(headers={"X-Mock-Fault": "drop:1"}).users.get("user1@example.com").id
    assert len(api_requests(mock)) == 2
    mock.clear_requests()
    with pytest.raises(okta_admin.OktaConnectionError):
        client.with_options(headers={"X-Mock-Fault": "drop:2"}).groups.add(profile={"name": "once"})
    assert len(api_requests(mock)) == 1
    with pytest.raises(okta_admin.OktaConnectionError):
        client.with_options(headers={"X-Mock-Fault": "drop"}).users.get("user1@example.com")


async def test_dropped_connection_async(async_client: Any) -> None:
    with pytest.raises(okta_admin.OktaConnectionError):
        await async_client.with_options(max_retries=0, headers={"X-Mock-Fault": "drop"}).users.get("x")
    with pytest.raises(okta_admin.OktaTimeoutError):
        await async_client.with_options(max_retries=0, timeout=0.2, headers={"X-Mock-Fault": "delay:1500"}).users.get("x")


def test_truncated_body_is_a_connection_error(stub: Stub) -> None:
    stub.reply(200, {"id": "00u1", "profile": {"login": "x"}}, action="truncate", times=3)
    client = okta_admin.Client(org_url=stub.url, token="t", max_retries=2)
    with pytest.raises(okta_admin.OktaConnectionError):
        client.users.get("x")
    assert len(stub.requests) == 3  # a GET is retried


def test_truncated_json_is_a_decode_error(client: Any, mock: Mock) -> None:
    with pytest.raises(okta_admin.DecodeError) as caught:
        client.with_options(headers={"X-Mock-Fault": "malformed"}).users.list(limit=3).next_page()
    assert caught.value.status == 200 and caught.value.body
    with pytest.raises(okta_admin.DecodeError):
        client.with_options(headers={"X-Mock-Fault": "malformed:5"}).request("GET", "/api/v1/users").json()


def test_dropped_connection_server_side(stub: Stub) -> None:
    stub.reply(action="drop", times=3)
    with pytest.raises(okta_admin.OktaConnectionError):
        okta_admin.Client(org_url=stub.url, token="t").users.get("x")
    assert len(stub.requests) == 3


# ---- odd JSON: tolerated ----


def odd_user() -> Dict[str, Any]:
    return {
        "id": "00u1",
        "status": "BRAND_NEW_STATUS",  # not in the spec's enum
        "profile": None,  # null where an object is declared
        "credentials": {"provider": None, "recovery_question": 5},
        "type": "not-an-object",
        "_links": None,
        "lastLogin": 12345,  # a number where a date-time is declared
        "futureField": {"nested": [1, None, {"x": True}]},  # not in the spec at all
    }


def test_unexpected_fields_nulls_and_unknown_enums_are_tolerated(stub: Stub) -> None:
    client = okta_admin.Client(org_url=stub.url, token="t")
    stub.reply(200, odd_user())
    user = client.users.get("00u1")
    assert isinstance(user, okta_admin.models.User)
    assert user.status == "BRAND_NEW_STATUS"
    assert user.profile is None and user.links is None
    assert user.type == "not-an-object"
    assert user.last_login == 12345
    assert user["futureField"] == {"nested": [1, None, {"x": True}]}
    assert user.credentials.provider is None
    assert user.to_dict() == odd_user()
    assert "BRAND_NEW_STATUS" in repr(user)


def test_odd_top_level_bodies(stub: Stub) -> None:
    client = okta_admin.Client(org_url=stub.url, token="t")
    # A typed call never hands out null, nothing or a list as a User.
    for body, found in ((b"null", "null"), (b"", "an empty body"), (b"[1, 2]", "an array"), (b'"x"', "a string")):
        stub.reply(200, body=body)
        with pytest.raises(okta_admin.DecodeError, match=f"getUser expected a JSON object, got {found}") as caught:
            client.users.get("x")
        assert caught.value.status == 200 and caught.value.body == body.decode()
    stub.reply(204, body=b"")  # No Content says so itself
    assert client.users.get("x") is None
    stub.reply(200, body=b"<html>maintenance</html>", headers=[("Content-Type", "text/html")])
    with pytest.raises(okta_admin.DecodeError) as caught:
        client.users.get("x")
    assert "maintenance" in caught.value.body
    stub.reply(200, body=b'{"id": "00u1", "profile": {"login": "\xff\xfe"}}')  # invalid UTF-8
    with pytest.raises(okta_admin.DecodeError):
        client.users.get("x")


def test_odd_pages(stub: Stub) -> None:
    client = okta_admin.Client(org_url=stub.url, token="t")
    stub.reply(200, [odd_user(), None, {"id": "00u2", "profile": {"login": "b"}}])
    items = client.users.list().to_list()
    assert [getattr(u, "id", u) for u in items] == ["00u1", None, "00u2"]
    assert items[0].status == "BRAND_NEW_STATUS"
    stub.reply(200, {"not": "a list"})
    with pytest.raises(okta_admin.DecodeError):
        client.users.list().to_list()
    stub.reply(200, [1, "two", [3]])  # items that are not objects: handed over as is
    assert client.users.list().to_list() == [1, "two", [3]]
    # a relative next link stays in the org (and 404s here); another origin is never followed
    stub.reply(200, [{"id": "a"}], headers=[("Link", '<not a url>; rel="next"')])
    with pytest.raises(okta_admin.NotFoundError):
        client.users.list().to_list()
    assert stub.requests[-1]["path"] == "/api/v1/not%20a%20url"
    for link in ("javascript:alert(1)", "https://evil.example.com/api/v1/users", "//evil.example.com/x"):
        count = len(stub.requests)
        stub.reply(200, [{"id": "a"}], headers=[("Link", f'<{link}>; rel="next"')])
        pager = client.users.list()
        assert next(pager).id == "a"
        with pytest.raises(okta_admin.PaginationError):
            next(pager)
        assert len(stub.requests) == count + 1


async def test_odd_json_async(stub: Stub) -> None:
    client = okta_admin.AsyncClient(org_url=stub.url, token="t")
    stub.reply(200, odd_user())
    user = await client.users.get("00u1")
    assert user.status == "BRAND_NEW_STATUS" and user.profile is None
    stub.reply(200, body=b'{"id": ')
    with pytest.raises(okta_admin.DecodeError):
        await client.users.get("x")


def test_error_bodies_that_are_not_okta_errors(stub: Stub) -> None:
    client = okta_admin.Client(org_url=stub.url, token="t", max_retries=0)
    stub.reply(404, body=b"plain text not found", headers=[("Content-Type", "text/plain")])
    with pytest.raises(okta_admin.NotFoundError) as caught:
        client.users.get("x")
    assert caught.value.error_code is None and caught.value.body == "plain text not found"
    stub.reply(400, {"errorCode": None, "errorSummary": 5, "errorCauses": "nope"})
    with pytest.raises(okta_admin.BadRequestError) as bad:
        client.users.get("x")
    assert bad.value.status == 400 and isinstance(bad.value.error_causes, list)
    stub.reply(302, headers=[("Location", "https://evil.example.com/")])
    with pytest.raises(okta_admin.RedirectError) as redirect:
        client.users.get("x")
    assert redirect.value.location == "https://evil.example.com/"
    assert len(stub.requests) == 3  # the redirect was not followed


def test_many_faults_never_crash(mock: Mock) -> None:
    """Every fault, on sync and async calls and pagers: an OktaError or a result, nothing else."""
    client = okta_admin.Client(org_url=mock.url, token=mock.token, timeout=0.5, max_retries=1, max_rate_limit_wait=0.1)
    faults = ["drop", "malformed", "status:500", "status:429", "rate-limit", "delay:900", "foreign-link", "status:418"]
    outcomes: Dict[str, str] = {}
    for fault in faults:
        view = client.with_options(headers={"X-Mock-Fault": fault})
        for name, call in (
            ("get", lambda v: v.users.get("user1@example.com")),
            ("list", lambda v: v.users.list(limit=2).to_list()),
            ("post", lambda v: v.groups.add(profile={"name": "f"})),
        ):
            try:
                call(view)
                outcomes[f"{fault} {name}"] = "ok"
            except okta_admin.OktaError as e:
                outcomes[f"{fault} {name}"] = type(e).__name__

        async def run() -> None:
            try:
                await client.to_async().with_options(headers={"X-Mock-Fault": fault}).users.get("user1@example.com")
            except okta_admin.OktaError:
                pass

        asyncio.run(run())
    assert outcomes["drop get"] == "OktaConnectionError" and outcomes["delay:900 get"] == "OktaTimeoutError"
    assert outcomes["malformed get"] == "DecodeError" and outcomes["status:418 get"] == "ApiError"
    assert outcomes["foreign-link list"] == "PaginationError"
    assert outcomes["status:429 post"] == "RateLimitError"
