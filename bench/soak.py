"""Soak: many messages over many chats through `python -m bot run`, its memory sampled along the way.

    .venv/bin/python bench/soak.py                       # 10,000 messages, 3,000 chats, state kept for 1,000
    .venv/bin/python bench/soak.py --messages 50000 --chats 20000 --max-chats 10000

The workload is bench/questions.py's (Polish and English, typos, follow-ups), spread over --chats chats,
so with --max-chats below --chats the bot keeps forgetting its quietest chats (OFFICEBOT_MAX_CHATS) all
through the run. Messages go in --samples equal batches; after each batch is answered the bot's resident
memory (VmRSS) is read from /proc. The bot runs with STATE_DB=memory (state and question log in the
process, the log capped at RECORDS_MAX=1000 here) so that everything it keeps is in the measured memory.
Memory should climb while the first chats and caches fill, then stay flat: the per-chat state is a bounded
LRU, each chat's history is capped, the question log is capped, and the matcher's caches are bounded. It prints
one line per sample, then the growth over the second half of the run.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from common import BOT_COMMAND, FakeBotApi, bot_env, peak_rss_mb, start, stop, wait_or_die
from questions import conversation

BATCH_TIMEOUT = 300.0


def rss_mb(pid: int) -> float:
    """Current resident set size (VmRSS) of a process, in MB (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(messages: int, chats: int, max_chats: int, samples: int) -> list[tuple[int, int, float]]:
    """Run the soak; return (messages answered, distinct chats so far, RSS MB) after each batch."""
    workload = conversation(messages, chats, seed=11)
    batch = max(1, messages // samples)
    readings = []
    seen: set[int] = set()
    with tempfile.TemporaryDirectory(prefix="officebot-soak-") as folder:
        log = Path(folder) / "bot.log"
        async with FakeBotApi() as server:
            process = await start(
                BOT_COMMAND,
                bot_env(server, STATE_DB="memory", OFFICEBOT_MAX_CHATS=str(max_chats), RECORDS_MAX="1000"),
                log,
            )
            try:
                await wait_or_die(server, process, lambda: "getUpdates" in server.methods(), 60, log)
                started = time.perf_counter()
                for first in range(0, messages, batch):
                    pushed = workload[first : first + batch]
                    for chat_id, text, lang in pushed:
                        server.push_text(chat_id, text, lang)
                        seen.add(chat_id)
                    # every answer here is one message (as throughput.py checks), so count them per batch
                    await wait_or_die(
                        server, process, lambda pushed=pushed: len(server.sent) >= len(pushed), BATCH_TIMEOUT, log
                    )
                    server.sent.clear()  # the server keeps no history, so its memory stays out of the way
                    server.calls.clear()
                    answered = min(first + batch, messages)
                    readings.append((answered, len(seen), rss_mb(process.pid)))
                    print(
                        f"{answered:7,d} messages  {len(seen):6,d} chats seen  RSS {readings[-1][2]:6.1f} MB  "
                        f"({time.perf_counter() - started:5.1f} s)",
                        flush=True,
                    )
                peak = peak_rss_mb(process.pid)
            finally:
                await stop(process)
        if "Traceback" in log.read_text():
            raise RuntimeError(f"the bot logged a traceback:\n{log.read_text()[-3000:]}")
    print(f"peak RSS {peak:.1f} MB")
    return readings


def report(readings: list[tuple[int, int, float]]) -> None:
    """Growth over the second half of the run, per 1,000 messages: flat memory is ~0."""
    half = readings[len(readings) // 2 :]
    if len(half) < 2:
        return
    (m0, _, r0), (m1, _, r1) = half[0], half[-1]
    per_thousand = (r1 - r0) / max(1, m1 - m0) * 1000
    print(
        f"second half: {r0:.1f} -> {r1:.1f} MB over {m1 - m0:,d} messages = {per_thousand:+.2f} MB per 1,000 messages"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=3_000, help="distinct chats the messages come from")
    parser.add_argument("--max-chats", type=int, default=1_000, help="OFFICEBOT_MAX_CHATS for the bot")
    parser.add_argument("--samples", type=int, default=20, help="RSS readings (batches) over the run")
    args = parser.parse_args()
    print(f"{args.messages:,d} messages over {args.chats:,d} chats; the bot keeps state for {args.max_chats:,d}")
    report(asyncio.run(soak(args.messages, args.chats, args.max_chats, args.samples)))


if __name__ == "__main__":
    main()
