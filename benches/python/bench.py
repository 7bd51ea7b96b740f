"""Python side of ``cargo xtask bench``: ``okta_admin`` against Okta's official SDK (PyPI ``okta``).

Usage (one implementation per process, so that peak RSS and import time are its own)::

    python bench.py import --impl ours|okta --url URL --token T
    python bench.py run    --impl ours|okta --url URL --token T --ids FILE \
                           [--users N] [--limit 200] [--gets 2000] [--concurrency 32]

Each prints one JSON line. ``import`` times ``import`` plus the construction of one client (the
time to a usable client; ``okta_admin`` loads its extension module on import). ``run`` does one
warm-up ``get user``, then (a) lists every user page by page, (b) gets ``--gets`` users one after
the other, (c) gets them again with ``--concurrency`` in flight on asyncio, and reports the
seconds of each (wall clock, and the CPU time of the whole process, all threads, from
``time.process_time()``) and the process's peak RSS (``VmHWM``).

The official SDK refuses a non-https org URL. Its own testing switch ``testing:
testingDisableHttpsCheck`` lets it talk to okta-mock on loopback; a ``testing`` key in the dict
given to ``Client(...)`` is ignored (that dict is merged under ``client``), so the switch is set
the other way the SDK reads its configuration: the environment variable
``OKTA_TESTING_TESTINGDISABLEHTTPSCHECK=true``, set below for this process only. And okta 3.4.6
sends ``Authorization: SSWS<token>`` without the space (``Configuration.auth_settings``), which
okta-mock rejects with a 401: the bench hands it the token with a leading space. Its response
cache is off by default (so every ``get user`` is a request), and it is left off.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any, Callable, Awaitable, List


def peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def okta_config(url: str, token: str) -> dict:
    # The SDK's own switch for non-https test servers (the mock serves http on loopback).
    os.environ["OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"] = "true"
    # okta 3.4.6 builds the header as "SSWS" + token with no space (configuration.py,
    # Configuration.auth_settings) and sends "SSWS<token>"; a leading space gives "SSWS <token>".
    return {"orgUrl": url, "token": " " + token}


def bench_import(impl: str, url: str, token: str) -> dict:
    started = time.perf_counter()
    if impl == "ours":
        import okta_admin

        imported = time.perf_counter()
        okta_admin.Client(org_url=url, token=token)
    else:
        from okta.client import Client as OktaClient

        imported = time.perf_counter()
        OktaClient(okta_config(url, token))
    done = time.perf_counter()
    return {"impl": impl, "import_s": imported - started, "import_client_s": done - started}


async def in_flight(ids: List[str], concurrency: int, get: Callable[[str], Awaitable[Any]]) -> None:
    """Gets every id with at most `concurrency` requests in flight (a fixed pool of workers)."""
    queue = iter(ids)

    async def worker() -> None:
        for user_id in queue:
            await get(user_id)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def run_ours(args: argparse.Namespace, ids: List[str]) -> dict:
    import okta_admin

    client = okta_admin.Client(org_url=args.url, token=args.token)
    client.users.get(ids[0])  # warm-up: an open connection

    started, cpu = time.perf_counter(), time.process_time()
    listed = 0
    for _user in client.users.list(limit=args.limit):
        listed += 1
    list_s, list_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    for user_id in ids:
        client.users.get(user_id)
    seq_s, seq_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    async def concurrent() -> "tuple[float, float]":
        aclient = okta_admin.AsyncClient(org_url=args.url, token=args.token)
        await aclient.users.get(ids[0])  # warm-up
        started, cpu = time.perf_counter(), time.process_time()
        await in_flight(ids, args.concurrency, aclient.users.get)
        return time.perf_counter() - started, time.process_time() - cpu

    conc_s, conc_cpu_s = asyncio.run(concurrent())
    return {
        "list_s": list_s, "listed": listed, "seq_s": seq_s, "conc_s": conc_s,
        "list_cpu_s": list_cpu_s, "seq_cpu_s": seq_cpu_s, "conc_cpu_s": conc_cpu_s,
    }


def run_okta(args: argparse.Namespace, ids: List[str]) -> dict:
    from okta.client import Client as OktaClient
    from okta.pagination import paginate_all

    async def main() -> dict:
        async with OktaClient(okta_config(args.url, args.token)) as client:

            async def get(user_id: str) -> Any:
                user, _resp, err = await client.get_user(user_id)
                if err is not None:
                    raise RuntimeError(f"get_user({user_id}): {err}")
                return user

            await get(ids[0])  # warm-up: an open connection

            started, cpu = time.perf_counter(), time.process_time()
            listed = 0
            async for _user in paginate_all(client.list_users, limit=args.limit):
                listed += 1
            list_s, list_cpu_s = time.perf_counter() - started, time.process_time() - cpu

            started, cpu = time.perf_counter(), time.process_time()
            for user_id in ids:
                await get(user_id)
            seq_s, seq_cpu_s = time.perf_counter() - started, time.process_time() - cpu

            started, cpu = time.perf_counter(), time.process_time()
            await in_flight(ids, args.concurrency, get)
            conc_s, conc_cpu_s = time.perf_counter() - started, time.process_time() - cpu
            return {
                "list_s": list_s, "listed": listed, "seq_s": seq_s, "conc_s": conc_s,
                "list_cpu_s": list_cpu_s, "seq_cpu_s": seq_cpu_s, "conc_cpu_s": conc_cpu_s,
            }

    return asyncio.run(main())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["import", "run"])
    parser.add_argument("--impl", choices=["ours", "okta"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--ids")
    parser.add_argument("--users", type=int)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--gets", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    if args.mode == "import":
        print(json.dumps(bench_import(args.impl, args.url, args.token)))
        return 0

    with open(args.ids) as f:
        base = [line.strip() for line in f if line.strip()]
    ids = (base * (args.gets // len(base) + 1))[: args.gets]
    result = (run_ours if args.impl == "ours" else run_okta)(args, ids)
    if args.users is not None and result["listed"] != args.users:
        print(f"bench.py ({args.impl}): listed {result['listed']} users, expected {args.users}", file=sys.stderr)
        return 1
    result.update({"impl": args.impl, "gets": len(ids), "rss_kb": peak_rss_kb()})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
