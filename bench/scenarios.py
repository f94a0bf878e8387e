"""One chat in trouble, many chats asking: how long do the others wait? Before and after per-chat processing.

    .venv/bin/python bench/scenarios.py --before DIR [--rounds 3] [--scenarios a,b] [--variants after,before,...]

DIR is the bot before issue 12, e.g. `mkdir /tmp/before && git archive 9b4591b | tar -x -C /tmp/before` (it needs
aiolimiter, in the dev extra). Each run starts a fresh fake Bot API server in this process and `python -m bot run`
(STATE_DB=memory, every other setting at its default: Telegram's send limits on) from the variant's tree, warms
it up with one question, then, all at the same moment:

  flood429   one chat asks 3 questions (a follow-up among them) and its first answer gets 429, retry after 5 s;
             50 other chats ask one question each
  slow3s     the same, the first answer taking 3 s to be accepted
  error5xx   the same, the first answer refused once with 500 (retried after 0.5 s)
  outage     the same, the first answer refused with 500 eight times in a row (the retry schedule, ~40 s)
  busygroup  a group sends 30 commands to the bot in 3 s (from 10 people; Telegram allows 20 a minute in a
             group) while 50 private chats ask, one every 60 ms over the same 3 s

The run ends when every expected answer has arrived (or after 150 s). Reported per scenario and variant,
medians over rounds: the other chats' latency (push -> the server receives the answer) p50/p95/max, answers
lost and duplicated (against the engine's own answers to each chat's conversation, all chats), and whether
every chat got its answers in order. Variants: `after` (this tree), `before` (DIR), `ptbconcurrent` (DIR
with PTB's concurrent_updates(True) forced on: bench/ptb_concurrent.py). Rounds are interleaved.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.render import render_messages
from common import BENCH, ROOT, FakeBotApi, bot_env, start, stop

SCENARIOS = ("flood429", "slow3s", "error5xx", "outage", "busygroup")
VARIANTS = ("after", "before", "ptbconcurrent")
TROUBLED = 20_000  # the chat in trouble
OTHERS = list(range(20_001, 20_051))  # 50 chats asking at the same moment
GROUP, GROUP_USERS = -100_777, list(range(30_001, 30_011))
WARM_UP = 19_999
TROUBLED_ASKS = ["is a bookkeeper back office?", "and the skills?", "what does a cashier do?"]
OTHER_ASKS = [
    "Is a receptionist front office or back office?",
    "czy księgowa to back office?",
    "what does a payroll specialist do?",
    "czym zajmuje się specjalista ds. płac?",
    "skills checklist for a cashier",
]
GROUP_COMMAND = "/help@officebot_test_bot"
RUN_TIMEOUT = 150.0
START_TIMEOUT = 30.0


class TimedServer(FakeBotApi):
    """The fake server, noting when each answer arrives (sendMessage), beside what it was."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: list[tuple[float, int, str]] = []  # (time, chat id, text)

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        self.arrived.append((time.perf_counter(), params.get("chat_id", 0), params.get("text", "")))
        return await super()._api_sendmessage(params)


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, the other chats' answers
    lost: int = 0
    duplicated: int = 0
    in_order: bool | None = True  # None: not judged (another tree's texts)
    seconds: float = 0.0  # until the last expected answer (or the timeout)


def expected_answers(engine: Engine, asked: dict[int, list[tuple[str, str]]]) -> dict[int, list[str]]:
    """What each chat should receive: the engine's answers to its conversation, in order, as sent."""
    answers = {}
    for chat, questions in asked.items():
        state = ChatState()
        texts: list[str] = []
        for text, lang in questions:
            if text.startswith("/help"):
                texts += render_messages(engine.help(state, lang))
            else:
                texts += render_messages(engine.reply(text, state, lang))
        answers[chat] = texts
    return answers


def inject(server: FakeBotApi, scenario: str) -> None:
    if scenario == "flood429":
        server.fail_next("sendMessage", retry_after=5, chat_id=TROUBLED)
    elif scenario == "slow3s":
        server.delay_next("sendMessage", 3.0, chat_id=TROUBLED)
    elif scenario == "error5xx":
        server.fail_next("sendMessage", code=500, chat_id=TROUBLED)
    elif scenario == "outage":
        server.fail_next("sendMessage", times=8, code=500, chat_id=TROUBLED)


async def ask(server: TimedServer, scenario: str, pushed: dict[int, list[float]]) -> dict[int, list[tuple[str, str]]]:
    """Push the scenario's messages; note when each was pushed. Returns each chat's questions."""
    asked: dict[int, list[tuple[str, str]]] = collections.defaultdict(list)

    def push(chat: int, text: str, lang: str = "en", user: int | None = None) -> None:
        if chat < 0:
            server.push_group_text(chat, user or 1, text, lang)
        else:
            server.push_text(chat, text, lang)
        pushed[chat].append(time.perf_counter())
        asked[chat].append((text, lang))

    if scenario != "busygroup":
        for text in TROUBLED_ASKS:
            push(TROUBLED, text)
        for index, chat in enumerate(OTHERS):
            text = OTHER_ASKS[index % len(OTHER_ASKS)]
            push(chat, text, "pl" if "ę" in text or "czy" in text else "en")
        return asked
    steps = sorted([(0.1 * i, GROUP, i) for i in range(30)] + [(0.06 * i, OTHERS[i], i) for i in range(50)])
    started = time.perf_counter()
    for at, chat, index in steps:
        await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
        if chat == GROUP:
            push(GROUP, GROUP_COMMAND, user=GROUP_USERS[index % len(GROUP_USERS)])
        else:
            text = OTHER_ASKS[index % len(OTHER_ASKS)]
            push(chat, text, "pl" if "ę" in text or "czy" in text else "en")
    return asked


async def run_once(variant: str, scenario: str, trees: dict[str, Path], engine: Engine, logs: Path) -> Result:
    tree = trees["after" if variant == "after" else "before"]
    command: tuple[str, ...] = (sys.executable, "-m", "bot", "run")
    if variant == "ptbconcurrent":
        command = (sys.executable, str(BENCH / "ptb_concurrent.py"), "-m", "bot", "run")
    log = logs / f"{variant}-{scenario}.log"
    server = TimedServer()
    async with server:
        process = await start(command, bot_env(server, STATE_DB="memory"), log, cwd=tree)
        try:
            await server.wait_while_running(
                process, lambda: "getUpdates" in server.methods(), START_TIMEOUT, log.read_text
            )
            server.push_text(WARM_UP, "hi")
            await server.wait_while_running(process, lambda: len(server.sent) >= 1, START_TIMEOUT, log.read_text)
            inject(server, scenario)
            pushed: dict[int, list[float]] = collections.defaultdict(list)
            began = time.perf_counter()
            asked = await ask(server, scenario, pushed)
            expected = expected_answers(engine, asked)
            total = sum(map(len, expected.values()))
            try:
                await server.wait_while_running(
                    process, lambda: len(server.sent) - 1 >= total, RUN_TIMEOUT, log.read_text
                )
            except TimeoutError:
                pass
            seconds = time.perf_counter() - began
            await asyncio.sleep(0.5)  # a duplicate would arrive now
        finally:
            await stop(process)
    return judge(server, expected, pushed, seconds, by_text=variant == "after")


def judge(
    server: TimedServer,
    expected: dict[int, list[str]],
    pushed: dict[int, list[float]],
    seconds: float,
    by_text: bool = True,
) -> Result:
    """Lost, duplicated and order against this tree's engine's answers; another tree's bot words its answers
    differently (other roles, other texts), so for it answers are counted per chat and the order is not judged."""
    received: dict[int, list[tuple[float, str]]] = collections.defaultdict(list)
    for at, chat, text in server.arrived:
        if chat != WARM_UP:
            received[chat].append((at, text))
    result = Result(seconds=seconds)
    for chat, texts in expected.items():
        got = [text for _, text in received.get(chat, [])]
        if not by_text:
            result.lost += max(0, len(texts) - len(got))
            result.duplicated += max(0, len(got) - len(texts))
            result.in_order = None
            if chat in OTHERS:
                arrived = received.get(chat, [])
                result.latencies += [at - asked for (at, _), asked in zip(arrived, pushed[chat], strict=False)]
            continue
        missing = collections.Counter(texts) - collections.Counter(got)
        extra = collections.Counter(got) - collections.Counter(texts)
        result.lost += sum(missing.values())
        result.duplicated += sum(extra.values())
        if not missing and not extra and got != texts:
            result.in_order = False
        if chat in OTHERS:  # one question, one answer each
            for (at, _), asked_at in zip(received.get(chat, []), pushed[chat], strict=False):
                result.latencies.append(at - asked_at)
    return result


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(results: list[Result]) -> str:
    p50 = statistics.median(percentile(r.latencies, 0.5) for r in results) * 1000
    p95 = statistics.median(percentile(r.latencies, 0.95) for r in results) * 1000
    worst = statistics.median(max(r.latencies, default=float("nan")) for r in results) * 1000
    lost = max(r.lost for r in results)
    duplicated = max(r.duplicated for r in results)
    if any(r.in_order is None for r in results):
        order = "n/a"
    else:
        order = "yes" if all(r.in_order for r in results) else f"no ({sum(not r.in_order for r in results)} runs)"
    seconds = statistics.median(r.seconds for r in results)
    return (
        f"p50 {p50:8,.0f} ms  p95 {p95:8,.0f} ms  max {worst:8,.0f} ms  lost {lost:3d}  dup {duplicated:3d}  "
        f"in order: {order:<10} all answered after {seconds:5.1f} s"
    )


async def benchmark(args: argparse.Namespace) -> None:
    trees = {"after": ROOT, "before": args.before or ROOT}
    engine = Engine.load()
    results: dict[tuple[str, str], list[Result]] = collections.defaultdict(list)
    runs = [(scenario, variant) for scenario in args.scenarios for variant in args.variants]
    with tempfile.TemporaryDirectory(prefix="officebot-scenarios-") as folder:
        for number in range(args.rounds):
            for scenario, variant in runs if number % 2 == 0 else list(reversed(runs)):
                result = await run_once(variant, scenario, trees, engine, Path(folder))
                results[scenario, variant].append(result)
                print(f"round {number + 1} {scenario:<10} {variant:<13} {summary([result])}", flush=True)
    print(f"\nmedians of {args.rounds} rounds (lost/dup: the most in any round); the other chats' latency:")
    for scenario in args.scenarios:
        for variant in args.variants:
            print(f"  {scenario:<10} {variant:<13} {summary(results[scenario, variant])}")


def names(allowed: tuple[str, ...]) -> Any:
    def parse(value: str) -> list[str]:
        chosen = [v.strip() for v in value.split(",") if v.strip()]
        if not chosen or set(chosen) - set(allowed):
            raise argparse.ArgumentTypeError(f"choose from {', '.join(allowed)}")
        return chosen

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="the tree of the bot before (git archive of an older commit)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenarios", type=names(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument(
        "--variants",
        type=names(VARIANTS),
        default=None,
        help="after, before, ptbconcurrent (default: after, and before with --before)",
    )
    args = parser.parse_args()
    if args.variants is None:
        args.variants = ["after", "before"] if args.before else ["after"]
    if set(args.variants) - {"after"} and not args.before:
        parser.error("--variants before/ptbconcurrent need --before DIR")
    asyncio.run(benchmark(args))


if __name__ == "__main__":
    main()
