"""Telegram handlers: each turns one kind of update into an engine call and sends the Answer.

Handlers stay thin on purpose: every user-facing word comes from the engine's Answers, so the
console, the CLI and Telegram say the same things.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.answers.model import Answer
from bot.core import Engine
from bot.state import ChatState
from bot.storage.base import ChatStore
from bot.telegram.render import render_keyboard, render_messages

logger = logging.getLogger(__name__)

ENGINE_KEY = "engine"  # application.bot_data key of the shared Engine
STORE_KEY = "store"  # application.bot_data key of the ChatStore keeping each chat's state


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
    return context.bot_data[ENGINE_KEY]


def store_of(context: ContextTypes.DEFAULT_TYPE) -> ChatStore:
    """The ChatStore that build_application() stored for all handlers."""
    return context.bot_data[STORE_KEY]


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
    keyboard = render_keyboard(answer.actions)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await context.bot.send_message(
            chat.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard if last else None
        )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user with example questions to tap."""
    async with chat_state(update, context) as state:
        answer = engine_of(context).start(state, user_lang(update))
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


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a free-text question."""
    text = update.effective_message.text if update.effective_message else None
    if not text:
        return
    async with chat_state(update, context) as state:
        answer = engine_of(context).reply(text, state, user_lang(update))
    await send_answer(update, context, answer)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the sender of a sticker, photo or the like that only text is understood; offer examples."""
    async with chat_state(update, context) as state:
        answer = engine_of(context).non_text(state, user_lang(update))
    await send_answer(update, context, answer)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a tapped inline button with a new message."""
    query = update.callback_query
    if query is None:
        return
    await acknowledge(query)
    if update.effective_chat is None:  # a button under an inline-mode message: no chat to answer
        return
    async with chat_state(update, context) as state:
        answer = engine_of(context).press(query.data or "", state, user_lang(update))
    await send_answer(update, context, answer)


async def acknowledge(query: CallbackQuery) -> None:
    """Stop the client's spinner first; a tap older than Telegram's ~15 s window (say, after an outage)
    can no longer be acknowledged, but it is still answered with a message."""
    try:
        await query.answer()
    except BadRequest as refused:
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
