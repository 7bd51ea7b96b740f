"""Lists end at an empty page (Okta's polling lists always send `next`), `max_pages` bounds a
list, pagers report progress, and `system_log.tail()` polls for new events."""

from __future__ import annotations

import time
from typing import Any, List

import okta_admin

from conftest import Stub


def script_log(stub: Stub, pages: List[List[Any]]) -> None:
    for i, items in enumerate(pages):
        stub.reply(200, items, headers=[("Link", f'<{stub.url}/api/v1/logs?after={i}>; rel="next"')])


def test_an_empty_page_ends_the_system_log(stub: Stub) -> None:
    script_log(stub, [[{"uuid": "a"}, {"uuid": "b"}], [{"uuid": "c"}], [], [{"uuid": "never"}]])
    client = okta_admin.Client(org_url=stub.url, token="t")
    events = list(client.system_log.list_log_events(since="2026-01-01T00:00:00Z"))
    assert [e["uuid"] for e in events] == ["a", "b", "c"]
    assert len(stub.requests) == 3


def test_max_pages_and_progress(stub: Stub) -> None:
    script_log(stub, [[{"uuid": "a"}, {"uuid": "b"}], [{"uuid": "c"}], [{"uuid": "d"}]])
    client = okta_admin.Client(org_url=stub.url, token="t")
    pager = client.system_log.list_log_events(max_pages=2)
    assert (pager.pages_fetched, pager.items_fetched) == (0, 0)
    assert [e["uuid"] for e in pager] == ["a", "b", "c"]
    assert (pager.pages_fetched, pager.items_fetched) == (2, 3)
    assert len(stub.requests) == 2


def test_tail_polls_for_new_events(stub: Stub) -> None:
    script_log(stub, [[{"uuid": "a"}], [], [], [{"uuid": "b"}, {"uuid": "c"}]])
    client = okta_admin.Client(org_url=stub.url, token="t")
    seen = []
    started = time.monotonic()
    for event in client.system_log.tail(since="2026-01-01T00:00:00Z", interval=0.05):
        seen.append(event["uuid"])
        if len(seen) == 3:
            break
    assert seen == ["a", "b", "c"]
    assert time.monotonic() - started >= 0.1  # two empty polls, each followed by a wait
    assert [r["query"] for r in stub.requests] == ["since=2026-01-01T00%3A00%3A00Z", "after=0", "after=1", "after=2"]


async def test_tail_async(stub: Stub) -> None:
    script_log(stub, [[], [{"uuid": "a"}]])
    client = okta_admin.AsyncClient(org_url=stub.url, token="t")
    async for event in client.system_log.tail(interval=0.01):
        assert event["uuid"] == "a"
        break


def test_lists_paged_inside_their_body(stub: Stub) -> None:
    stub.reply(200, {"roles": [{"id": "r1"}, {"id": "r2"}], "_links": {"next": {"href": f"{stub.url}/api/v1/iam/roles?after=r2"}}})
    stub.reply(200, {"roles": [{"id": "r3"}], "_links": {}})
    client = okta_admin.Client(org_url=stub.url, token="t")
    roles = client.custom_roles.list()
    assert [r["id"] for r in roles] == ["r1", "r2", "r3"]
    assert [r["query"] for r in stub.requests] == ["", "after=r2"]
