"""429 handling in the core, seen from Python: waits and retries, then RateLimitError."""

from __future__ import annotations

import time
from typing import Any

import pytest

import okta_admin

from conftest import Mock


def test_429_is_retried_after_the_reset(client: Any, mock: Mock) -> None:
    mock.configure(faults=["rate-limit:1"])
    mock.clear_requests()
    started = time.monotonic()
    user = client.users.get("user1@example.com")
    assert user.profile.login == "user1@example.com"
    sent = mock.requests()
    assert len(sent) == 2
    assert sent[1]["headers"]["x-okta-retry-count"] == "1"
    assert time.monotonic() - started >= 0.5  # it waited for the reset


def test_rate_limit_error_when_retries_run_out(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_retries=1)
    mock.configure(faults=["rate-limit:5"])
    with pytest.raises(okta_admin.RateLimitError) as caught:
        client.users.get("user1@example.com")
    e = caught.value
    assert isinstance(e, okta_admin.ApiError)
    assert e.status == 429
    assert e.retries == 1
    assert e.reset is not None and e.reset > 0
    assert e.code == "rate_limited"


def test_no_retries_when_disabled(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_retries=0)
    mock.configure(faults=["rate-limit:1"])
    mock.clear_requests()
    with pytest.raises(okta_admin.RateLimitError) as caught:
        client.users.get("user1@example.com")
    assert caught.value.retries == 0
    assert len(mock.requests()) == 1


def test_request_budget_is_waited_out(client: Any, mock: Mock) -> None:
    mock.configure(rateLimit="4/1s")
    started = time.monotonic()
    users = client.users.list(limit=5).to_list()  # 5 pages and a budget of 4 per second
    assert len({u.id for u in users}) == 25
    assert time.monotonic() - started >= 0.5  # the fifth page had to wait for the next window
