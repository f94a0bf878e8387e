"""What keeping state costs per message: ChatStore load + save and one QuestionLog record, per store.

Each message does what the text handler does around the engine: load the chat's state, change it, save it, and
record the understanding. SQLite commits every 50 ms (bot/storage/sqlite.py): at this loop's speed that is
many messages per commit, as in a busy bot; a quiet bot pays ~0.04 ms more per commit. Run from the project
root; Redis is measured when `redis-server` is installed (a private one on a free port, no persistence, stopped
afterwards).

    .venv/bin/python bench/stores.py [--messages 5000] [--chats 100]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.questions import Record  # noqa: E402
from bot.storage.memory import ChatStates, MemoryQuestionLog  # noqa: E402
from bot.storage.redis import RedisStore  # noqa: E402
from bot.storage.sqlite import SqliteStore  # noqa: E402

TEXTS = [
    "is a bookkeeper back office?",
    "a jakie umiejętności?",
    "interview questions for a cashier",
    "what does a payroll specialist do",
    "czy recepcjonistka to front office?",
]


class Memory:
    """The in-memory pair, as build_application() uses without a store."""

    def __init__(self) -> None:
        self.states, self.log = ChatStates(), MemoryQuestionLog()

    async def load(self, chat_id: int):
        return await self.states.load(chat_id)

    async def save(self, chat_id: int, state) -> None:
        await self.states.save(chat_id, state)

    async def add(self, record: Record) -> str:
        return await self.log.add(record)

    async def close(self) -> None:
        pass


async def measure(store, messages: int, chats: int) -> list[float]:
    times = []
    for i in range(messages):
        chat, text = i % chats, TEXTS[i % len(TEXTS)]
        start = time.perf_counter()
        state = await store.load(chat)
        state.remember(text)
        state.role = "bookkeeper"
        await store.save(chat, state)
        await store.add(Record(text=text, intent="skills", lang="en", confidence=0.9, fallback=False, user="u"))
        times.append(time.perf_counter() - start)
        await asyncio.sleep(0)  # let due timers run, as between updates in the bot (SQLite's grouped commits)
    await store.close()
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    print(
        f"  {name:<8} p50 {pick(0.5):.3f} ms  p99 {pick(0.99):.3f} ms  mean {statistics.fmean(ms):.3f} ms"
        f"  ({len(ms) / (sum(ms) / 1000):,.0f} messages/s)"
    )


def start_redis() -> tuple[subprocess.Popen, str] | None:
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    process.terminate()
    return None


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--chats", type=int, default=100)
    args = parser.parse_args()
    print(f"per message: load + save a chat's state, add one record; {args.messages} messages over {args.chats} chats")
    report("memory", await measure(Memory(), args.messages, args.chats))
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", await measure(SqliteStore(Path(folder) / "state.sqlite3"), args.messages, args.chats))
    redis = start_redis()
    if redis is None:
        print("  redis    (redis-server not installed)")
        return
    process, url = redis
    try:
        report("redis", await measure(RedisStore(url, prefix="bench:"), args.messages, args.chats))
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    asyncio.run(main())
