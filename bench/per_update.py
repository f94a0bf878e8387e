"""What one update costs the bot, stage by stage: a message end to end, in one process, without sockets.

    .venv/bin/python bench/per_update.py [--messages 2000] [--rounds 5] [--tree DIR] [--profile FILE]

The bot's Application is built as `python -m bot run` builds it (build_for_service: STATE_DB=memory, the
question log, the per-user limit, the admin handlers), but its HTTP requests go to a loopback request that
answers every Bot API call at once, as the fake server does, without a socket. The updates of the throughput
workload (bench/questions.py) go in as getUpdates JSON and come out as sendMessage calls; what is measured is
the process's CPU time between the two, per update. The same is done for PTB's echo bot with concurrent
updates, the set-up throughput.py compares the bot with.

Then one more run under cProfile, whose own time is grouped by stage: understanding (bot/nlu), answer
(bot/answers, bot/knowledge, bot/core.py), rendering (render.py), state (bot/storage, bot/state.py), question
log (bot/questions.py), handlers and processing (the rest of bot/telegram), PTB (telegram.*), asyncio/json/
other, and the loopback server (not the bot: what Telegram would do); built-ins and the standard library count for
the stage that called them. cProfile slows Python code several
times, so the stages are shown as shares of the profile and, scaled by those shares, as ms of the unprofiled
CPU per update.

--tree DIR imports `bot` from another tree (say `git archive` of an older commit): before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

from telegram.request import BaseRequest, RequestData

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
STAGES = (
    "understanding",
    "answer",
    "rendering",
    "state",
    "question log",
    "handlers and processing",
    "PTB",
    "asyncio, json, other",
    "loopback server (not the bot)",
)
TOKEN = "123:BENCH"


def setup_path(tree: Path) -> None:
    """`bot` from `tree`, the workload and the fake server's helpers from this tree."""
    for folder in (BENCH, ROOT / "tests", tree):
        sys.path.insert(0, str(folder))


def stage_of(filename: str) -> str:
    """Which stage a profiled function belongs to, by its file."""
    path = filename.replace("\\", "/")
    if "/bot/nlu/" in path:
        return "understanding"
    if "/bot/answers/" in path or "/bot/knowledge/" in path or path.endswith("/bot/core.py"):
        return "answer"
    if path.endswith("/bot/telegram/render.py"):
        return "rendering"
    if "/bot/storage/" in path or path.endswith("/bot/state.py"):
        return "state"
    if path.endswith("/bot/questions.py"):
        return "question log"
    if "/bot/telegram/" in path or path.endswith("/bench/echo_bot.py"):
        return "handlers and processing"
    if "/telegram/" in path:
        return "PTB"
    if path.endswith("/bench/per_update.py"):
        return "loopback server (not the bot)"
    return "asyncio, json, other"


class LoopbackRequest(BaseRequest):
    """A BaseRequest answering like the fake Bot API server (tests/fake_bot_api.py), with no socket."""

    sent: ClassVar[int] = 0  # sendMessage and editMessageText calls so far, all instances

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fake_bot_api import bot_user

        self.message_ids = iter(range(10**6, 10**9))
        self.me = bot_user(TOKEN)

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[1]
        params = json.loads(json.dumps(request_data.parameters)) if request_data is not None else {}
        result: Any = True
        if endpoint == "getMe":
            result = self.me
        elif endpoint in ("sendMessage", "editMessageText"):
            LoopbackRequest.sent += 1
            chat_id = params.get("chat_id", 0)
            result = {
                "message_id": params.get("message_id") or next(self.message_ids),
                "date": 1700000000,
                "chat": {"id": chat_id, "type": "private", "first_name": "Tester"},
                "from": self.me,
                "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                result["reply_markup"] = params["reply_markup"]
        return 200, json.dumps({"ok": True, "result": result}).encode()


def build_bot() -> Any:
    """The Application `python -m bot run` serves, on the loopback request."""
    import bot.telegram.app as app_module
    from bot.settings import Settings
    from bot.telegram.serve import build_for_service

    setattr(app_module, "AiohttpRequest", LoopbackRequest)  # noqa: B010 - both of the bot's requests
    setattr(app_module, "UpdatesRequest", LoopbackRequest)  # noqa: B010
    settings = Settings.model_validate(
        {
            "telegram_bot_token": TOKEN,
            "state_db": "memory",
            "user_rate_limit": 30,
            "send_limit_per_second": 1e6,
            "send_limit_chat_per_second": 1e6,
        }
    )
    application = build_for_service(settings)
    application.post_init = None  # no menus, no SIGHUP handler: only updates are measured
    return application


def build_echo() -> Any:
    """PTB's echo bot with concurrent updates (bench/echo_bot.py --concurrent) on the loopback request."""
    from telegram.ext import Application, MessageHandler, filters

    from echo_bot import echo

    application = (
        Application.builder()
        .token(TOKEN)
        .request(LoopbackRequest())
        .get_updates_request(LoopbackRequest())
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application


def workload(messages: int, chats: int) -> list[dict[str, Any]]:
    """The throughput workload as Update JSON, as getUpdates would deliver it."""
    from fake_bot_api import text_update
    from questions import conversation

    return [
        text_update(i + 1, i + 1, chat, text, lang)
        for i, (chat, text, lang) in enumerate(conversation(messages, chats))
    ]


async def serve(application: Any, updates: list[dict[str, Any]], profiler: cProfile.Profile | None) -> float:
    """Put the updates through the running Application; the CPU seconds until every one was answered."""
    from telegram import Update

    await application.initialize()
    await application.start()
    try:
        target = LoopbackRequest.sent + len(updates)
        if profiler:
            profiler.enable()
        start = time.process_time()
        for batch in range(0, len(updates), 100):  # getUpdates hands out at most 100 at a time
            for data in updates[batch : batch + 100]:
                await application.update_queue.put(Update.de_json(data, application.bot))
            await asyncio.sleep(0)
        while LoopbackRequest.sent < target:
            await asyncio.sleep(0.001)
        spent = time.process_time() - start
        if profiler:
            profiler.disable()
        return spent
    finally:
        await application.stop()
        await application.shutdown()


def run(kind: str, updates: list[dict[str, Any]], profiler: cProfile.Profile | None = None) -> float:
    """CPU ms per update of one fresh bot of `kind` ("bot" or "echo")."""
    application = build_bot() if kind == "bot" else build_echo()
    return asyncio.run(serve(application, updates, profiler)) / len(updates) * 1000


def stages(profile: pstats.Stats) -> dict[str, float]:
    """Own time per stage, as shares of the whole. Built-ins and the standard library (dict.get, sorted, re,
    json, html.escape...) count for the stage that called them, in proportion to the calls from each."""
    stats = profile.stats  # type: ignore[attr-defined]
    resolved: dict[Any, dict[str, float]] = {}

    def shares_of(func: Any, seen: frozenset[Any]) -> dict[str, float]:
        if func in resolved:
            return resolved[func]
        stage = stage_of(func[0])
        if stage != "asyncio, json, other" or func in seen:
            return {stage: 1.0}
        callers = stats[func][4]
        calls = sum(caller[1] for caller in callers.values())
        if not calls:
            return {stage: 1.0}
        mixed: collections.Counter[str] = collections.Counter()
        for caller, (_, caller_calls, _, _) in callers.items():
            for name, share in shares_of(caller, seen | {func}).items():
                mixed[name] += share * caller_calls / calls
        resolved[func] = dict(mixed)
        return resolved[func]

    spent: collections.Counter[str] = collections.Counter()
    for func, (_, _, tottime, _, _) in stats.items():
        for stage, share in shares_of(func, frozenset()).items():
            spent[stage] += tottime * share
    total = sum(spent.values())
    return {stage: spent[stage] / total for stage in STAGES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per bot, interleaved (medians)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="import `bot` from this tree")
    parser.add_argument("--profile", type=Path, help="also save the profiles: FILE-bot.prof, FILE-echo.prof")
    args = parser.parse_args()
    setup_path(args.tree.resolve())
    os.environ.setdefault("OFFICEBOT_CACHE_DIR", str(Path.home() / ".cache" / "officebot"))
    import logging

    logging.basicConfig(level=logging.WARNING)
    updates = workload(args.messages, args.chats)
    run("bot", updates[:200])  # warm the caches (matcher, keyboards) as a bot in service has them
    times: dict[str, list[float]] = {"bot": [], "echo": []}
    for number in range(args.rounds):
        for kind in ("bot", "echo") if number % 2 == 0 else ("echo", "bot"):
            times[kind].append(run(kind, updates))
    print(f"bot from {args.tree}; {args.messages} updates over {args.chats} chats, {args.rounds} rounds")
    for kind, name in (("bot", "officebot (python -m bot run's Application)"), ("echo", "PTB echo, concurrent")):
        values = times[kind]
        print(
            f"  {name:<46} {statistics.median(values):.3f} CPU ms/update (min {min(values):.3f}, max {max(values):.3f})"
        )
    bot_ms, echo_ms = statistics.median(times["bot"]), statistics.median(times["echo"])
    print(f"  echo/bot CPU {echo_ms / bot_ms:.2f} (what bot/echo msgs/s would be if both were bound by their CPU)")
    shares = {}
    for kind in ("bot", "echo"):
        profiler = cProfile.Profile()
        run(kind, updates, profiler)
        if args.profile:
            profiler.dump_stats(str(args.profile.with_name(f"{args.profile.stem}-{kind}{args.profile.suffix}")))
        shares[kind] = stages(pstats.Stats(profiler))
    print("where the CPU goes (cProfile own time by stage; ms = share x the unprofiled CPU per update):")
    print(f"  {'':<32} {'bot':>15}   {'echo':>15}")
    for stage in STAGES:
        bot_share, echo_share = shares["bot"][stage], shares["echo"][stage]
        bot_part = f"{bot_share:6.1%} {bot_share * bot_ms:6.3f} ms"
        echo_part = f"{echo_share:6.1%} {echo_share * echo_ms:6.3f} ms"
        print(f"  {stage:<32} {bot_part}   {echo_part}")
    print("  (the loopback server stands for Telegram's side: in both bots' figures, not their own work)")


if __name__ == "__main__":
    main()
