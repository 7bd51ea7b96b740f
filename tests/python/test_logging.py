"""Calls are visible on the standard ``logging`` logger ``okta_admin``: a DEBUG record per
attempt and response, a WARNING per retry; never the token."""

from __future__ import annotations

import logging

import pytest

import okta_admin

from conftest import Mock


def test_attempts_responses_and_retries_are_logged(mock: Mock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="okta_admin")
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_retries=1)
    flaky = client.with_options(headers={"X-Mock-Fault": "status:503:1"})
    assert flaky.users.get("user1@example.com").id
    records = [r for r in caplog.records if r.name == "okta_admin"]
    kinds = [(r.levelname, r.getMessage().split(";")[0].split(" ")[0]) for r in records]
    assert kinds == [
        ("DEBUG", "request"),
        ("DEBUG", "response"),
        ("WARNING", "retry"),
        ("DEBUG", "request"),
        ("DEBUG", "response"),
    ], [r.getMessage() for r in records]
    first, answered = records[0].getMessage(), records[1].getMessage()
    assert "operation=getUser" in first and "method=GET" in first and "/api/v1/users/{id}" in first
    assert "attempt=1" in first and "attempt=2" in records[3].getMessage()
    assert "status=503" in answered and "request_id=" in answered
    assert "status=200" in records[4].getMessage()
    for record in records:
        text = record.getMessage()
        assert mock.token not in text and "user1@example.com" not in text, text


def test_nothing_is_logged_above_debug_by_default(mock: Mock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="okta_admin")
    client = okta_admin.Client(org_url=mock.url, token=mock.token)
    assert client.users.get("user1@example.com").id
    assert [r for r in caplog.records if r.name == "okta_admin"] == []


def test_pacing_keeps_a_burst_under_the_rate_limit(caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    from conftest import start_mock, stop_mock

    caplog.set_level(logging.DEBUG, logger="okta_admin")

    async def burst(mock: Mock, pacing: bool) -> int:
        client = okta_admin.AsyncClient(org_url=mock.url, token=mock.token, max_retries=10, pacing=pacing)
        assert client.config.pacing is pacing
        gate = asyncio.Semaphore(6)

        async def one() -> None:
            async with gate:
                assert (await client.users.get("user1@example.com")).id

        caplog.clear()
        await asyncio.gather(*(one() for _ in range(40)))
        return sum("status=429" in r.getMessage() for r in caplog.records if r.name == "okta_admin" and r.getMessage().startswith("response"))

    for pacing, check in ((True, lambda n: n == 0), (False, lambda n: n > 0)):
        mock = start_mock("--seed-users", "2", "--rate-limit", "15/500ms")
        try:
            limited = asyncio.run(burst(mock, pacing))
            assert check(limited), (pacing, limited)
        finally:
            stop_mock(mock)
