"""Chats are answered concurrently, each chat strictly in order (bot/telegram/processor.py), and one chat's
429, slow send or retry holds up that chat alone (bot/telegram/resilience.py, ratelimit.py).

The whole Application polls the fake Bot API server. Concurrency is shown without timing: one chat's answer
is *held* by the server (hold_next) or refused with 429 until the test lets it go, and meanwhile the other chats
must be answered, which a bot handling one update at a time could never do.
"""

from __future__ import annotations

import asyncio
import collections
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.core import Engine
from bot.state import ChatState
from bot.storage.base import ChatStore
from bot.storage.memory import MemoryStore
from bot.telegram.app import build_application
from bot.telegram.processor import ChatOrderedProcessor
from bot.telegram.ratelimit import SendLimits
from bot.telegram.render import render_messages
from bot_process import BotProcess, running_bot
from fake_bot_api import FakeBotApi
from polling import conversation, polling, texts_by_chat

SLOW_CHAT = 7000
OTHERS = list(range(7001, 7011))
QUESTIONS = ["is a bookkeeper back office?", "and the skills?", "what does a cashier do?", "and in polish?"]
WAIT = 30.0  # seconds a wait may take on a loaded machine before the test fails (never an assertion on time)


def answered(server: FakeBotApi, chats: list[int], each: int) -> Callable[[], bool]:
    """A condition: every one of `chats` has received at least `each` messages."""

    def condition() -> bool:
        counts = collections.Counter(m["chat_id"] for m in server.sent)
        return all(counts[chat] >= each for chat in chats)

    return condition


async def until_logged(bot: BotProcess, text: str) -> None:
    """Wait until the bot process has logged `text` (stopping makes no request the fake server could see)."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while text not in bot.output():
        assert asyncio.get_running_loop().time() < deadline, f"no {text!r} in:\n{bot.output()}"
        await asyncio.sleep(0.05)


def processed_updates(app: Application) -> list[int]:
    """Record the id of every update the Application processes (a handler in a group of its own, before all)."""
    seen: list[int] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.update_id)

    app.add_handler(TypeHandler(Update, record), group=-10)
    return seen


async def test_chats_are_answered_while_one_chat_waits_and_each_keeps_its_order(
    fake_api: FakeBotApi, engine: Engine
) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, limits=SendLimits.off())
    held = fake_api.hold_next("sendMessage", chat_id=SLOW_CHAT)  # the slow chat's first answer hangs
    for question in QUESTIONS:  # interleaved, as people typing at the same time
        for chat in [SLOW_CHAT, *OTHERS]:
            fake_api.push_text(chat, question)
    async with polling(app) as errors:
        await fake_api.wait_until(answered(fake_api, OTHERS, len(QUESTIONS)), WAIT, "the other chats' answers")
        assert SLOW_CHAT not in texts_by_chat(fake_api)  # still held: the others did not wait for it
        held.release()
        await fake_api.wait_until(answered(fake_api, [SLOW_CHAT], len(QUESTIONS)), WAIT, "the slow chat's answers")
    expected = conversation(engine, QUESTIONS)  # follow-ups answered with what the chat said before
    assert texts_by_chat(fake_api) == {chat: expected for chat in [SLOW_CHAT, *OTHERS]}
    assert not errors


async def test_button_taps_and_messages_of_one_chat_keep_their_order(fake_api: FakeBotApi, engine: Engine) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, limits=SendLimits.off())
    held = fake_api.hold_next("sendMessage", chat_id=SLOW_CHAT)
    fake_api.push_text(SLOW_CHAT, QUESTIONS[0])
    fake_api.push_callback(SLOW_CHAT, "skills:cashier", message_id=1)
    fake_api.push_text(SLOW_CHAT, "and the duties?")  # about the cashier the tap opened, not the bookkeeper
    fake_api.push_text(OTHERS[0], QUESTIONS[0])
    async with polling(app) as errors:
        await fake_api.wait_until(answered(fake_api, OTHERS[:1], 1), WAIT, "the other chat's answer")
        held.release()
        await fake_api.wait_until(answered(fake_api, [SLOW_CHAT], 3), WAIT, "the slow chat's three answers")
    state = ChatState()
    expected = [
        *render_messages(engine.reply(QUESTIONS[0], state, "en")),
        *render_messages(engine.press("skills:cashier", state, "en")),
        *render_messages(engine.reply("and the duties?", state, "en")),
    ]
    assert texts_by_chat(fake_api)[SLOW_CHAT] == expected
    assert not errors


async def test_a_429_for_one_chat_holds_back_that_chat_alone(fake_api: FakeBotApi, engine: Engine) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)  # Telegram's limits, as in service
    flood = fake_api.fail_next("sendMessage", times=None, retry_after=1, chat_id=SLOW_CHAT)  # until the test ends it
    fake_api.push_text(SLOW_CHAT, QUESTIONS[0])
    for chat in OTHERS:
        fake_api.push_text(chat, QUESTIONS[0])
    async with polling(app) as errors:
        await fake_api.wait_until(lambda: fake_api.faulted() >= 1, WAIT, "the 429")
        await fake_api.wait_until(answered(fake_api, OTHERS, 1), WAIT, "the other chats' answers")
        assert SLOW_CHAT not in texts_by_chat(fake_api)
        flood.times = 0  # Telegram lets the chat be written to again
        await fake_api.wait_until(answered(fake_api, [SLOW_CHAT], 1), WAIT, "the held chat's answer")
    expected = conversation(engine, QUESTIONS[:1])
    assert texts_by_chat(fake_api) == {chat: expected for chat in [SLOW_CHAT, *OTHERS]}  # once each
    assert not errors


@pytest.mark.slow
async def test_no_update_is_processed_twice_or_lost_under_faults(fake_api: FakeBotApi, engine: Engine) -> None:
    """50 chats x 4 messages at once, with a failed poll, a 429, a 500 and a dropped connection on the way."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, limits=SendLimits.off())
    seen = processed_updates(app)
    chats = list(range(7100, 7150))
    fake_api.fail_next("getUpdates", code=500)
    fake_api.fail_next("sendMessage", retry_after=1, chat_id=chats[0])
    fake_api.fail_next("sendMessage", code=500)
    fake_api.drop_next("sendMessage")
    pushed = [fake_api.push_text(chat, question)["update_id"] for question in QUESTIONS for chat in chats]
    expected = conversation(engine, QUESTIONS)
    async with polling(app) as errors:
        await fake_api.wait_until(answered(fake_api, chats, len(expected)), WAIT, "every answer")
    assert sorted(seen) == sorted(pushed) and len(seen) == len(set(seen))  # each update once
    assert texts_by_chat(fake_api) == {chat: expected for chat in chats}
    assert fake_api.faulted() == 4 and not errors


async def test_the_processor_bounds_the_updates_worked_on_at_once(fake_api: FakeBotApi, engine: Engine) -> None:
    """With two working places, a third chat waits for one to free up: all three are still answered."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, limits=SendLimits.off())
    processor = ChatOrderedProcessor(max_working=2)
    app._update_processor = processor  # noqa: SLF001 - PTB has no setter; the builder's is the one in service
    holds = [fake_api.hold_next("sendMessage", chat_id=chat) for chat in OTHERS[:2]]
    for chat in OTHERS[:3]:
        fake_api.push_text(chat, QUESTIONS[0])
    async with polling(app) as errors:
        await fake_api.wait_until(lambda: fake_api.faulted() >= 2, WAIT, "two answers held")
        assert processor.chats_in_flight == 3 and not fake_api.sent  # the third waits for a place, not a chat
        for hold in holds:
            hold.release()
        await fake_api.wait_until(answered(fake_api, OTHERS[:3], 1), WAIT, "all three answers")
    assert not errors and processor.chats_in_flight == 0


@pytest.mark.slow
async def test_sigterm_finishes_the_updates_in_flight(fake_api: FakeBotApi, project_root: Path, tmp_path: Path) -> None:
    """`python -m bot run` told to stop while one chat's answer hangs and its next message waits behind it:
    both are answered before the process exits, cleanly."""
    held = fake_api.hold_next("sendMessage", chat_id=SLOW_CHAT)
    async with running_bot(fake_api, project_root, tmp_path) as bot:
        fake_api.push_text(SLOW_CHAT, QUESTIONS[0])
        fake_api.push_text(SLOW_CHAT, QUESTIONS[1])
        fake_api.push_text(OTHERS[0], QUESTIONS[0])
        await fake_api.wait_while_running(
            bot.process, lambda: fake_api.faulted() >= 1 and OTHERS[0] in texts_by_chat(fake_api), WAIT, bot.output
        )
        bot.process.terminate()
        await until_logged(bot, "Application is stopping")  # PTB has stopped polling and waits for the updates
        held.release()
        assert await asyncio.wait_for(bot.process.wait(), WAIT) == 0, bot.output()
    assert len(texts_by_chat(fake_api)[SLOW_CHAT]) == 2, bot.output()


# -- the stores, with many chats in flight ------------------------------------------------------------------


@pytest_asyncio.fixture(params=["memory", "sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """Each store the bot can run on; Redis on the test session's own server."""
    if request.param == "memory":
        yield MemoryStore()
        return
    if request.param == "sqlite":
        from bot.storage.sqlite import SqliteStore

        sqlite = SqliteStore(tmp_path / "state.sqlite3")
        yield sqlite
        await sqlite.close()
        return
    from bot.storage.redis import RedisStore

    redis = RedisStore(request.getfixturevalue("redis_server"), prefix=f"test-{uuid.uuid4().hex[:8]}:")
    yield redis
    await redis.close()


@pytest.mark.slow
async def test_every_store_keeps_each_chats_state_with_many_chats_in_flight(
    fake_api: FakeBotApi, engine: Engine, store: ChatStore
) -> None:
    """40 chats x 4 messages (follow-ups that need the state) answered concurrently: each chat's answers and its
    saved state are what one chat alone would have got."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url, store=store, limits=SendLimits.off())
    chats = list(range(7200, 7240))
    for question in QUESTIONS:
        for chat in chats:
            fake_api.push_text(chat, question, "en" if chat % 2 else "pl")
    async with polling(app) as errors:
        expected = {chat: conversation(engine, QUESTIONS, "en" if chat % 2 else "pl") for chat in chats}
        await fake_api.wait_until(
            lambda: sum(map(len, texts_by_chat(fake_api).values())) >= sum(map(len, expected.values())),
            WAIT,
            "every answer",
        )
    assert texts_by_chat(fake_api) == expected and not errors
    for chat in chats:
        alone = ChatState()
        for question in QUESTIONS:
            engine.reply(question, alone, "en" if chat % 2 else "pl")
        assert await store.load(chat) == alone
