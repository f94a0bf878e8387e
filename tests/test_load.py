"""Load: 200 chats x 10 messages, Polish and English, follow-ups included, all queued at once for
`python -m bot run`. Every message is answered exactly once, in order within its chat, and each chat
gets exactly what the engine says for its conversation (computed here with one ChatState per chat).
"""
from __future__ import annotations

import asyncio
import collections
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from telegram import Update

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.app import build_application
from bot.telegram.handlers import STORE_KEY
from bot.telegram.render import render_messages
from bot_process import running_bot
from fake_bot_api import FakeBotApi, text_update

CHATS = 200
MESSAGES_PER_CHAT = 10
DATA = Path(__file__).parent / "data"
ANSWER_TIMEOUT = 60.0  # ~4 s on an idle 2-core machine; generous for a loaded CI machine

Conversation = list[str]


def conversations(chats: int, per_chat: int, seed: int = 6) -> dict[int, tuple[str, Conversation]]:
    """chat id -> (Telegram language, messages): labelled phrasings with the follow-ups they came with.

    Even chats speak English, odd chats Polish (each from the independent sets in tests/data, whose
    `context` holds the messages before a follow-up, e.g. "co robi specjalista ds. plac?" then "i to back office?").
    """
    rng = random.Random(seed)
    groups: dict[str, list[list[str]]] = {"en": [], "pl": []}
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("lang") in groups:
                groups[item["lang"]].append([*item.get("context", []), item["text"]])
    result = {}
    for index in range(chats):
        lang = "en" if index % 2 == 0 else "pl"
        messages: Conversation = []
        while len(messages) < per_chat:
            messages.extend(rng.choice(groups[lang]))
        result[50_000 + index] = (lang, messages[:per_chat])
    return result


def expected_answers(engine: Engine, chats: dict[int, tuple[str, Conversation]]) -> dict[int, list[str]]:
    """Each chat's expected messages: the engine's answers to its conversation, in order, as sent (HTML)."""
    expected = {}
    for chat_id, (lang, messages) in chats.items():
        state = ChatState()
        expected[chat_id] = [html for text in messages for html in render_messages(engine.reply(text, state, lang))]
    return expected


def first_difference(received: dict[int, list[str]], expected: dict[int, list[str]],
                     chats: dict[int, tuple[str, Conversation]]) -> str:
    """The first chat whose answers differ, with its questions, the answer expected and the one sent."""
    for chat_id, texts in expected.items():
        got = received.get(chat_id, [])
        if got != texts:
            pairs = enumerate(zip(got, texts, strict=False))
            index = next((i for i, (a, b) in pairs if a != b), min(len(got), len(texts)))
            return (f"chat {chat_id} ({chats[chat_id][0]}) asked {chats[chat_id][1]}; answer {index} differs:\n"
                    f"expected {texts[index] if index < len(texts) else None!r}\n"
                    f"sent     {got[index] if index < len(got) else None!r}")
    return "no chat differs"


def test_the_workload_is_what_it_says() -> None:
    chats = conversations(CHATS, MESSAGES_PER_CHAT)
    assert len(chats) == CHATS
    assert all(len(messages) == MESSAGES_PER_CHAT for _, messages in chats.values())
    assert collections.Counter(lang for lang, _ in chats.values()) == {"en": CHATS // 2, "pl": CHATS // 2}
    assert any(text.startswith(("a ", "and ", "i ")) for _, messages in chats.values() for text in messages)


@pytest.mark.slow
async def test_every_message_is_answered_once_and_in_order(
    fake_api: FakeBotApi, engine: Engine, project_root: Path, tmp_path: Path
) -> None:
    chats = conversations(CHATS, MESSAGES_PER_CHAT)
    expected = expected_answers(engine, chats)
    total = sum(len(texts) for texts in expected.values())
    no_pace = {"SEND_LIMIT_PER_SECOND": "0", "SEND_LIMIT_CHAT_PER_SECOND": "0"}  # order and loss, not pacing
    async with running_bot(fake_api, project_root, tmp_path, **no_pace) as bot:
        for round_number in range(MESSAGES_PER_CHAT):  # interleaved, as many users typing at once
            for chat_id, (lang, messages) in chats.items():
                fake_api.push_text(chat_id, messages[round_number], lang)
        await fake_api.wait_while_running(bot.process, lambda: len(fake_api.sent) >= total, ANSWER_TIMEOUT,
                                          bot.output)
        await asyncio.sleep(0.3)  # a duplicate answer would arrive now
    received: dict[int, list[str]] = collections.defaultdict(list)
    for message in fake_api.sent:
        received[message["chat_id"]].append(message["text"])
    assert len(fake_api.sent) == total, f"{len(fake_api.sent)} messages sent for {total} expected"
    assert received == expected, first_difference(received, expected, chats)
    assert "Traceback" not in bot.output() and fake_api.token not in bot.output()


@pytest.mark.slow
def test_replies_do_not_depend_on_the_process(project_root: Path) -> None:
    """Python salts string hashes per process; a reply built from set order would differ between bot processes."""
    question = "im into markets and crypto, can handle stress, fast decisions. wat fits"
    replies = {
        subprocess.run([sys.executable, "-m", "bot", "ask", question], cwd=project_root, capture_output=True,
                       text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(replies) == 1, replies


async def test_chat_state_stays_bounded_and_the_quietest_chats_expire(fake_api: FakeBotApi, engine: Engine) -> None:
    """Memory per chat is bounded (OFFICEBOT_MAX_CHATS): a chat quiet for too long starts afresh."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, max_chats=10)
    store = app.bot_data[STORE_KEY]
    ids = itertools.count(1)
    await app.initialize()
    try:
        for chat_id in range(1, 51):
            await app.process_update(Update.de_json(text_update(next(ids), next(ids), chat_id,
                                                                "is a bookkeeper back office?"), app.bot))
        assert len(store) == 10 and 1 not in store and 50 in store
        before = len(fake_api.sent)
        for chat_id in (50, 1):  # a recent chat remembers the bookkeeper; an expired one does not
            await app.process_update(Update.de_json(text_update(next(ids), next(ids), chat_id, "and the skills?"),
                                                    app.bot))
    finally:
        await app.shutdown()
    recent, expired = fake_api.sent[before], fake_api.sent[-1]
    remembered = ChatState()
    engine.reply("is a bookkeeper back office?", remembered, "en")
    assert recent["text"] == render_messages(engine.reply("and the skills?", remembered, "en"))[0]
    assert expired["text"] == render_messages(engine.reply("and the skills?", ChatState(), "en"))[0]
    assert len(store) == 10


@pytest.mark.slow
def test_a_bound_that_is_not_a_number_is_refused(project_root: Path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123:TEST", "OFFICEBOT_MAX_CHATS": "lots"}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=project_root, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "OFFICEBOT_MAX_CHATS" in result.stderr and "Traceback" not in result.stderr
