"""Anything a person or an attacker can send: each gets a sensible reply or is ignored on purpose, never a
crash, and every message the bot sends is valid Telegram HTML with the user's markup escaped.

What is ignored on purpose (no reply): edited messages (the question was answered when first sent), channel
posts and edited channel posts (the bot is not a channel author), service messages (members joining, pins),
commands addressed to another bot in a group, and a button under an inline-mode message (acknowledged,
nothing to answer in). Everything else is answered: text by the engine
(what it cannot read gets the "what I can do" menu), stickers, photos, voice, documents, locations and other
attachments get the text-only notice, unknown commands get /help.
"""
from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.app import build_application
from bot.telegram.render import MAX_CALLBACK_BYTES, MAX_MESSAGE_CHARS, render_messages
from bot_process import running_bot
from fake_bot_api import (
    BOT_USERNAME,
    FakeBotApi,
    bot_user,
    callback_update,
    group_text_update,
    human_user,
    message_update,
    text_update,
)
from telegram_html import html_problems
from test_telegram_handlers import Harness, started

CHAT_ID = 6060
GROUP_ID = -100_6060


class Bot(Harness):
    """The real Application, fed one update at a time from this module's chat."""

    async def text(self, text: str, lang: str | None = "en", chat_id: int = CHAT_ID) -> list[dict[str, Any]]:
        return await self.feed(text_update(next(self.ids), next(self.ids), chat_id, text, lang))

    async def message(self, **content: Any) -> list[dict[str, Any]]:
        return await self.feed(message_update(next(self.ids), next(self.ids), CHAT_ID, "en", **content))


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi, engine: Engine) -> AsyncIterator[Bot]:
    async with started(Bot(build_application(fake_api.token, engine, base_url=fake_api.base_url), fake_api)) as harness:
        yield harness


OWN_TAGS = {"<b>", "</b>"}  # the bot's own markup (titles); render.py escapes everything else


def assert_fits_telegram(sent: list[dict[str, Any]], user_text: str = "") -> None:
    """Valid HTML within the limits, and any tag the user typed arrives escaped, as text."""
    for message in sent:
        assert message["text"].strip() and len(message["text"]) <= MAX_MESSAGE_CHARS
        assert html_problems(message["text"]) == [], message["text"]
        for tag in set(re.findall(r"<[^<>]*>", user_text)) - OWN_TAGS:
            assert tag not in message["text"], f"{tag!r} sent unescaped"
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            assert all(len(button["callback_data"].encode()) <= MAX_CALLBACK_BYTES for button in row)


def answers(engine: Engine, text: str, lang: str = "en") -> list[str]:
    return render_messages(engine.reply(text, ChatState(), lang))


def test_the_html_checker_accepts_telegram_html_and_refuses_the_rest() -> None:
    assert html_problems("<b>Bookkeeper</b> &amp; co &lt;3 &#128512;") == []
    assert html_problems("<script>x</script>") == ["unsupported tag <script>", "unsupported tag <script>"]
    assert html_problems("a < b") and html_problems("fish & chips") and html_problems("<b>open")
    assert html_problems("<b><i>x</b></i>") and html_problems("&nbsp;")


# -- text: answered by the engine, whatever it is --------------------------------------------------------

HOSTILE_TEXTS = {
    "whitespace": "   \n\t  ",
    "one emoji": "🙂",
    "emoji only": "😀🔥💼📈" * 10,
    "arabic": "مرحبا، هل المحاسب من المكتب الخلفي؟",
    "hebrew": "שלום, מה עושה רואה חשבון?",
    "rtl override": "\u202eeciffo kcab a repeekkoob si",
    "zero-width": "is a book\u200bkeeper back\u200d office?",
    "control characters": "\x00\x01\x07\x1b[31mis a cashier front office?\x7f",
    "html": "<b>is</b> a <i>cashier</i> <a href='http://x'>front</a> office?",
    "script": "<script>alert(1)</script> is a <script> back office?",
    "unknown role in tags": "is a <b>pilot</b> back office?",
    "entities": "&amp; &lt;b&gt; is a pilot&#33; back office? &nbsp;",
    "markdown": "*is* a _cashier_ `front` office? [x](http://y) ~~z~~ ||w||",
    "jinja": "is a {{ role }} back office? {% for x in y %}",
    "shell template": "is a ${role} front office? $(rm -rf /)",
    "format strings": "is a %s back office %d {0} {role} {}",
    "sql": "'; DROP TABLE roles; -- is a cashier front office? OR 1=1",
    "huge word": "is a " + "x" * 4000 + " back office?",
    "huge polish word": "czy " + "żółć" * 900 + " to back office?",
    "4096 characters": ("is a bookkeeper back office? " * 200)[:4096],
    "4096 polish": ("czy księgowa to back office? " * 200)[:4096],
    "many lines": "\n".join(["is a cashier front office?"] * 300)[:4096],
    "mixed scripts": "Ist ein Buchhalter 会计 бухгалтер back office?",
    "path traversal": "../../etc/passwd is a cashier?",
    "long number": "9" * 4096,
}


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
async def test_hostile_text_gets_the_engines_answer_safely(bot: Bot, engine: Engine, text: str) -> None:
    sent = await bot.text(text)
    assert not bot.errors
    assert [m["text"] for m in sent] == answers(engine, text)
    assert_fits_telegram(sent, text)


def test_a_huge_unknown_word_is_not_echoed(engine: Engine) -> None:
    [reply] = answers(engine, HOSTILE_TEXTS["huge word"])
    assert "x" * 40 not in reply


def test_invisible_characters_do_not_split_words(engine: Engine) -> None:
    hidden = answers(engine, "czy księ\u200bgowa to back office?", "pl")
    assert hidden == answers(engine, "czy księgowa to back office?", "pl")
    assert answers(engine, HOSTILE_TEXTS["zero-width"]) == answers(engine, "is a bookkeeper back office?")


async def test_an_empty_text_is_ignored(bot: Bot) -> None:
    assert await bot.text("") == [] and not bot.errors


# -- commands ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "method"), [
    ("/start hello there", "start"), ("/help me please", "help"), ("/roles back office", "roles"),
    (f"/start@{BOT_USERNAME}", "start"), ("/start " + "x" * 4000, "start"), ("/nonsense", "help"),
    ("/nonsense with <b>args</b>", "help"), ("/DROP_TABLE", "help"),
])
async def test_commands_with_arguments_and_unknown_commands(bot: Bot, engine: Engine, text: str, method: str) -> None:
    sent = await bot.text(text)
    assert not bot.errors
    # /start's argument is a deep link's payload: one the bot does not know gets a note, then the greeting
    if method == "start":
        arguments = text.split()[1:]
        expected = engine.start(ChatState(), "en", arguments[0] if arguments else "")
    else:
        expected = getattr(engine, method)(ChatState(), "en")
    assert [m["text"] for m in sent] == render_messages(expected)
    assert_fits_telegram(sent, text)


async def test_a_command_for_another_bot_in_a_group_is_ignored(bot: Bot) -> None:
    update = text_update(1, 1, GROUP_ID, "/start@some_other_bot")
    update["message"]["chat"] = {"id": GROUP_ID, "type": "supergroup", "title": "Office"}
    assert await bot.feed(update) == [] and not bot.errors


async def test_a_question_to_the_bot_in_a_group_is_answered_in_the_group(bot: Bot, engine: Engine) -> None:
    update = group_text_update(1, 1, GROUP_ID, CHAT_ID, f"@{BOT_USERNAME} is a cashier front office?")
    sent = await bot.feed(update)
    assert not bot.errors
    assert [m["text"] for m in sent] == answers(engine, "is a cashier front office?")
    assert {m["chat_id"] for m in sent} == {GROUP_ID}


# -- attachments: the text-only notice ---------------------------------------------------------------------

FILE = {"file_id": "f1", "file_unique_id": "u1"}
ATTACHMENTS = {
    "sticker": {"sticker": {**FILE, "type": "regular", "width": 512, "height": 512, "is_animated": False,
                            "is_video": False}},
    "photo": {"photo": [{**FILE, "width": 90, "height": 90}]},
    "photo with a question as caption": {"photo": [{**FILE, "width": 90, "height": 90}],
                                         "caption": "<b>is a bookkeeper back office?</b>"},
    "voice": {"voice": {**FILE, "duration": 3}},
    "video note": {"video_note": {**FILE, "length": 240, "duration": 3}},
    "document": {"document": {**FILE, "file_name": "cv.pdf"}},
    "document named like markup": {"document": {**FILE, "file_name": "<script>.exe"}},
    "location": {"location": {"latitude": 52.23, "longitude": 21.01}},
    "venue": {"venue": {"location": {"latitude": 52.23, "longitude": 21.01}, "title": "Office", "address": "Main 1"}},
    "contact": {"contact": {"phone_number": "+48123456789", "first_name": "Ann"}},
    "dice": {"dice": {"emoji": "🎲", "value": 6}},
    "poll": {"poll": {"id": "p1", "question": "?", "options": [{"text": "a", "voter_count": 0, "persistent_id": "o1"}],
                      "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
                      "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}},
}


@pytest.mark.parametrize("content", ATTACHMENTS.values(), ids=ATTACHMENTS.keys())
async def test_attachments_get_the_text_only_notice(bot: Bot, engine: Engine, content: dict[str, Any]) -> None:
    sent = await bot.message(**content)
    assert not bot.errors
    assert [m["text"] for m in sent] == render_messages(engine.non_text(ChatState(), "en"))
    assert_fits_telegram(sent, content.get("caption", ""))


# -- updates ignored on purpose, and ones answered like any message ---------------------------------------

def _edited(update_id: int) -> dict[str, Any]:
    update = text_update(update_id, 5, CHAT_ID, "is a cashier front office?")
    return {"update_id": update_id, "edited_message": {**update["message"], "edit_date": int(time.time())}}


def _channel_post(update_id: int, edited: bool = False) -> dict[str, Any]:
    post = {"message_id": 9, "date": int(time.time()), "text": "is a cashier front office?",
            "chat": {"id": -100_777, "type": "channel", "title": "News"}}
    if edited:
        post["edit_date"] = int(time.time())
    return {"update_id": update_id, "edited_channel_post" if edited else "channel_post": post}


IGNORED = {
    "edited message": _edited(1),
    "channel post": _channel_post(2),
    "edited channel post": _channel_post(3, edited=True),
    "member joined": message_update(5, 5, CHAT_ID, new_chat_members=[human_user(99)]),
    "pinned message": message_update(6, 6, CHAT_ID, pinned_message={"message_id": 1, "date": 0,
                                                                   "chat": {"id": CHAT_ID, "type": "private"}}),
    "bot blocked": {"update_id": 7, "my_chat_member": {
        "chat": {"id": CHAT_ID, "type": "private"}, "from": human_user(CHAT_ID), "date": int(time.time()),
        "old_chat_member": {"status": "member", "user": bot_user()},
        "new_chat_member": {"status": "kicked", "user": bot_user(), "until_date": 0}}},
}


@pytest.mark.parametrize("payload", IGNORED.values(), ids=IGNORED.keys())
async def test_updates_ignored_on_purpose(bot: Bot, payload: dict[str, Any]) -> None:
    assert await bot.feed(payload) == []
    assert not bot.errors
    assert "answerInlineQuery" not in bot.server.methods()


async def test_a_forwarded_question_is_answered(bot: Bot, engine: Engine) -> None:
    origin = {"type": "user", "date": int(time.time()), "sender_user": human_user(5)}
    update = text_update(1, 1, CHAT_ID, "is a cashier front office?")
    update["message"]["forward_origin"] = origin
    sent = await bot.feed(update)
    assert not bot.errors
    assert [m["text"] for m in sent] == answers(engine, "is a cashier front office?")


async def test_a_button_under_an_inline_message_is_only_acknowledged(bot: Bot) -> None:
    update = callback_update(1, "q1", CHAT_ID, "card:cashier", message_id=1)
    query = update["callback_query"]
    del query["message"]
    query["inline_message_id"] = "inline-1"
    assert await bot.feed(update) == [] and not bot.errors
    assert bot.server.methods()[-1] == "answerCallbackQuery"


@pytest.mark.parametrize("data", ["", "x" * 64, "card:" + "x" * 59, "card:../../etc", "<b>", "ąęś", "example:zz99",
                                  "duties:cashier:extra"])
async def test_forged_button_data_gets_a_friendly_answer(bot: Bot, data: str) -> None:
    sent = await bot.feed(callback_update(1, "q1", CHAT_ID, data, message_id=1))
    assert not bot.errors and sent
    assert_fits_telegram(sent, data)


# -- end to end: the real process takes a hostile batch and keeps answering --------------------------------

@pytest.mark.slow
async def test_the_bot_process_survives_a_hostile_batch(
    fake_api: FakeBotApi, engine: Engine, project_root: Path, tmp_path: Path
) -> None:
    state = ChatState()
    expected = [html for text in HOSTILE_TEXTS.values() for html in render_messages(engine.reply(text, state, "en"))]
    expected += render_messages(engine.non_text(state, "en")) * len(ATTACHMENTS)
    no_pace = {"SEND_LIMIT_PER_SECOND": "0", "SEND_LIMIT_CHAT_PER_SECOND": "0"}  # 37 answers to one chat at once
    async with running_bot(fake_api, project_root, tmp_path, USER_RATE_LIMIT="0", **no_pace) as bot:  # one user
        for text in HOSTILE_TEXTS.values():
            fake_api.push_text(CHAT_ID, text)
        for content in ATTACHMENTS.values():
            fake_api.push_message(CHAT_ID, **content)
        for payload in IGNORED.values():
            fake_api.push_update(payload)
        fake_api.push_text(CHAT_ID + 1, "is a bookkeeper back office?")  # another user, meanwhile

        def all_answered() -> bool:
            chats = [m["chat_id"] for m in fake_api.sent]
            return chats.count(CHAT_ID) >= len(expected) and CHAT_ID + 1 in chats

        await fake_api.wait_while_running(bot.process, all_answered, 30, bot.output)
        await asyncio.sleep(0.3)
    sent = [m for m in fake_api.sent if m["chat_id"] == CHAT_ID]
    assert [m["text"] for m in sent] == expected
    assert_fits_telegram(fake_api.sent, " ".join(HOSTILE_TEXTS.values()))
    assert "Traceback" not in bot.output() and "ERROR" not in bot.output()
