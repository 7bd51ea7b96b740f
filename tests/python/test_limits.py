"""Reliability limits: a huge response cannot exhaust memory (measured in a child process), a
client can be closed, and asyncio cancellation stops a call cleanly."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

import okta_admin

from conftest import Mock

CHILD = textwrap.dedent(
    """
    import json, sys
    import okta_admin

    url, token = sys.argv[1:3]
    client = okta_admin.Client(org_url=url, token=token, max_retries=0)
    seen = []
    for fault in ("big:300", "big-error:300"):
        try:
            client.with_options(headers={"X-Mock-Fault": fault}).users.get("user1@example.com")
        except okta_admin.ResponseTooLargeError as e:
            seen.append([type(e).__name__, e.status, e.limit, "max_response_bytes" in str(e)])
    peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
    print(json.dumps({"seen": seen, "peak_kb": int(peak)}))
    """
)


def test_a_300_mb_body_stays_under_256_mb(mock: Mock) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mock.url, mock.token], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    result = json.loads(out)
    limit = 64 * 1024 * 1024
    assert result["seen"] == [["ResponseTooLargeError", 200, limit, True], ["ResponseTooLargeError", 400, limit, True]]
    assert result["peak_kb"] < 256 * 1024, result


def test_the_limit_is_configurable_per_client(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token, max_response_bytes=4096, max_retries=0)
    assert client.config.max_response_bytes == 4096
    with pytest.raises(okta_admin.ResponseTooLargeError) as caught:
        client.with_options(headers={"X-Mock-Fault": "big:1"}).users.get("user1@example.com")
    assert caught.value.limit == 4096 and caught.value.status == 200
    assert client.users.get("user1@example.com").id  # a normal user is far below


def test_close_releases_the_client_and_its_views(mock: Mock) -> None:
    with okta_admin.Client(org_url=mock.url, token=mock.token) as client:
        view = client.with_options(max_retries=0)
        async_twin = client.to_async()
        assert client.users.get("user1@example.com").id
        assert not client.closed
    assert client.closed and view.closed and async_twin.closed
    for call in (lambda: client.users.get("user1@example.com"), lambda: list(view.users.list()), lambda: client.request("GET", "/api/v1/users")):
        with pytest.raises(okta_admin.ClientClosedError, match="closed"):
            call()
    before = len(mock.requests())
    with pytest.raises(okta_admin.ClientClosedError):
        client.users.get("user1@example.com")
    assert len(mock.requests()) == before  # nothing was sent


async def test_async_close_and_context_manager(mock: Mock) -> None:
    async with okta_admin.AsyncClient(org_url=mock.url, token=mock.token) as client:
        assert (await client.users.get("user1@example.com")).id
    assert client.closed
    with pytest.raises(okta_admin.ClientClosedError):
        await client.users.get("user1@example.com")
    other = okta_admin.AsyncClient(org_url=mock.url, token=mock.token)
    await other.close()
    with pytest.raises(okta_admin.ClientClosedError):
        await other.users.get("user1@example.com")


async def test_asyncio_cancellation_stops_a_call(mock: Mock) -> None:
    client = okta_admin.AsyncClient(org_url=mock.url, token=mock.token, max_retries=0)
    slow = client.with_options(headers={"X-Mock-Fault": "delay:3000"})
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(slow.users.get("user1@example.com"), 0.2)
    assert time.monotonic() - started < 2
    task = asyncio.ensure_future(slow.users.get("user1@example.com"))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The client still works after cancellations.
    assert (await client.users.get("user1@example.com")).id


def test_a_loop_closed_with_a_call_in_flight_prints_nothing(mock: Mock) -> None:
    script = textwrap.dedent(
        """
        import asyncio, sys
        import okta_admin

        async def main():
            client = okta_admin.AsyncClient(org_url=sys.argv[1], token=sys.argv[2], max_retries=0)
            slow = client.with_options(headers={"X-Mock-Fault": "delay:500"})
            asyncio.ensure_future(slow.users.get("user1@example.com"))
            await asyncio.sleep(0.05)

        asyncio.run(main())
        import time
        time.sleep(1)  # the call finishes after its loop is gone
        print("done")
        """
    )
    run = subprocess.run([sys.executable, "-c", script, mock.url, mock.token], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "done"
    assert run.stderr == "", run.stderr


def test_odd_numbers_are_refused_as_in_node(mock: Mock) -> None:
    client = okta_admin.Client(org_url=mock.url, token=mock.token)
    for bad in (float("nan"), float("inf"), -1.0, 0.0):
        with pytest.raises(okta_admin.InvalidRequestError, match="timeout"):
            client.with_options(timeout=bad)
    with pytest.raises(okta_admin.ConfigError, match="timeout"):
        okta_admin.Client(org_url=mock.url, token=mock.token, timeout=float("nan"))
