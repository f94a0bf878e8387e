"""Running the real Application's polling loop inside a test's event loop, and reading what each chat got."""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application, ContextTypes

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.render import render_messages
from fake_bot_api import FakeBotApi


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[list[BaseException]]:
    """Run the Application's polling loop in this event loop, as run_polling() would; yield handler errors.

    Leaving the block stops it as SIGTERM does: polling first, then every update already taken is finished."""
    errors: list[BaseException] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield errors
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def texts_by_chat(server: FakeBotApi) -> dict[int, list[str]]:
    """Each chat's received message texts, in the order the server got them."""
    by_chat: dict[int, list[str]] = collections.defaultdict(list)
    for message in server.sent:
        by_chat[message["chat_id"]].append(message["text"])
    return dict(by_chat)


def conversation(engine: Engine, asked: list[str], lang: str = "en") -> list[str]:
    """What one chat should receive for `asked`: the engine's answers in order, as HTML messages."""
    state = ChatState()
    return [text for question in asked for text in render_messages(engine.reply(question, state, lang))]
