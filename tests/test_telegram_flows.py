"""The interactive flows through the real Application, offline: PTB updates in, Bot API calls out."""
from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.handlers import STORE_KEY
from fake_bot_api import BOT_USERNAME, FakeBotApi, bot_message_in, group_chat, group_text_update, inline_query_update
from test_telegram_handlers import CHAT_ID, Harness, harness_for, started

GROUP_ID = -1001


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi, engine: Engine) -> AsyncIterator[Harness]:
    async with started(harness_for(fake_api, engine)) as harness:
        yield harness


def keyboard(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in params["reply_markup"]["inline_keyboard"] for b in row]


def new_calls(harness: Harness, since: int) -> list[str]:
    return harness.server.methods()[since:]


async def test_ticking_three_skills_edits_the_checklist_in_place_and_done_gives_the_result(bot: Harness) -> None:
    [checklist] = await bot.tap("skills:bookkeeper", message_id=1)
    message_id, items = checklist["message_id"], keyboard(checklist)
    before = len(bot.server.calls)
    for count, index in enumerate((0, 3, 5), 1):
        sent = await bot.tap(items[index]["callback_data"], message_id)
        assert sent == []  # no new message: the same one is edited
        edit = bot.server.edits()[-1]
        assert edit["message_id"] == message_id and edit["text"].count("✅") == count
        items = keyboard(edit)
    assert new_calls(bot, before).count("answerCallbackQuery") == 3
    [result] = await bot.tap(items[-1]["callback_data"], message_id)
    assert not bot.errors
    assert "You have 3 of the 7 skills on the list." in result["text"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in keyboard(result))


async def test_a_tap_that_changes_nothing_is_quietly_accepted(bot: Harness) -> None:
    bot.server.fail("editMessageText", 400, "Bad Request: message is not modified: specified new message content "
                                            "and reply markup are exactly the same")
    sent = await bot.tap("ck:bookkeeper:1", message_id=5)
    assert not bot.errors and sent == []


async def test_a_message_too_old_to_edit_gets_the_checklist_as_a_new_message(bot: Harness) -> None:
    bot.server.fail("editMessageText", 400, "Bad Request: message can't be edited")
    [sent] = await bot.tap("ck:bookkeeper:1", message_id=5)
    assert not bot.errors and sent["text"].count("✅") == 1


async def test_an_interview_kit_pages_in_place_and_comes_as_a_file(bot: Harness, engine: Engine) -> None:
    [kit] = await bot.tap("interview:cashier", message_id=1, lang="pl")
    assert kit["text"].startswith("<b>Pytania rekrutacyjne dla rekrutera: Kasjer</b>")
    more = keyboard(kit)[0]
    await bot.tap(more["callback_data"], kit["message_id"], lang="pl")
    page = bot.server.edits()[-1]
    assert "Pytania 4–6 z" in page["text"]
    candidate = next(b for b in keyboard(page) if "kandydata" in b["text"])
    await bot.tap(candidate["callback_data"], kit["message_id"], lang="pl")
    assert "Wskazówka" in bot.server.edits()[-1]["text"]
    file_button = next(b for b in keyboard(bot.server.edits()[-1]) if "plik" in b["text"])
    await bot.tap(file_button["callback_data"], kit["message_id"], lang="pl")
    assert not bot.errors
    [document] = bot.server.documents
    upload = document["document"]
    assert upload["filename"] == "pytania-rekrutacyjne-cashier.md"
    content = upload["content"].decode()
    assert all(q.text.pl in content for q in engine.kb.roles["cashier"].interview)
    assert html.unescape(document["caption"]) == engine.ui("kit_file_sent", "pl")


async def test_roles_browse_to_a_card_with_share_and_back_buttons(bot: Harness) -> None:
    [menu] = await bot.text("/roles")
    office = next(b for b in keyboard(menu) if "Back office" in b["text"])
    await bot.tap(office["callback_data"], menu["message_id"])
    departments = bot.server.edits()[-1]
    finance = next(b for b in keyboard(departments) if "Finance" in b["text"])
    await bot.tap(finance["callback_data"], menu["message_id"])
    roles = bot.server.edits()[-1]
    bookkeeper = next(b for b in keyboard(roles) if "Bookkeeper" in b["text"])
    await bot.tap(bookkeeper["callback_data"], menu["message_id"])
    card = bot.server.edits()[-1]
    assert card["text"].startswith("<b>Bookkeeper: Back office</b>")
    share = next(b for b in keyboard(card) if "Share" in b["text"])
    assert share["url"] == f"https://t.me/{BOT_USERNAME}?start=role-bookkeeper"
    back = next(b for b in keyboard(card) if "Back" == b["text"].split()[-1])
    await bot.tap(back["callback_data"], menu["message_id"])
    assert bot.server.edits()[-1]["text"] == roles["text"]
    assert not bot.errors and bot.server.sent == [menu]  # every step edited the one menu message
    assert bot.app.bot_data[STORE_KEY].get(CHAT_ID).role == "bookkeeper"


@pytest.mark.parametrize(("query", "lang", "title"), [
    ("recepcjonistka", "pl", "Recepcjonista · Front office"),
    ("bookkeeper", "en", "Bookkeeper · Back office"),
])
async def test_an_inline_query_is_answered_with_role_cards_in_its_language(
    bot: Harness, query: str, lang: str, title: str
) -> None:
    await bot.feed(inline_query_update(1, "q1", CHAT_ID, query, user_lang="en"))
    assert not bot.errors
    [answer] = bot.server.inline_answers
    [result] = answer["results"]
    assert result["type"] == "article" and result["title"] == title
    assert result["input_message_content"]["parse_mode"] == "HTML"
    assert result["input_message_content"]["message_text"].startswith(f"<b>{html.escape(title.split(' · ')[0])}")
    [link] = keyboard(result)
    assert link["url"].startswith(f"https://t.me/{BOT_USERNAME}?start=role-")


async def test_an_empty_inline_query_offers_popular_roles(bot: Harness) -> None:
    await bot.feed(inline_query_update(1, "q1", CHAT_ID, "", user_lang="pl"))
    [answer] = bot.server.inline_answers
    assert len(answer["results"]) >= 3


@pytest.mark.parametrize(("text", "start"), [
    ("/start role-bookkeeper", "<b>Bookkeeper: Back office</b>"),
    ("/start checklist-bookkeeper", "<b>Skills checklist: Bookkeeper</b>"),
    ("/start interview-bookkeeper", "<b>Interview kit for the hiring manager: Bookkeeper</b>"),
    ("/start office-back", "<b>Roles I know in the Back office</b>"),
])
async def test_a_deep_link_opens_its_card_checklist_or_kit(bot: Harness, text: str, start: str) -> None:
    sent = await bot.text(text)
    assert not bot.errors and sent[0]["text"].startswith(start)


async def test_an_unknown_deep_link_gets_the_greeting_with_a_short_note(bot: Harness, engine: Engine) -> None:
    sent = await bot.text("/start role-astronaut", lang="pl")
    assert sent[0]["text"].startswith(html.escape(engine.ui("deep_link_unknown", "pl"), quote=False))


async def test_lang_switches_the_chat_and_is_kept(bot: Harness, engine: Engine) -> None:
    [menu] = await bot.text("/lang")
    assert [b["callback_data"] for b in keyboard(menu)] == ["lang:en", "lang:pl"]
    [switched] = await bot.tap("lang:pl", menu["message_id"])
    assert switched["text"] == html.escape(engine.ui("lang_set", "pl"), quote=False)
    [help_text, *_] = await bot.text("/help", lang="en")  # the user's Telegram is English; the chat chose Polish
    assert help_text["text"].startswith(html.escape(engine.ui("help", "pl"), quote=False))


async def test_start_up_sets_the_description_in_each_language(bot: Harness, engine: Engine) -> None:
    await bot.app.post_init(bot.app)
    descriptions = {p.get("language_code"): p["description"] for m, p in bot.server.calls if m == "setMyDescription"}
    short = {p.get("language_code"): p["short_description"] for m, p in bot.server.calls
             if m == "setMyShortDescription"}
    assert descriptions == {"en": engine.ui("bot_description", "en"), "pl": engine.ui("bot_description", "pl"),
                            None: engine.ui("bot_description", "en")}
    assert short["pl"] == engine.ui("bot_short_description", "pl")
    assert all(len(text) <= 512 for text in descriptions.values()) and all(len(t) <= 120 for t in short.values())


# -- groups ------------------------------------------------------------------------------------------------
async def group(bot: Harness, text: str, reply_to: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return await bot.feed(group_text_update(next(bot.ids), next(bot.ids), GROUP_ID, 7, text, reply_to=reply_to))


async def test_in_a_group_ordinary_talk_is_ignored(bot: Harness) -> None:
    assert await group(bot, "is a bookkeeper back office?") == []
    assert await group(bot, "ask @someone_else whether a bookkeeper is back office") == []
    assert await group(bot, "/nonsense") == []
    assert not bot.errors and "sendMessage" not in bot.server.methods()


async def test_in_a_group_a_mention_is_answered_without_the_mention(bot: Harness, engine: Engine) -> None:
    message_id = next(bot.ids)
    update = group_text_update(next(bot.ids), message_id, GROUP_ID, 7, f"@{BOT_USERNAME} is a bookkeeper back office?")
    sent = await bot.feed(update)
    expected = engine.reply("is a bookkeeper back office?", ChatState(), "en")
    assert not bot.errors and sent and sent[0]["chat_id"] == GROUP_ID
    assert sent[0]["reply_parameters"]["message_id"] == message_id  # the answer quotes the question
    assert [m["text"] for m in sent][0].startswith(f"<b>{expected.blocks[0].text}</b>")


async def test_in_a_group_a_reply_to_the_bot_and_a_command_are_answered(bot: Harness) -> None:
    reply_to = bot_message_in(group_chat(GROUP_ID), 99, "Bookkeeper: Back office")
    assert await group(bot, "and the skills?", reply_to=reply_to)
    assert await group(bot, f"/roles@{BOT_USERNAME}")
    not_ours = {**reply_to, "from": {"id": 5, "is_bot": False, "first_name": "Ann"}}
    assert await group(bot, "and the skills?", reply_to=not_ours) == []
    assert not bot.errors


# -- robust buttons ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("data", ["ck:bookkeeper:zz", "ckd:astronaut:1", "kit:x:0:bookkeeper", "kit:m:99:cashier",
                                  "brr:astronaut", "cmp2:a:b", "lang:de", "bro:side-office", "duties:astronaut"])
async def test_a_stale_button_is_answered_and_explained_with_a_fresh_menu(
    bot: Harness, engine: Engine, data: str
) -> None:
    before = len(bot.server.calls)
    sent = await bot.tap(data, message_id=3)
    assert not bot.errors
    assert new_calls(bot, before)[0] == "answerCallbackQuery"
    assert sent[0]["text"] == html.escape(engine.ui("stale_button", "en"), quote=False)
    assert keyboard(sent[-1])


async def test_a_tap_is_handled_even_when_answering_the_query_fails(bot: Harness) -> None:
    bot.server.fail("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired")
    sent = await bot.tap("skills:cashier", message_id=3)
    assert not bot.errors and sent and "Cashier" in sent[0]["text"]
