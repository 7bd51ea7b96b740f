"""AsyncClient: awaitables and async iterators on the same shared runtime."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import pytest

import okta_admin

from conftest import Mock


async def test_get_create_delete(async_client: Any, mock: Mock) -> None:
    user = await async_client.users.get("user2@example.com")
    assert isinstance(user, okta_admin.models.User)
    assert user.profile.email == "user2@example.com"

    group = await async_client.groups.add(profile={"name": "Async"})
    assert group.profile["name"] == "Async"
    assert await async_client.groups.delete(group.id) is None


async def test_async_for_spans_pages(async_client: Any) -> None:
    pager = async_client.users.list(limit=10)
    assert isinstance(pager, okta_admin.AsyncPager)
    emails = [u.profile.email async for u in pager]
    assert emails == [f"user{i}@example.com" for i in range(1, 26)]


async def test_pages_next_page_and_to_list(async_client: Any) -> None:
    sizes = [len(p.items) async for p in async_client.users.list(limit=10).pages()]
    assert sizes == [10, 10, 5]
    pager = async_client.users.list(limit=10)
    first = await pager.next_page()
    assert first is not None and first.status == 200 and len(first) == 10
    assert len(await pager.to_list()) == 15
    assert await pager.next_page() is None


async def test_errors_are_raised_by_await(async_client: Any, mock: Mock) -> None:
    with pytest.raises(okta_admin.NotFoundError) as caught:
        await async_client.users.get("missing")
    assert caught.value.error_code == "E0000007"
    with pytest.raises(TypeError):
        async_client.users.get()  # argument errors are raised at call time
    mock.configure(faults=["status:500:5"])
    with pytest.raises(okta_admin.ServerError):
        async for _ in async_client.users.list():
            pass


async def test_concurrent_calls(async_client: Any) -> None:
    emails = [f"user{i}@example.com" for i in range(1, 11)]
    users = await asyncio.gather(*(async_client.users.get(e) for e in emails))
    assert [u.profile.email for u in users] == emails


async def test_context_manager_and_sync_twin(mock: Mock) -> None:
    async with okta_admin.AsyncClient(org_url=mock.url, token=mock.token) as client:
        assert (await client.users.get("user1@example.com")).id
        sync = client.to_sync()
        assert isinstance(sync, okta_admin.Client)
        assert sync.org_url == client.org_url


async def test_cancellation(async_client: Any, mock: Mock) -> None:
    mock.configure(faults=["delay:3000:1"])
    task = asyncio.ensure_future(async_client.users.get("user1@example.com"))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # the client still works
    assert (await async_client.users.get("user1@example.com")).id


async def test_rate_limit_retry_async(async_client: Any, mock: Mock) -> None:
    mock.configure(faults=["rate-limit:1"])
    user = await async_client.users.get("user3@example.com")
    assert user.profile.email == "user3@example.com"


async def test_event_loop_is_not_blocked(async_client: Any, mock: Mock) -> None:
    mock.configure(faults=["delay:500:1"])
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    tick_task = asyncio.ensure_future(ticker())
    await async_client.users.get("user1@example.com")
    tick_task.cancel()
    assert ticks >= 10


def test_exit_right_after_asyncio_calls_is_clean(mock: Mock) -> None:
    """The interpreter may exit while runtime threads finish an awaitable's clean-up; `atexit`
    waits for them, so the process never aborts in finalization (it did, about 1 run in 4)."""
    script = (
        "import asyncio, sys, okta_admin\n"
        "async def main():\n"
        "    ac = okta_admin.AsyncClient(org_url=sys.argv[1], token=sys.argv[2])\n"
        "    await asyncio.gather(*(ac.users.get('user1@example.com') for _ in range(64)))\n"
        "asyncio.run(main())\n"
    )
    for _ in range(12):
        result = subprocess.run([sys.executable, "-c", script, mock.url, mock.token], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr[-2000:]
