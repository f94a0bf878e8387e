"""Telegram misbehaving: 429 flood control, 500s, dropped connections, slow answers, a 10 s outage.

The bot's own HTTP client and rate limiter talk to the fake Bot API server over real sockets; the server
injects each fault (tests/fake_bot_api.py: fail_next, drop_next, delay_next, go_away/come_back).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import ContextTypes, ExtBot, TypeHandler

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.app import build_application
from bot.telegram.ratelimit import SendLimits
from bot.telegram.render import render_messages
from bot.telegram.request import AiohttpRequest
from bot.telegram.resilience import ResilientLimiter
from fake_bot_api import FakeBotApi
from polling import conversation as _conversation
from polling import polling, texts_by_chat

CHAT_ID = 31337
FAST = {"first_delay": 0.05, "max_delay": 0.2}  # the production backoff, shrunk: same logic, short waits
OUTAGE_SECONDS = 10.0


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[ExtBot]:
    """PTB's own bot on officebot's request and limiter, with short backoff and a short read timeout."""
    ext_bot = ExtBot(fake_api.token, base_url=fake_api.base_url, request=AiohttpRequest(timeout=0.5),
                     rate_limiter=ResilientLimiter(**FAST, limits=SendLimits.off()))  # retries, not pacing
    await ext_bot.initialize()
    try:
        yield ext_bot
    finally:
        await ext_bot.shutdown()


def sends(server: FakeBotApi) -> int:
    return server.methods().count("sendMessage")


# -- one call, one fault -------------------------------------------------------------------------------

@pytest.mark.slow
async def test_flood_control_waits_the_retry_after_telegram_asks_for(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", retry_after=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.send_message(CHAT_ID, "hello")
    assert loop.time() - started >= 1.0  # not before Telegram allows it
    assert sends(fake_api) == 2 and [m["text"] for m in fake_api.sent] == ["hello"]


async def test_server_errors_are_retried_until_one_succeeds(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", times=3, code=500)
    await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == 4 and len(fake_api.sent) == 1


@pytest.mark.parametrize("code", [502, 503, 504])
async def test_gateway_errors_are_retried(bot: ExtBot, fake_api: FakeBotApi, code: int) -> None:
    fake_api.fail_next("sendMessage", code=code, description="Bad Gateway")
    await bot.send_message(CHAT_ID, "hello")
    assert len(fake_api.sent) == 1


async def test_a_dropped_connection_is_retried(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.drop_next("sendMessage", times=2)
    await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == 3 and len(fake_api.sent) == 1


async def test_a_slow_answer_within_the_timeout_is_simply_awaited(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.delay_next("sendMessage", 0.2)
    await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == 1 and len(fake_api.sent) == 1


@pytest.mark.slow
async def test_a_timed_out_call_is_sent_again(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.delay_next("sendMessage", 1.5)  # three times the client's read timeout
    await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == 2 and [m["text"] for m in fake_api.sent] == ["hello"]


async def test_a_bad_request_is_not_retried(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", code=400, description="Bad Request: can't parse entities")
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == 1


@pytest.mark.slow
async def test_retries_give_up_after_the_limit(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail("sendMessage", 500, "Internal Server Error")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT_ID, "hello")
    assert sends(fake_api) == ResilientLimiter().retries + 1 and not fake_api.sent


def test_backoff_doubles_and_is_capped() -> None:
    assert ResilientLimiter().delays() == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    assert sum(ResilientLimiter().delays()) > 3 * OUTAGE_SECONDS  # an outage of 10 s is well covered


# -- the whole bot, polling ---------------------------------------------------------------------------

QUESTIONS = ["is a bookkeeper back office?", "and the skills?", "what does a cashier do?"]


@pytest.mark.slow
async def test_a_ten_second_outage_delays_answers_but_loses_none(fake_api: FakeBotApi, engine: Engine) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    chats = [501, 502, 503]
    async with polling(app) as errors:
        fake_api.push_text(chats[0], QUESTIONS[0])
        await fake_api.wait_until(lambda: len(fake_api.sent) >= 1, 5, "the first answer")

        fake_api.delay_next("sendMessage", 0.3)  # the outage starts while an answer is on its way
        fake_api.push_text(chats[1], QUESTIONS[0])
        await fake_api.wait_until(lambda: sends(fake_api) >= 2, 5, "the second answer on its way")
        await fake_api.go_away()
        for chat in chats:  # users keep writing; Telegram keeps their messages
            for question in QUESTIONS[1:] if chat != chats[2] else QUESTIONS:
                fake_api.push_text(chat, question)
        await asyncio.sleep(OUTAGE_SECONDS)
        await fake_api.come_back()

        asked = {chats[0]: QUESTIONS, chats[1]: QUESTIONS, chats[2]: QUESTIONS}
        expected = {chat: _conversation(engine, questions) for chat, questions in asked.items()}
        total = sum(len(texts) for texts in expected.values())
        await fake_api.wait_until(lambda: len(fake_api.sent) >= total, 3 * OUTAGE_SECONDS, "every answer")
        await asyncio.sleep(0.2)  # a duplicate would show up now
    assert texts_by_chat(fake_api) == expected  # each answered once, in order, nothing lost
    assert not errors


@pytest.mark.slow
async def test_flood_control_and_errors_while_busy_lose_nothing(fake_api: FakeBotApi, engine: Engine) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    chats = list(range(600, 620))
    fake_api.fail_next("getUpdates", code=500)  # PTB's polling loop backs off and asks again
    fake_api.fail_next("sendMessage", retry_after=1)
    fake_api.fail_next("sendMessage", code=500)
    fake_api.drop_next("sendMessage")
    for chat in chats:
        for question in QUESTIONS:
            fake_api.push_text(chat, question)
    expected = {chat: _conversation(engine, QUESTIONS) for chat in chats}
    total = sum(len(texts) for texts in expected.values())
    async with polling(app) as errors:
        await fake_api.wait_until(lambda: len(fake_api.sent) >= total, 20, "every answer")
        await asyncio.sleep(0.2)
    assert texts_by_chat(fake_api) == expected
    assert fake_api.faulted() == 4 and not errors


@pytest.mark.slow
async def test_a_failing_chat_never_stops_the_others(
    fake_api: FakeBotApi, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """A user who blocked the bot makes every send to them fail (403): the handler raises, the rest go on."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    blocked, others = 700, [701, 702]
    fake_api.fail_next("sendMessage", times=10**6, code=403, description="Forbidden: bot was blocked by the user",
                       chat_id=blocked)
    for question in QUESTIONS:
        for chat in [blocked, *others]:
            fake_api.push_text(chat, question)
    expected = {chat: _conversation(engine, QUESTIONS) for chat in others}
    with caplog.at_level(logging.ERROR):
        async with polling(app) as errors:
            total = sum(len(texts) for texts in expected.values())
            await fake_api.wait_until(lambda: len(fake_api.sent) >= total, 10, "the other chats' answers")
            await fake_api.wait_until(lambda: len(errors) >= len(QUESTIONS), 5, "every blocked send to fail")
    assert texts_by_chat(fake_api) == expected
    assert {type(e).__name__ for e in errors} == {"Forbidden"}
    blocked_sends = [p for m, p in fake_api.calls if m == "sendMessage" and p["chat_id"] == blocked]
    assert len(blocked_sends) == 2 * len(QUESTIONS)  # each answer tried once (403 is final), then the error notice


@pytest.mark.slow
async def test_a_crashing_handler_never_stops_the_others(fake_api: FakeBotApi, engine: Engine) -> None:
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)

    async def crash_on_one_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat and update.effective_chat.id == 800:
            raise RuntimeError("a bug in a handler")

    app.add_handler(TypeHandler(Update, crash_on_one_chat), group=-1)
    for question in QUESTIONS:
        for chat in (800, 801):
            fake_api.push_text(chat, question)
    async with polling(app) as errors:
        await fake_api.wait_until(lambda: len(texts_by_chat(fake_api).get(801, [])) >= 3, 10, "chat 801's answers")
        await fake_api.wait_until(lambda: len(errors) >= len(QUESTIONS), 5, "every crash reported")
    by_chat = texts_by_chat(fake_api)
    assert by_chat[801] == _conversation(engine, QUESTIONS)
    error_notice = engine.ui("error", "en")
    assert by_chat[800].count(error_notice) == len(QUESTIONS)  # the crashing chat is told, briefly, each time
    assert [type(e) for e in errors] == [RuntimeError] * len(QUESTIONS)


async def test_an_update_python_telegram_bot_cannot_read_is_skipped_not_retried_forever(
    fake_api: FakeBotApi, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """A poll without the option ids PTB 22.8 requires (Bot API 9.6): the kind of skew a Bot API change brings."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    unreadable = {"poll": {"id": "p1", "question": "?", "options": [{"text": "a", "voter_count": 0}],
                           "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
                           "allows_multiple_answers": False}}
    fake_api.push_text(901, QUESTIONS[0])
    skipped = fake_api.push_message(902, **unreadable)
    fake_api.push_text(903, QUESTIONS[0])
    with caplog.at_level(logging.ERROR, logger="bot.telegram.updates"):
        async with polling(app) as errors:
            await fake_api.wait_until(lambda: {901, 903} <= set(texts_by_chat(fake_api)), 10, "both questions answered")
    assert texts_by_chat(fake_api) == {chat: _conversation(engine, QUESTIONS[:1]) for chat in (901, 903)}
    assert not errors
    assert fake_api.methods().count("getUpdates") < 10  # not a tight loop over the same batch
    [record] = [r for r in caplog.records if r.name == "bot.telegram.updates"]
    assert f"Skipping update {skipped['update_id']}" in record.getMessage()


async def test_a_tap_too_old_to_acknowledge_is_still_answered(fake_api: FakeBotApi, engine: Engine) -> None:
    """After an outage a queued tap is past Telegram's window for answerCallbackQuery; the user still gets the
    answer."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    fake_api.fail_next("answerCallbackQuery", code=400,
                       description="Bad Request: query is too old and response timeout expired or query ID is invalid")
    fake_api.push_callback(CHAT_ID, "skills:cashier", message_id=1)
    async with polling(app) as errors:
        await fake_api.wait_until(lambda: len(fake_api.sent) >= 1, 5, "the answer to the tap")
    assert [m["text"] for m in fake_api.sent] == render_messages(engine.press("skills:cashier", ChatState(), "en"))
    assert fake_api.methods().count("answerCallbackQuery") == 1 and not errors
