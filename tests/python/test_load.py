"""Load: 1 000 concurrent asyncio requests, and streaming 100 000 users page by page, with bounded
memory. Each runs in a fresh interpreter so that ``ru_maxrss`` (the peak RSS) measures this work
alone. Marked ``load``: part of the default run (``cargo xtask test``), deselect with
``-m 'not load'``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Dict

import pytest

from conftest import Mock, start_mock, stop_mock

pytestmark = pytest.mark.load

# ru_maxrss is in KiB on Linux, bytes on macOS.
RSS_UNIT = 1 if sys.platform == "darwin" else 1024

CONCURRENT = textwrap.dedent(
    """
    import asyncio, json, os, resource, sys, time
    import okta_admin

    url, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    async def burst(client):
        calls = (client.users.get(f"user{i % 25 + 1}@example.com") for i in range(n))
        results = await asyncio.gather(*calls, return_exceptions=True)
        errors = [repr(r) for r in results if isinstance(r, BaseException)]
        ok = sum(1 for r in results if not isinstance(r, BaseException) and r.profile.login.startswith("user"))
        return ok, errors

    async def main():
        client = okta_admin.AsyncClient(org_url=url, token=token, timeout=60, max_retries=0)
        await burst_warmup(client)
        before = peak()
        started = time.monotonic()
        ok, errors, peaks = [], [], []
        for _ in range(10):
            n_ok, n_errors = await burst(client)
            ok.append(n_ok)
            errors += n_errors
            peaks.append(peak())
        seconds = (time.monotonic() - started) / 10
        threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
        print(json.dumps({"ok": ok, "errors": errors[:5], "before": before, "peaks": peaks, "seconds": seconds,
                          "threads": threads}))

    async def burst_warmup(client):
        await asyncio.gather(*(client.users.get(f"user{i + 1}@example.com") for i in range(20)))

    asyncio.run(main())
    """
)

STREAM = textwrap.dedent(
    """
    import json, resource, sys, time
    import okta_admin

    url, token = sys.argv[1], sys.argv[2]

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    client = okta_admin.Client(org_url=url, token=token, timeout=60)
    view = client.with_options(capture_response=True)
    started = time.monotonic()
    count, pages, page_bytes, last_id, seen_first = 0, 0, 0, None, set()
    before = None
    for user in view.users.list(limit=200):
        raw = view.last_response
        if raw.request_id != last_id:  # a new page arrived
            last_id = raw.request_id
            pages += 1
            page_bytes += len(raw.body)
            if pages == 2:
                before = peak()  # one page decoded, the pool and runtime warm
        count += 1
        if count <= 400:
            seen_first.add(user.id)
    after = peak()
    print(json.dumps({"count": count, "pages": pages, "bytes": page_bytes, "before": before,
                      "after": after, "distinct_first": len(seen_first),
                      "seconds": time.monotonic() - started}))
    """
)


def run(script: str, *args: str, timeout: float) -> Dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout, env=os.environ.copy()
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_1000_concurrent_async_requests(mock: Mock) -> None:
    out = run(CONCURRENT, mock.url, mock.token, "1000", timeout=120)
    assert out["errors"] == [] and out["ok"] == [1000] * 10, out
    peaks = out["peaks"]
    growth_first = (peaks[0] - out["before"]) * RSS_UNIT
    growth_later = (peaks[-1] - peaks[4]) * RSS_UNIT
    # 1 000 users in flight at once fit in well under 100 MB; the allocator and connection pool
    # settle within a few bursts, after which bursts reuse that memory (leaking the responses
    # would add tens of MB per burst, 50+ over these five). Allocator noise alone measured
    # 1.6–16.5 MiB over 13 runs, with one or two runtime workers.
    assert growth_first < 100 * 2**20, out
    assert growth_later < 24 * 2**20, out
    # Completions run on one completer thread: the process keeps a handful of threads (Python's,
    # the runtime's worker, the completer, a few DNS lookups), not one per call in flight.
    assert out["threads"] is None or out["threads"] <= 12, out
    print(f"1000 concurrent: {out['seconds']:.2f}s per burst, peak RSS +{growth_first / 2**20:.1f} MiB, "
          f"bursts 6-10 +{growth_later / 2**20:.1f} MiB")


def test_paginating_100k_users_streams_with_flat_memory() -> None:
    big = start_mock("--seed-users", "100000")
    try:
        out = run(STREAM, big.url, big.token, timeout=170)
    finally:
        stop_mock(big)
    assert out["count"] == 100_000 and out["pages"] == 500 and out["distinct_first"] == 400, out
    growth = (out["after"] - out["before"]) * RSS_UNIT
    # All the users' JSON is tens of MB; streaming keeps about one page (~100 KB) alive.
    assert out["bytes"] > 40 * 2**20, out
    assert growth < out["bytes"] / 8, out
    print(f"100k users: {out['seconds']:.1f}s, {out['bytes'] / 2**20:.0f} MiB of JSON, "
          f"peak RSS +{growth / 2**20:.1f} MiB")
