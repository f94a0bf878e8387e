"""The fake Bot API server itself, through python-telegram-bot's own Bot: the tests lean on it, so it is tested."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.telegram.request import AiohttpRequest
from fake_bot_api import FakeBotApi


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[ExtBot]:
    """A plain PTB bot (no retries), so every fault reaches the test as it happened."""
    ext_bot = ExtBot(fake_api.token, base_url=fake_api.base_url, request=AiohttpRequest(timeout=0.5))
    await ext_bot.initialize()
    try:
        yield ext_bot
    finally:
        await ext_bot.shutdown()


async def test_get_updates_honours_offset_and_limit(bot: ExtBot, fake_api: FakeBotApi) -> None:
    for text in ("one", "two", "three"):
        fake_api.push_text(1, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first] == ["one", "two"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)  # confirms one and two
    assert [u.message.text for u in rest] == ["three"]
    assert [u.message.text for u in await bot.get_updates()] == ["three"]  # not confirmed yet


async def test_get_updates_long_polls_until_a_message_arrives(bot: ExtBot, fake_api: FakeBotApi) -> None:
    assert await bot.get_updates(timeout=0) == ()
    polling = asyncio.ensure_future(bot.get_updates(timeout=5))
    await fake_api.wait_until(lambda: fake_api.methods().count("getUpdates") == 2, 2)
    fake_api.push_text(1, "hello")
    [update] = await asyncio.wait_for(polling, 2)  # answered at once, not after the 5 s
    assert update.message.text == "hello"


async def test_webhook_inline_and_callback_answers_are_recorded(bot: ExtBot, fake_api: FakeBotApi) -> None:
    await bot.set_webhook("https://example.invalid/hook")
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
    await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    article = InlineQueryResultArticle("1", "Bookkeeper", InputTextMessageContent("Back office"))
    await bot.answer_inline_query("q1", [article])
    await bot.answer_callback_query("c1", text="ok")
    assert fake_api.inline_answers[0]["results"][0]["title"] == "Bookkeeper"
    assert fake_api.callback_answers[0]["callback_query_id"] == "c1"
    assert fake_api.methods() == ["getMe", "setWebhook", "getWebhookInfo", "deleteWebhook", "getWebhookInfo",
                                  "answerInlineQuery", "answerCallbackQuery"]


async def test_faults_are_used_up_one_call_at_a_time(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("sendMessage", times=2, code=500)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(1, "hi")
    await bot.send_message(1, "hi")
    assert fake_api.faulted() == 2 and len(fake_api.sent) == 1


async def test_a_fault_can_target_one_chat(bot: ExtBot, fake_api: FakeBotApi) -> None:
    fake_api.fail_next("*", times=5, code=403, description="Forbidden: bot was blocked by the user", chat_id=2)
    await bot.send_message(1, "to the first chat")
    with pytest.raises(Exception, match="blocked"):
        await bot.send_message(2, "to the second chat")
    assert [m["chat_id"] for m in fake_api.sent] == [1]


async def test_going_away_and_coming_back_on_the_same_port(bot: ExtBot, fake_api: FakeBotApi) -> None:
    port = fake_api.port
    await fake_api.go_away()
    with pytest.raises(NetworkError):
        await bot.get_me()
    fake_api.push_text(1, "written while the server was away")
    await fake_api.come_back()
    assert fake_api.port == port
    [update] = await bot.get_updates()
    assert update.message.text == "written while the server was away"


async def test_what_python_telegram_bot_raises_for_each_fault(bot: ExtBot, fake_api: FakeBotApi) -> None:
    """The exception types resilience.py relies on, as PTB raises them over officebot's AiohttpRequest."""
    faults = [
        (lambda: fake_api.fail_next("sendMessage", retry_after=3), RetryAfter),
        (lambda: fake_api.fail_next("sendMessage", code=500), NetworkError),
        (lambda: fake_api.fail_next("sendMessage", code=502, description="Bad Gateway"), NetworkError),
        (lambda: fake_api.drop_next("sendMessage"), NetworkError),
        (lambda: fake_api.delay_next("sendMessage", 1), TimedOut),  # the client waits 0.5 s
        (lambda: fake_api.fail_next("sendMessage", code=400, description="Bad Request: chat not found"), BadRequest),
        (lambda: fake_api.fail_next("sendMessage", code=403, description="Forbidden: bot was blocked"), Forbidden),
    ]
    raised = []
    for inject, _ in faults:
        inject()
        with pytest.raises(Exception) as caught:
            await bot.send_message(1, "hi")
        raised.append(type(caught.value))
    assert raised == [expected for _, expected in faults]
    assert not fake_api.sent  # none of them was handled
