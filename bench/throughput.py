"""Throughput: `python -m bot run` against a minimal python-telegram-bot echo bot, on the same fake Bot API server.

    .venv/bin/python bench/throughput.py [--messages 2000] [--chats 100] [--rounds 3]
                                         [--request own[,httpx,aiohttp,httpx-json]] [--profile DIR]

Each run starts a fresh fake server (tests/fake_bot_api.py) in this process, queues N messages
(bench/questions.py: realistic Polish and English questions over ~100 chats), starts the bot as a
subprocess and times from the first non-empty getUpdates to the Nth sendMessage. Every bot sends one
message per update (checked), so msgs/s is answered updates per second. The bots (--kinds):

  bot         `python -m bot run`, with the request its code sets (bot/telegram/app.py: aiohttp) and its
              per-chat processing; its send limits set so high that they never wait (the fake server has
              no flood control, and Telegram's 1 message/s per chat would make this a test of the pacing)
  fast        bench/echo_bot.py --concurrent on aiohttp (officebot's AiohttpRequest): the strongest PTB
              echo set-up, concurrent updates in no order. The target: bot/fast >= 0.75
  cannedfast  the same set-up sending officebot's own replies (same HTML and buttons, precomputed here)
              without understanding anything: cannedfast - fast = what officebot's bigger messages cost
              in PTB and aiohttp; bot - cannedfast = the bot's own work (engine, handlers, state, log)
  adapter     bench/answers_known.py: the bot with each (text, language)'s answer known after its first
              time, not understood again (not the bot: the floor of everything around its engine);
              bot - adapter = what understanding and answering cost per update
  canned      bench/echo_bot.py --replies on PTB's defaults (httpx), sequential
  echo        bench/echo_bot.py on PTB's defaults (httpx), sequential

Runs are interleaved, the order reversed every other round, over --rounds rounds; medians are printed.

Per run: msgs/s; the bot's CPU ms per update (utime+stime from /proc/<pid>/stat over the timed
window, system time in brackets; 10 ms ticks, so ±0.01 ms/update at 2,000 messages); its peak RSS
(VmHWM, whole life); the share of a core the fake server used over the window (well under 100%:
it is not the bottleneck); and the share of a core all other processes on the machine used meanwhile
(noise). Before each run it waits (up to 2 minutes) for a second in which others use < 20% of a core.

--request own (the default) runs each bot with its own request, as above. httpx, aiohttp, httpx-json
force that request onto all three bots (bench/alt_requests.py, via bench/with_request.py): httpx is
PTB's default (the bot as it was before aiohttp), aiohttp the bot's AiohttpRequest (the echo bots on the
bot's client), httpx-json an experiment. A comma-separated list interleaves them in each round, and each
bot is then also compared with the PTB-defaults echo bot (of `own`, else of `httpx`).
--profile DIR runs each bot once more under cProfile (not counted in the medians), saving
DIR/<kind>.prof (compare with bench/profile_diff.py). --rounds 0 --profile DIR only profiles.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core import Engine
from bot.storage.memory import ChatStates
from bot.telegram.app import build_application
from bot.telegram.render import render_keyboard, render_messages
from common import (
    BENCH,
    BOT_COMMAND,
    ECHO_COMMAND,
    ROOT,
    FakeBotApi,
    bot_env,
    cpu_times,
    machine_busy_seconds,
    median,
    peak_rss_mb,
    start,
    stop,
    wait_for_quiet,
    wait_or_die,
)
from questions import conversation

TARGET_RATIO = 0.75  # the bot should reach at least 75% of the fastest PTB echo bot's msgs/s
TARGET_RSS_MB = 150.0
RUN_TIMEOUT = 300.0
KINDS = ("bot", "before", "adapter", "fast", "cannedfast", "canned", "echo")
DEFAULT_KINDS = ("bot", "fast", "cannedfast")
FAST = ("fast", "cannedfast")  # always aiohttp + concurrent updates, whatever --request says
NAMES = {
    "bot": "python -m bot run",
    "before": "python -m bot run, --before-tree",
    "adapter": "bot, answers known in advance",
    "fast": "PTB echo, concurrent",
    "cannedfast": "PTB replies, concurrent",
    "canned": "PTB, officebot's replies",
    "echo": "PTB echo bot",
}
NO_WAITING_LIMITS = {"SEND_LIMIT_PER_SECOND": "1000000", "SEND_LIMIT_CHAT_PER_SECOND": "1000000"}
REQUESTS = ("own", "httpx", "aiohttp", "httpx-json")
TITLES = {
    "own": "each bot's own request (the target)",
    "httpx": "httpx forced on every bot (PTB's default HTTPXRequest: the bot as it was before aiohttp)",
    "aiohttp": "aiohttp forced on every bot (officebot's AiohttpRequest)",
    "httpx-json": "httpx-json forced on every bot (experiment)",
}
CLIENTS = {"AiohttpRequest": "aiohttp", "HTTPXRequest": "httpx"}
Message = tuple[int, str, str]  # chat id, text, the user's Telegram language
Reply = tuple[str, list[list[tuple[str, str]]]]  # HTML, keyboard rows of (label, callback data)


@dataclass
class Mark:
    """A moment of a run: wall clock, the bot's user and system CPU seconds, this (server) process's CPU."""

    wall: float
    bot_user: float
    bot_system: float
    server_cpu: float
    machine: float


@dataclass
class Run:
    kind: str
    messages: int
    seconds: float
    bot_user: float
    bot_system: float
    server_cpu: float
    others_cpu: float  # CPU seconds other processes on the machine used meanwhile: noise
    peak_rss_mb: float

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        return (self.bot_user + self.bot_system) / self.messages * 1000

    @property
    def system_ms_per_update(self) -> float:
        return self.bot_system / self.messages * 1000

    def line(self) -> str:
        return (
            f"{self.kind:>6}: {self.per_second:7.1f} msgs/s  {self.cpu_ms_per_update:5.2f} CPU ms/update "
            f"(system {self.system_ms_per_update:4.2f})  "
            f"peak RSS {self.peak_rss_mb:5.1f} MB  fake server busy {self.server_cpu / self.seconds:4.0%}  "
            f"others {self.others_cpu / self.seconds:4.0%}"
        )


class TimedApi(FakeBotApi):
    """The fake server, marking the first non-empty getUpdates and the `target`-th sendMessage."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target
        self.pid: int | None = None
        self.first: Mark | None = None
        self.last: Mark | None = None

    def mark(self) -> Mark:
        user, system = cpu_times(self.pid) if self.pid else (float("nan"), float("nan"))
        return Mark(time.perf_counter(), user, system, time.process_time(), machine_busy_seconds())

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


async def run_once(
    kind: str,
    messages: list[Message],
    replies: list[Reply],
    logs: Path,
    profile: Path | None = None,
    request: str = "own",
    tree: Path = ROOT,
) -> Run:
    """Serve `messages` to one fresh bot process; time it from first updates to last answer.

    `tree` is where `python -m bot run` starts, so its `bot` package is the one run (--bot-tree)."""
    canned = ("--replies", str(logs / "replies.json"))
    command = {
        "bot": BOT_COMMAND,
        "before": BOT_COMMAND,
        "adapter": (sys.executable, str(BENCH / "answers_known.py")),
        "canned": (*ECHO_COMMAND, *canned),
        "echo": ECHO_COMMAND,
        "fast": (*ECHO_COMMAND, "--concurrent"),
        "cannedfast": (*ECHO_COMMAND, "--concurrent", *canned),
    }[kind]
    if kind in FAST:
        request = "aiohttp"
    if request != "own":
        command = (sys.executable, str(BENCH / "with_request.py"), request, *command[1:])
    if profile:
        command = (sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:])
    log = logs / f"{kind}.log"
    async with TimedApi(len(messages)) as server:
        by_message_id = {}
        for (chat_id, text, lang), reply in zip(messages, replies, strict=True):
            update = server.push_text(chat_id, text, lang)
            by_message_id[update["message"]["message_id"]] = reply
        if kind in ("canned", "cannedfast"):
            (logs / "replies.json").write_text(json.dumps(by_message_id, ensure_ascii=False), encoding="utf-8")
        cwd = tree if kind in ("bot", "before", "adapter") else ROOT
        process = await start(command, bot_env(server, **NO_WAITING_LIMITS), log, cwd=cwd)
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
    bot_user, bot_system = last.bot_user - first.bot_user, last.bot_system - first.bot_system
    server_cpu = last.server_cpu - first.server_cpu
    others = last.machine - first.machine - bot_user - bot_system - server_cpu
    return Run(kind, len(messages), last.wall - first.wall, bot_user, bot_system, server_cpu, max(others, 0.0), rss)


def officebot_replies(messages: list[Message]) -> list[Reply]:
    """What `python -m bot run` sends for each message, conversation state included (for the canned bot)."""
    engine, chats = Engine.load(), ChatStates()
    replies = []
    for chat_id, text, lang in messages:
        answer = engine.reply(text, chats.get(chat_id), lang)
        [html] = render_messages(answer)  # one message per answer: the runs check it too
        keyboard = render_keyboard(answer.actions)
        rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard] if keyboard else []
        replies.append((html, rows))
    return replies


def own_clients() -> dict[str, str]:
    """The HTTP client each bot's own code sets: officebot's from build_application, PTB's default for the others."""
    request = type(build_application("123:bench", None).bot.request).__name__  # type: ignore[arg-type]
    return {
        "bot": CLIENTS.get(request, request),
        "before": "aiohttp",
        "adapter": "aiohttp",
        "canned": "httpx",
        "echo": "httpx",
        "fast": "aiohttp",
        "cannedfast": "aiohttp",
    }


def _check_one_answer_per_message(kind: str, server: FakeBotApi, messages: list[Message]) -> None:
    """Every chat got exactly as many messages as it sent, so msgs/s counts answered updates."""
    asked = collections.Counter(chat_id for chat_id, _, _ in messages)
    answered = collections.Counter(m["chat_id"] for m in server.sent)
    if asked != answered:
        raise RuntimeError(
            f"{kind}: {sum(answered.values())} messages sent for {len(messages)} updates "
            f"(chats differing: {len(set(asked.items()) ^ set(answered.items()))})"
        )


async def benchmark(args: argparse.Namespace) -> None:
    messages = conversation(args.messages, args.chats)
    replies = officebot_replies(messages)
    kinds = [k for k in args.kinds if k != "canned" or not args.no_canned]
    setups = [(request, kind) for request in args.request for kind in kinds]
    runs: dict[tuple[str, str], list[Run]] = {setup: [] for setup in setups}
    with tempfile.TemporaryDirectory(prefix="officebot-bench-") as folder:
        for round_number in range(args.rounds):
            for request, kind in setups if round_number % 2 == 0 else reversed(setups):
                if not args.no_quiet_wait:
                    await wait_for_quiet()
                tree = args.before_tree if kind == "before" else args.bot_tree
                run = await run_once(kind, messages, replies, Path(folder), request=request, tree=tree)
                runs[request, kind].append(run)
                label = f"{request:>10} " if len(args.request) > 1 else ""
                print(f"round {round_number + 1}  {label}{run.line()}", flush=True)
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            for request, kind in setups:
                name = kind if len(args.request) == 1 else f"{kind}-{request}"
                profile = args.profile.resolve() / f"{name}.prof"
                run = await run_once(kind, messages, replies, Path(folder), profile, request, args.bot_tree)
                print(f"profiled {run.line()}  -> {profile}", flush=True)
    if args.rounds:
        print(f"\n{args.messages} messages, {args.chats} chats, {args.rounds} rounds; medians:")
        for request in args.request:
            summarise(request, {kind: runs[request, kind] for kind in kinds})
        baseline = next((r for r in ("own", "httpx") if r in args.request), None)
        against = "fast" if "fast" in kinds else "echo" if "echo" in kinds else None
        if len(args.request) > 1 and baseline and against and "bot" in kinds:
            echo = median([r.per_second for r in runs[baseline, against]])
            for request in args.request:
                bot = median([r.per_second for r in runs[request, "bot"]])
                client = f"its own request ({own_clients()['bot']})" if request == "own" else request
                print(f"python -m bot run with {client} / {NAMES[against]}: {bot / echo:.2f}")


def summarise(request: str, runs: dict[str, list[Run]]) -> None:
    """Medians per bot, the ratios to the echo bots, where the bot's CPU goes, and the targets, for one request."""
    speed = {kind: median([r.per_second for r in rs]) for kind, rs in runs.items()}
    cpu = {kind: median([r.cpu_ms_per_update for r in rs]) for kind, rs in runs.items()}
    own = own_clients()
    client = {kind: own[kind] if request == "own" or kind in FAST else request for kind in runs}
    print(f"{TITLES[request]}:")
    for kind, rs in runs.items():
        name = f"{NAMES[kind]} ({client[kind]})"
        print(
            f"  {name:<38} {speed[kind]:7.1f} msgs/s  {cpu[kind]:5.2f} CPU ms/update  "
            f"peak RSS {max(r.peak_rss_mb for r in rs):5.1f} MB (max)"
        )
    if "bot" not in speed:
        return
    if "fast" in speed:
        ratio = speed["bot"] / speed["fast"]
        verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
        print(f"  ratio bot/fast {ratio:.2f} (target >= {TARGET_RATIO}): {verdict}")
    if "before" in speed and "fast" in speed:
        print(f"  ratio before/fast {speed['before'] / speed['fast']:.2f} (the bot from --before-tree)")
    if "adapter" in speed and "fast" in speed:
        print(
            f"  ratio adapter/fast {speed['adapter'] / speed['fast']:.2f} (the bot's answers known in advance); "
            f"CPU ms/update: {cpu['bot'] - cpu['adapter']:+.2f} understanding and answering, "
            f"{cpu['adapter'] - cpu['fast']:+.2f} the rest of the bot over the echo bot"
        )
    if "echo" in speed:
        print(f"  ratio bot/echo {speed['bot'] / speed['echo']:.2f} (PTB's defaults: httpx, one update at a time)")
    if "cannedfast" in cpu and "fast" in cpu:
        print(
            f"  CPU ms/update: {cpu['cannedfast'] - cpu['fast']:+.2f} sending officebot's messages (PTB + aiohttp), "
            f"{cpu['bot'] - cpu['cannedfast']:+.2f} the bot's own work (engine, handlers, state, question log)"
        )
    bot_rss = max(r.peak_rss_mb for r in runs["bot"])
    print(
        f"  bot peak RSS {bot_rss:.1f} MB (target <= {TARGET_RSS_MB:.0f} MB): "
        f"{'ok' if bot_rss <= TARGET_RSS_MB else 'ABOVE TARGET'}"
    )


def kinds(value: str) -> list[str]:
    """The --kinds list: bot, before, adapter, fast, cannedfast, canned, echo."""
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    if set(chosen) - set(KINDS) or not chosen or len(set(chosen)) < len(chosen):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(KINDS)} (each once), not {value!r}")
    return chosen


def requests(value: str) -> list[str]:
    """The --request list: own, httpx, aiohttp, httpx-json."""
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = set(chosen) - set(REQUESTS)
    if unknown or not chosen or len(set(chosen)) < len(chosen):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(REQUESTS)} (each once), not {value!r}")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000, help="messages queued per run (default 2000)")
    parser.add_argument("--chats", type=int, default=100, help="chats they come from (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of bot + echo runs (default 3)")
    parser.add_argument(
        "--request",
        type=requests,
        default=["own"],
        metavar="R[,R...]",
        help="comma-separated, interleaved: own = each bot's own request (default: the bot on "
        "aiohttp, the echo bots on PTB's httpx); httpx, aiohttp, httpx-json = that request "
        "forced on every bot (bench/alt_requests.py)",
    )
    parser.add_argument(
        "--no-quiet-wait",
        action="store_true",
        help="start each run at once, not when other processes leave the CPU (mostly) idle",
    )
    parser.add_argument(
        "--kinds",
        type=kinds,
        default=list(DEFAULT_KINDS),
        metavar="K[,K...]",
        help=f"bots to run, interleaved (default {','.join(DEFAULT_KINDS)}; also canned, echo)",
    )
    parser.add_argument("--no-canned", action="store_true", help="skip the canned-replies bot (PTB's defaults)")
    parser.add_argument(
        "--bot-tree",
        type=Path,
        default=ROOT,
        help="run `python -m bot run` from this tree (e.g. `git archive` of an older commit)",
    )
    parser.add_argument(
        "--before-tree",
        type=Path,
        default=None,
        help="with --kinds ...,before: the tree of the bot before, run beside this one",
    )
    parser.add_argument("--profile", type=Path, default=None, help="also profile one run of each bot into DIR")
    parser.add_argument("--skip-server-check", action="store_true", help="do not measure the fake server first")
    args = parser.parse_args()
    if "before" in args.kinds and args.before_tree is None:
        parser.error("--kinds before needs --before-tree DIR")
    if not args.skip_server_check:
        from server_speed import report

        for line in report(2.0):
            print(line, flush=True)
        print(flush=True)
    asyncio.run(benchmark(args))


if __name__ == "__main__":
    main()
