"""A bare loop of ``get user`` calls with ``okta_admin``, to run under a profiler.

    python profile_loop.py seq|conc URL TOKEN IDS_FILE [N]

``seq`` makes N blocking ``client.users.get`` calls one after the other; ``conc`` makes N
``await client.users.get`` calls with 32 in flight. Prints the wall-clock and CPU seconds. See
"How the profiles were made" in BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import sys
import time

import okta_admin


def main() -> None:
    mode, url, token, ids_file = sys.argv[1:5]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 4000
    with open(ids_file) as f:
        base = [line.strip() for line in f if line.strip()]
    ids = (base * (n // len(base) + 1))[:n]

    if mode == "seq":
        client = okta_admin.Client(org_url=url, token=token)
        client.users.get(ids[0])
        started, cpu = time.perf_counter(), time.process_time()
        for user_id in ids:
            client.users.get(user_id)
    else:

        async def run() -> None:
            client = okta_admin.AsyncClient(org_url=url, token=token)
            await client.users.get(ids[0])
            queue = iter(ids)

            async def worker() -> None:
                for user_id in queue:
                    await client.users.get(user_id)

            await asyncio.gather(*(worker() for _ in range(32)))

        started, cpu = time.perf_counter(), time.process_time()
        asyncio.run(run())
    print(f"{mode}: {n} gets in {time.perf_counter() - started:.3f} s, CPU {time.process_time() - cpu:.3f} s")


if __name__ == "__main__":
    main()
