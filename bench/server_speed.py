"""How fast is the fake Bot API server (tests/fake_bot_api.py)? It must not be the bottleneck of throughput.py.

    .venv/bin/python bench/server_speed.py [--seconds 3]

Starts the server in this process and a load client (aiohttp) in a second process, which posts
sendMessage requests shaped like python-telegram-bot's (form-encoded: chat_id, HTML text, parse_mode,
a JSON reply_markup). Reports requests per second at 1 connection (a sequential bot's view: the
round-trip latency) and at 8 connections (the server's capacity), and the server's CPU time per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time

import common  # noqa: F401  (sets sys.path for fake_bot_api)
from common import FakeBotApi

TEXT = "<b>Bookkeeper: Back office</b>\n\nYes, Bookkeeper is Back office. " + "Records every sale and payment. " * 12
WARM_UP = 20
MARKUP = json.dumps(
    {
        "inline_keyboard": [
            [
                {"text": "📋 Duties", "callback_data": "duties:bookkeeper"},
                {"text": "✅ Skills checklist", "callback_data": "skills:bookkeeper"},
            ]
        ]
    }
)


async def measure(seconds: float, connections: int) -> dict[str, float]:
    """Serve a client process for `seconds`; return req/s and the server's CPU µs per request."""
    async with FakeBotApi() as server:
        url = f"{server.base_url}{server.token}/sendMessage"
        cpu = time.process_time()
        client = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--client",
            url,
            "--seconds",
            str(seconds),
            "--connections",
            str(connections),
            stdout=subprocess.PIPE,
        )
        out, _ = await client.communicate()
        cpu = time.process_time() - cpu
        result = json.loads(out)
        requests = result["requests"]
        assert len(server.sent) == requests + WARM_UP, (len(server.sent), result)
    return {
        "connections": connections,
        "req_per_s": requests / result["seconds"],
        "server_cpu_us_per_req": cpu / (requests + WARM_UP) * 1e6,
        "server_cpu_share": cpu / result["seconds"],
    }


async def client(url: str, seconds: float, connections: int) -> None:
    """The load: `connections` workers posting sendMessage back to back for `seconds`."""
    import aiohttp

    count = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as session:
        for _ in range(WARM_UP):  # warm up the connections
            async with session.post(url, data={"chat_id": "1", "text": "warm-up"}) as response:
                await response.read()
        deadline = time.perf_counter() + seconds

        async def worker(chat_id: int) -> None:
            nonlocal count
            form = {"chat_id": str(chat_id), "text": TEXT, "parse_mode": "HTML", "reply_markup": MARKUP}
            while time.perf_counter() < deadline:
                async with session.post(url, data=form) as response:
                    await response.read()
                count += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(1000 + i) for i in range(connections)))
        elapsed = time.perf_counter() - began
    print(json.dumps({"requests": count, "seconds": elapsed}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--client", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--connections", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        asyncio.run(client(args.client, args.seconds, args.connections))
        return
    for result in report(args.seconds):
        print(result)


def report(seconds: float = 3.0) -> list[str]:
    """Lines describing the server's speed at 1 and 8 connections."""
    lines = []
    for connections in (1, 8):
        r = asyncio.run(measure(seconds, connections))
        lines.append(
            f"fake server, {connections} connection(s): {r['req_per_s']:,.0f} req/s, "
            f"server CPU {r['server_cpu_us_per_req']:.0f} µs/request "
            f"({r['server_cpu_share']:.0%} of a core)"
        )
    return lines


if __name__ == "__main__":
    main()
