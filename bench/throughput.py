"""Throughput: `python -m bot run` against a minimal python-telegram-bot echo bot, on the same fake Bot API server.

    .venv/bin/python bench/throughput.py [--messages 2000] [--chats 100] [--rounds 3] [--profile FILE]

Each run starts a fresh fake server (tests/fake_bot_api.py) in this process, queues N messages
(bench/questions.py: realistic Polish and English questions over ~100 chats), starts the bot as a
subprocess and times from the first non-empty getUpdates to the Nth sendMessage. Both bots send one
message per update (checked), so msgs/s is answered updates per second. Runs of the two bots are
interleaved, alternating which goes first, over --rounds rounds; medians are printed.

Per run: msgs/s; the bot's CPU ms per update (utime+stime from /proc/<pid>/stat over the timed
window; 10 ms ticks, so ±0.01 ms/update at 2,000 messages); its peak RSS (VmHWM, whole life); and
the share of a core the fake server used over the window (well under 100%: it is not the bottleneck).
--profile FILE runs one more `python -m bot run` under cProfile and saves the profile to FILE.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import (BOT_COMMAND, ECHO_COMMAND, FakeBotApi, bot_env, cpu_seconds, median, peak_rss_mb, start,
                    stop, wait_or_die)
from questions import conversation

TARGET_RATIO = 0.8  # the bot should reach at least 80% of the echo bot's msgs/s
TARGET_RSS_MB = 150.0
RUN_TIMEOUT = 300.0


@dataclass
class Mark:
    """A moment of a run: wall clock, the bot's CPU seconds, this (server) process's CPU seconds."""

    wall: float
    bot_cpu: float
    server_cpu: float


@dataclass
class Run:
    kind: str
    messages: int
    seconds: float
    bot_cpu: float
    server_cpu: float
    peak_rss_mb: float

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        return self.bot_cpu / self.messages * 1000

    def line(self) -> str:
        return (f"{self.kind:>4}: {self.per_second:7.1f} msgs/s  {self.cpu_ms_per_update:5.2f} CPU ms/update  "
                f"peak RSS {self.peak_rss_mb:5.1f} MB  fake server busy {self.server_cpu / self.seconds:4.0%}")


class TimedApi(FakeBotApi):
    """The fake server, marking the first non-empty getUpdates and the `target`-th sendMessage."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target
        self.pid: int | None = None
        self.first: Mark | None = None
        self.last: Mark | None = None

    def mark(self) -> Mark:
        bot_cpu = cpu_seconds(self.pid) if self.pid else float("nan")
        return Mark(time.perf_counter(), bot_cpu, time.process_time())

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        updates = await super()._api_getupdates(params)
        if updates and self.first is None:
            self.first = self.mark()
        return updates

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        message = await super()._api_sendmessage(params)
        if len(self.sent) == self.target:
            self.last = self.mark()
        return message


async def run_once(kind: str, messages: list[tuple[int, str, str]], logs: Path,
                   profile: Path | None = None) -> Run:
    """Serve `messages` to one fresh bot process; time it from first updates to last answer."""
    command = BOT_COMMAND if kind == "bot" else ECHO_COMMAND
    if profile:
        command = (sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:])
    log = logs / f"{kind}.log"
    async with TimedApi(len(messages)) as server:
        for chat_id, text, lang in messages:
            server.push_text(chat_id, text, lang)
        process = await start(command, bot_env(server), log)
        server.pid = process.pid
        try:
            await wait_or_die(server, process, lambda: server.last is not None, RUN_TIMEOUT, log)
            rss = peak_rss_mb(process.pid)
            await asyncio.sleep(0.2)  # any extra message (a second one for some update) would show now
        finally:
            await stop(process)
        _check_one_answer_per_message(kind, server, messages)
    first, last = server.first, server.last
    assert first is not None and last is not None
    return Run(kind, len(messages), last.wall - first.wall, last.bot_cpu - first.bot_cpu,
               last.server_cpu - first.server_cpu, rss)


def _check_one_answer_per_message(kind: str, server: FakeBotApi, messages: list[tuple[int, str, str]]) -> None:
    """Every chat got exactly as many messages as it sent, so msgs/s counts answered updates."""
    asked = collections.Counter(chat_id for chat_id, _, _ in messages)
    answered = collections.Counter(m["chat_id"] for m in server.sent)
    if asked != answered:
        raise RuntimeError(f"{kind}: {sum(answered.values())} messages sent for {len(messages)} updates "
                           f"(chats differing: {len(set(asked.items()) ^ set(answered.items()))})")


async def benchmark(args: argparse.Namespace) -> None:
    messages = conversation(args.messages, args.chats)
    runs: dict[str, list[Run]] = {"bot": [], "echo": []}
    with tempfile.TemporaryDirectory(prefix="officebot-bench-") as folder:
        for round_number in range(args.rounds):
            order = ("bot", "echo") if round_number % 2 == 0 else ("echo", "bot")
            for kind in order:
                run = await run_once(kind, messages, Path(folder))
                runs[kind].append(run)
                print(f"round {round_number + 1}  {run.line()}", flush=True)
        if args.profile:
            run = await run_once("bot", messages, Path(folder), profile=args.profile.resolve())
            print(f"profiled  {run.line()}  -> {args.profile}", flush=True)

    bot = median([r.per_second for r in runs["bot"]])
    echo = median([r.per_second for r in runs["echo"]])
    bot_rss = max(r.peak_rss_mb for r in runs["bot"])
    print()
    print(f"{args.messages} messages, {args.chats} chats, {args.rounds} rounds; medians:")
    for kind in ("bot", "echo"):
        name = "python -m bot run" if kind == "bot" else "PTB echo bot     "
        print(f"  {name}  {median([r.per_second for r in runs[kind]]):7.1f} msgs/s  "
              f"{median([r.cpu_ms_per_update for r in runs[kind]]):5.2f} CPU ms/update  "
              f"peak RSS {max(r.peak_rss_mb for r in runs[kind]):5.1f} MB (max)")
    ratio = bot / echo
    print(f"  ratio bot/echo {ratio:.2f} (target >= {TARGET_RATIO}): {'ok' if ratio >= TARGET_RATIO else 'BELOW TARGET'}")
    print(f"  bot peak RSS {bot_rss:.1f} MB (target <= {TARGET_RSS_MB:.0f} MB): "
          f"{'ok' if bot_rss <= TARGET_RSS_MB else 'ABOVE TARGET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000, help="messages queued per run (default 2000)")
    parser.add_argument("--chats", type=int, default=100, help="chats they come from (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of bot + echo runs (default 3)")
    parser.add_argument("--profile", type=Path, default=None, help="also profile one bot run into this file")
    parser.add_argument("--skip-server-check", action="store_true", help="do not measure the fake server first")
    args = parser.parse_args()
    if not args.skip_server_check:
        from server_speed import report

        for line in report(2.0):
            print(line, flush=True)
        print(flush=True)
    asyncio.run(benchmark(args))


if __name__ == "__main__":
    main()
