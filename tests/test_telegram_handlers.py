"""The real Application, driven offline: PTB Update objects in, the fake server records what went out."""

from __future__ import annotations

import html
import itertools
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from telegram import Update
from telegram.constants import BotCommandLimit
from telegram.ext import Application, CommandHandler, ContextTypes, TypeHandler

from bot.answers.model import Answer
from bot.core import Engine
from bot.logs import configure as configure_logging
from bot.state import ChatState
from bot.telegram.app import build_application, file_url_for
from bot.telegram.handlers import STORE_KEY, user_lang
from bot.telegram.render import render_keyboard, render_messages
from fake_bot_api import FakeBotApi, callback_update, document_update, message_update, text_update

CHAT_ID = 4242


@dataclass
class Harness:
    """One initialised Application talking to the fake server, plus the errors its handlers raised."""

    app: Application
    server: FakeBotApi
    errors: list[BaseException] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    async def feed(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        """Process one update; return the messages it made the bot send."""
        before = len(self.server.sent)
        await self.app.process_update(Update.de_json(payload, self.app.bot))
        return self.server.sent[before:]

    async def text(self, text: str, lang: str | None = "en", chat_id: int = CHAT_ID) -> list[dict[str, Any]]:
        return await self.feed(text_update(next(self.ids), next(self.ids), chat_id, text, lang))

    async def tap(self, data: str, message_id: int, lang: str | None = "en") -> list[dict[str, Any]]:
        return await self.feed(
            callback_update(next(self.ids), str(next(self.ids)), CHAT_ID, data, message_id, user_lang=lang)
        )


@asynccontextmanager
async def started(harness: Harness) -> AsyncIterator[Harness]:
    """Initialise the harness's Application with an error handler that collects what handlers raise
    (process_update hides it, so tests check `harness.errors`); shut it down afterwards."""

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        harness.errors.append(context.error)

    harness.app.add_error_handler(collect)
    await harness.app.initialize()
    try:
        yield harness
    finally:
        await harness.app.shutdown()


def harness_for(fake_api: FakeBotApi, engine: Engine) -> Harness:
    """The Application `python -m bot run` builds, pointed at the fake server."""
    return Harness(build_application(fake_api.token, engine, base_url=fake_api.base_url), fake_api)


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi, engine: Engine) -> AsyncIterator[Harness]:
    """An initialised Application; the test fails if any handler raised (process_update hides it)."""
    async with started(harness_for(fake_api, engine)) as harness:
        yield harness


def expected(answer: Answer) -> tuple[list[str], Any]:
    """What the bot should send for an Answer: its HTML messages and the keyboard as JSON."""
    keyboard = render_keyboard(answer.actions)
    return render_messages(answer), (keyboard.to_dict() if keyboard else None)


def sent_pairs(sent: list[dict[str, Any]]) -> tuple[list[str], Any]:
    return [m["text"] for m in sent], sent[-1].get("reply_markup")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_initialize_talks_to_the_fake_server(bot: Harness) -> None:
    assert bot.app.bot.base_url == f"{bot.server.base_url}{bot.server.token}"
    assert bot.app.bot.base_file_url == f"http://127.0.0.1:{bot.server.port}/file/bot{bot.server.token}"
    assert "getMe" in bot.server.methods()


async def test_start_sends_the_engine_greeting_with_buttons(bot: Harness, engine: Engine) -> None:
    sent = await bot.text("/start")
    assert not bot.errors
    assert sent_pairs(sent) == expected(engine.start(ChatState(), "en"))
    assert all(m["parse_mode"] == "HTML" for m in sent)
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(sent[-1]))


@pytest.mark.parametrize(("command", "method"), [("/help", "help"), ("/roles", "roles")])
async def test_commands_send_the_engine_answer(bot: Harness, engine: Engine, command: str, method: str) -> None:
    sent = await bot.text(command)
    assert not bot.errors
    assert sent_pairs(sent) == expected(getattr(engine, method)(ChatState(), "en"))


async def test_unknown_command_gets_help(bot: Harness, engine: Engine) -> None:
    sent = await bot.text("/nonsense")
    assert not bot.errors
    assert sent_pairs(sent) == expected(engine.help(ChatState(), "en"))


async def test_text_question_is_answered_in_html_with_buttons(bot: Harness) -> None:
    sent = await bot.text("is a bookkeeper back office?")
    assert not bot.errors
    assert sent, "no reply"
    assert "back office" in " ".join(m["text"] for m in sent).lower()
    assert sent[-1]["chat_id"] == CHAT_ID
    assert buttons(sent[-1])


async def test_chat_state_is_kept_per_chat(bot: Harness) -> None:
    await bot.text("is a bookkeeper back office?", chat_id=1)
    await bot.text("is a bookkeeper back office?", chat_id=2)
    assert not bot.errors
    chats = bot.app.bot_data[STORE_KEY]
    assert 1 in chats and 2 in chats
    assert chats.get(1) is not chats.get(2)


async def test_button_tap_is_acknowledged_first_then_answered(bot: Harness) -> None:
    [*_, question] = await bot.text("is a bookkeeper back office?")
    command = buttons(question)[0]["callback_data"]
    calls_before = len(bot.server.calls)
    sent = await bot.tap(command, question["message_id"])
    assert not bot.errors
    assert sent, "no answer to the tap"
    methods = bot.server.methods()[calls_before:]
    assert methods[0] == "answerCallbackQuery"
    assert "sendMessage" in methods[1:]
    assert "editMessageText" not in methods  # the answer is a new message; history stays readable


async def test_stale_button_gets_a_friendly_answer(bot: Harness) -> None:
    sent = await bot.tap("no-such-command:v0", message_id=1)
    assert not bot.errors
    assert sent and all(m["text"].strip() for m in sent)
    assert "answerCallbackQuery" in bot.server.methods()


AD_FILE = """Księgowa / Księgowy (k/m)
Warszawa, 9 000 – 11 000 zł brutto, umowa o pracę

Zakres obowiązków:
- księgowanie dokumentów zakupu i sprzedaży,
- rozliczanie VAT i przygotowanie JPK,
- uzgadnianie kont rozrachunkowych.

Wymagania:
- znajomość ustawy o rachunkowości,
- doświadczenie w KSeF.

Oferujemy:
- prywatną opiekę medyczną."""


@pytest.mark.parametrize("encoding", ["utf-8", "cp1250"])
async def test_a_txt_file_is_read_as_a_pasted_ad_with_its_caption_as_the_question(bot: Harness, encoding: str) -> None:
    content = AD_FILE.encode(encoding)
    file_id = bot.server.add_file(content)
    sent = await bot.feed(document_update(1, 1, CHAT_ID, file_id, len(content), caption="czy to back office?"))
    assert not bot.errors and sent
    assert "Stanowisko: Księgowy — Back office." in html.unescape(sent[0]["text"])


async def test_an_ad_pasted_as_a_message_keeps_its_lines(bot: Harness) -> None:
    sent = await bot.text("czy to back office?\n\n" + AD_FILE, lang="pl")
    assert not bot.errors and "Stanowisko: Księgowy — Back office." in html.unescape(sent[0]["text"])


async def test_a_file_too_big_for_an_ad_gets_a_friendly_word(bot: Harness, engine: Engine) -> None:
    sent = await bot.feed(document_update(1, 1, CHAT_ID, "none", 10_000_000))
    assert not bot.errors and "too big" in sent[0]["text"]


@pytest.mark.parametrize(("code", "lang"), [("en", "en"), ("pl-PL", "pl")])
async def test_sticker_gets_the_engine_non_text_answer(bot: Harness, engine: Engine, code: str, lang: str) -> None:
    sticker = {
        "file_id": "s1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    sent = await bot.feed(message_update(1, 1, CHAT_ID, code, sticker=sticker))
    assert not bot.errors
    assert sent_pairs(sent) == expected(engine.non_text(ChatState(), lang))
    assert sent[0]["text"] == html.escape(engine.ui("non_text", lang), quote=False)


async def test_start_up_sets_the_command_menu_in_each_language(bot: Harness, engine: Engine) -> None:
    await bot.app.post_init(bot.app)  # run_polling() calls it after initialize(); process_update() does not
    assert bot.server.methods().count("setMyCommands") == 3
    menus = {
        lang: [(c["command"], c["description"]) for c in commands] for lang, commands in bot.server.commands.items()
    }
    assert menus == {"en": engine.commands("en"), "pl": engine.commands("pl"), "": engine.commands("en")}
    assert menus["pl"] != menus["en"]


async def test_a_refused_command_menu_is_logged_and_start_up_goes_on(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.server.fail("setMyCommands", 400, "Bad Request: command description is too long")
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        await bot.app.post_init(bot.app)
    assert bot.server.methods().count("setMyCommands") == 3
    assert len([r for r in caplog.records if "command menu" in r.getMessage()]) == 3


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_command_menu_fits_telegram_and_matches_the_handlers(engine: Engine, lang: str) -> None:
    app = build_application("1:X", engine)
    handled = {c for group in app.handlers.values() for h in group if isinstance(h, CommandHandler) for c in h.commands}
    menu = engine.commands(lang)
    assert {command for command, _ in menu} == handled  # every command in the menu, and only those
    for command, description in menu:
        assert re.fullmatch(rf"[a-z0-9_]{{1,{BotCommandLimit.MAX_COMMAND}}}", command), command
        assert BotCommandLimit.MIN_DESCRIPTION <= len(description) <= BotCommandLimit.MAX_DESCRIPTION, description


async def test_a_crash_is_logged_and_the_user_gets_a_short_message(
    bot: Harness, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    async def crash(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("boom: internal detail")

    bot.app.add_handler(TypeHandler(Update, crash), group=-1)
    with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers"):
        sent = await bot.text("is a bookkeeper back office?")
    assert [type(e) for e in bot.errors] == [RuntimeError]
    [record] = [r for r in caplog.records if r.name == "bot.telegram.handlers"]
    assert record.exc_info and record.exc_info[1] is bot.errors[0]
    assert sent[0]["text"] == engine.ui("error", "en")  # then group 0 still answers the question
    assert not any("boom" in m["text"] or "Traceback" in m["text"] for m in sent)


@pytest.mark.parametrize(("code", "lang"), [("pl-PL", "pl"), ("en", "en"), ("PL", "pl"), (None, None)])
def test_user_lang_is_two_letters_of_the_telegram_language(code: str | None, lang: str | None) -> None:
    update = Update.de_json(text_update(1, 1, CHAT_ID, "hi", user_lang=code), None)
    assert user_lang(update) == lang


@pytest.mark.parametrize(
    ("base_url", "file_url"),
    [
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("https://api.telegram.org/bot{token}/test", "https://api.telegram.org/file/bot{token}/test"),
    ],
)
def test_file_url_follows_the_api_url(base_url: str, file_url: str) -> None:
    assert file_url_for(base_url) == file_url


def test_a_base_url_without_bot_is_refused() -> None:
    with pytest.raises(ValueError, match="/bot"):
        file_url_for("http://127.0.0.1:8081/")


async def test_the_telegram_language_reaches_the_engine(bot: Harness, engine: Engine) -> None:
    sent = await bot.text("/start", lang="pl-PL")
    assert not bot.errors
    assert sent_pairs(sent) == expected(engine.start(ChatState(), "pl"))
    assert sent_pairs(sent) != expected(engine.start(ChatState(), "en"))


def test_httpx_request_lines_are_not_logged() -> None:
    """httpx logs each request URL, token included, at INFO."""
    configure_logging()
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
