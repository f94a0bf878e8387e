"""Telegram handlers: each turns one kind of update into an engine call and sends the Answer.

Handlers stay thin on purpose: every user-facing word comes from the engine's Answers, so the
console, the CLI and Telegram say the same things.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.answers.model import Answer
from bot.core import Engine
from bot.nlu.understanding import Understanding
from bot.questions import Record, user_hash
from bot.state import ChatState
from bot.storage.base import ChatStore, QuestionLog
from bot.telegram.groups import without_mention
from bot.telegram.render import keyboard_json, render_keyboard, render_messages
from bot.telegram.sending import OfficeBot

logger = logging.getLogger(__name__)

ENGINE_KEY = "engine"  # application.bot_data key of the shared Engine
STORE_KEY = "store"  # application.bot_data key of the ChatStore keeping each chat's state
INLINE_CACHE_SECONDS = 300  # inline answers change only when the knowledge base does
QUESTIONS_KEY = "questions"  # application.bot_data key of the QuestionLog (absent: nothing is recorded)
SALT_KEY = "user_salt"  # application.bot_data key of the bytes that key the user-id hash in records


def user_lang(update: Update) -> str | None:
    """Two-letter interface language of the user ("pl-PL" -> "pl"); None when Telegram sent none."""
    user = update.effective_user
    code = user.language_code if user else None
    return code[:2].lower() if code else None


async def ui_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """Language for engine.ui() outside an Answer: the chat's language first, else the user's."""
    async with chat_state(update, context) as state:
        return state.lang or user_lang(update)


def engine_of(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    """The Engine that build_application() stored for all handlers."""
    return cast(Engine, context.bot_data[ENGINE_KEY])


def store_of(context: ContextTypes.DEFAULT_TYPE) -> ChatStore:
    """The ChatStore that build_application() stored for all handlers."""
    return cast(ChatStore, context.bot_data[STORE_KEY])


@asynccontextmanager
async def chat_state(update: Update, context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[ChatState]:
    """This chat's remembered state, saved back when the block ends, so follow-ups know what was discussed."""
    chat = update.effective_chat
    chat_id = chat.id if chat else 0
    store = store_of(context)
    state = await store.load(chat_id)
    yield state
    await store.save(chat_id, state)


async def send_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> None:
    """Send an Answer as HTML messages, with its buttons under the last message."""
    chat = update.effective_chat
    if chat is None:
        return
    messages = render_messages(answer)
    if answer.document:
        await send_document(chat.id, context, answer, messages, keyboard_of(answer, context))
        return
    bot, buttons, quote = office_bot(context), keyboard_json_of(answer, context), quoted(update)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await bot.send_html(chat.id, text, buttons if last else None, quote if index == 0 else None)


def quoted(update: Update) -> int | None:
    """In a group, the answer replies to the question it answers (this message id), so the talk stays readable."""
    message, chat = update.message, update.effective_chat
    if message is None or chat is None or chat.type == ChatType.PRIVATE:
        return None
    return message.message_id


def office_bot(context: ContextTypes.DEFAULT_TYPE) -> OfficeBot:
    """The Application's bot, which build_application() makes an OfficeBot (its lean send_html and edit_html)."""
    bot: object = context.bot  # (typed as PTB's plain ExtBot)
    if not isinstance(bot, OfficeBot):
        raise TypeError("the handlers need the OfficeBot that build_application() sets")
    return bot


def keyboard_of(answer: Answer, context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup | None:
    """The answer's buttons; "share" links need the bot's username (known once the bot is initialised)."""
    return render_keyboard(answer.actions, answer.columns, context.bot.username, answer.rows)


def keyboard_json_of(answer: Answer, context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    """keyboard_of as the dict send_html and edit_html take."""
    return keyboard_json(answer.actions, answer.columns, context.bot.username, answer.rows)


async def send_document(
    chat_id: int,
    context: ContextTypes.DEFAULT_TYPE,
    answer: Answer,
    messages: list[str],
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Send the answer's file, its text as the caption (or as messages first when too long for one)."""
    document = answer.document
    if document is None:
        return
    caption = messages[0] if len(messages) == 1 and len(messages[0]) <= MessageLimit.CAPTION_LENGTH else None
    if caption is None:
        for text in messages:
            await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    upload = InputFile(document.text.encode("utf-8"), filename=document.filename)
    await context.bot.send_document(chat_id, upload, caption=caption, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def edit_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> None:
    """Replace the message whose button was tapped (a ticked checklist, the next page, a menu level).

    A second tap on the same state changes nothing, which Telegram reports as an error: that is fine.
    A message that can no longer be edited (too old, deleted) gets the answer as a new message instead.
    """
    query = update.callback_query
    messages = render_messages(answer)
    if query is None or query.message is None or len(messages) != 1:
        await send_answer(update, context, answer)
        return
    try:
        await office_bot(context).edit_html(
            query.message.chat.id, query.message.message_id, messages[0], keyboard_json_of(answer, context)
        )
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return
        logger.info("Could not edit the message (%s); sending a new one", error)
        await send_answer(update, context, answer)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user with example questions to tap, or open what a deep link names (/start role-bookkeeper)."""
    payload = context.args[0] if context.args else ""
    async with chat_state(update, context) as state:
        answer = engine_of(context).start(state, user_lang(update), payload)
    await send_answer(update, context, answer)


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer English and Polish as buttons; "/lang pl" switches the chat's language at once."""
    code = context.args[0] if context.args else ""
    async with chat_state(update, context) as state:
        answer = engine_of(context).lang(state, user_lang(update), code)
    await send_answer(update, context, answer)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot can answer."""
    async with chat_state(update, context) as state:
        answer = engine_of(context).help(state, user_lang(update))
    await send_answer(update, context, answer)


async def roles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the office types and their roles as a browsable menu."""
    async with chat_state(update, context) as state:
        answer = engine_of(context).roles(state, user_lang(update))
    await send_answer(update, context, answer)


MAX_DOCUMENT_BYTES = 64_000  # a job ad is a few kilobytes; a bigger file is no ad


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a free-text question."""
    typed = update.effective_message.text if update.effective_message else None
    if not typed:
        return
    text = without_mention(typed, context.bot.username) if typed.strip() else typed
    engine = engine_of(context)
    if not text:  # only "@officebot": greet, as /start would
        async with chat_state(update, context) as state:
            answer = engine.start(state, user_lang(update))
        await send_answer(update, context, answer)
        return
    async with chat_state(update, context) as state:
        turn = engine.handle(text, state, user_lang(update))
    await send_answer(update, context, turn.answer)
    await record_question(update, context, turn.understanding, text)


async def text_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A .txt file sent to the bot (a job ad saved from a job board): read like a pasted message, its caption
    first (the question asked about it). Too big, or not text: a friendly word, never a traceback."""
    message = update.effective_message
    document = message.document if message else None
    if message is None or document is None:
        return
    engine = engine_of(context)
    text = None
    if (document.file_size or 0) <= MAX_DOCUMENT_BYTES:
        data = await (await document.get_file()).download_as_bytearray()
        text = decoded(bytes(data[: MAX_DOCUMENT_BYTES + 1]))
    async with chat_state(update, context) as state:
        if not text or not text.strip():
            key = "document_too_big" if (document.file_size or 0) > MAX_DOCUMENT_BYTES else "document_unreadable"
            answer = engine.note(key, state, user_lang(update))
            turn = None
        else:
            full = f"{message.caption}\n\n{text}" if message.caption else text
            turn = engine.handle(full, state, user_lang(update))
            answer = turn.answer
    await send_answer(update, context, answer)
    if turn is not None:
        await record_question(update, context, turn.understanding, full)


def decoded(data: bytes) -> str | None:
    """A text file's content: UTF-8 (with or without a BOM), else Windows-1250, as Polish Windows saves it;
    None for what is no text (a NUL byte)."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


async def record_question(
    update: Update, context: ContextTypes.DEFAULT_TYPE, understanding: Understanding, text: str
) -> None:
    """Add the message's understanding to the question log (user id as a salted hash); never fails the reply."""
    log: QuestionLog | None = context.bot_data.get(QUESTIONS_KEY)
    if log is None:
        return
    user = update.effective_user
    who = user_hash(user.id, context.bot_data.get(SALT_KEY, b"")) if user else ""
    try:
        await log.add(Record.of(understanding, text, who))
    except Exception:  # the answer is sent already; a full disk or a Redis hiccup must not turn into an error reply
        logger.warning("Could not record a question", exc_info=True)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a sticker, photo or the like that only text is understood; offer examples."""
    async with chat_state(update, context) as state:
        answer = engine_of(context).non_text(state, user_lang(update))
    await send_answer(update, context, answer)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a tapped inline button: in place for flows that change the message, else with a new message."""
    query = update.callback_query
    if query is None:
        return
    await acknowledge(query)
    if update.effective_chat is None:  # a button under an inline-mode message: no chat to answer
        return
    async with chat_state(update, context) as state:
        answer = engine_of(context).press(query.data or "", state, user_lang(update))
    if answer.edit:
        await edit_answer(update, context, answer)
    else:
        await send_answer(update, context, answer)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer role cards matching "@bot <query>" to post in any chat, in the query's language."""
    query = update.inline_query
    if query is None:
        return
    cards = engine_of(context).inline(query.query, user_lang(update))
    username = context.bot.username
    results = [
        InlineQueryResultArticle(
            id=card.slug,
            title=card.title,
            description=card.description,
            input_message_content=InputTextMessageContent(render_messages(card.answer)[0], parse_mode=ParseMode.HTML),
            reply_markup=render_keyboard(card.answer.actions, username=username),
        )
        for card in cards
    ]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


async def acknowledge(query: CallbackQuery) -> None:
    """Stop the client's spinner first; a tap older than Telegram's ~15 s window (say, after an outage)
    can no longer be acknowledged, but it is still answered with a message."""
    try:
        await query.answer()
    except TelegramError as refused:  # too old a tap (BadRequest), or the network
        logger.info("Could not acknowledge a button tap (%s); answering it anyway", refused)


async def error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback, then tell the user something short and human."""
    logger.error("Exception while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        text = engine_of(context).ui("error", await ui_lang(update, context))
        await context.bot.send_message(update.effective_chat.id, text)
    except Exception:  # the error handler itself must never fail; the log above has the cause
        logger.warning("Could not tell the user about the error", exc_info=True)
