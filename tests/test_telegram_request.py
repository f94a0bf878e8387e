"""The aiohttp request under python-telegram-bot: real HTTP to the fake Bot API, errors as PTB expects them."""
from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.telegram.request import AiohttpRequest
from fake_bot_api import DEFAULT_TOKEN, FakeBotApi


def bot_on(base_url: str, timeout: float = 5.0) -> Bot:
    return Bot(DEFAULT_TOKEN, base_url=base_url, request=AiohttpRequest(timeout=timeout),
               get_updates_request=AiohttpRequest(timeout=timeout))


async def test_sends_messages_with_html_and_buttons_as_json(fake_api: FakeBotApi):
    async with bot_on(fake_api.base_url) as bot:
        sent = await bot.send_message(42, "<b>Księgowa</b> & co", parse_mode="HTML")
    assert sent.text == "<b>Księgowa</b> & co"
    assert fake_api.sent[-1]["chat_id"] == 42 and fake_api.sent[-1]["parse_mode"] == "HTML"


async def test_uploads_a_document_as_multipart(fake_api: FakeBotApi):
    async with bot_on(fake_api.base_url) as bot:
        await bot.send_document(42, document=b"# Interview kit\n", filename="kit.md")
    upload = fake_api.documents[-1]["document"]
    assert upload == {"filename": "kit.md", "content": b"# Interview kit\n"}


async def test_a_server_that_is_not_there_is_a_network_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]          # closed again when the block ends: nobody listens there
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/getMe")
    finally:
        await request.shutdown()


@pytest.mark.slow
async def test_a_server_that_does_not_answer_in_time_is_a_timeout():
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    request = AiohttpRequest(timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot{DEFAULT_TOKEN}/getMe")
    finally:
        await request.shutdown()
        await runner.cleanup()
