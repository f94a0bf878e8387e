"""Admin commands: /stats (what people ask), /unanswered (teach the bot a phrasing), /reload (the knowledge base).

Only ADMIN_IDS may use them. They run in group -1 and stop the update there; for anyone else the filter does
not match, so the update falls through to group 0, where an unknown command gets the normal /help answer.
Buttons carry "adm:..." callback data (a record's short id, never its text) and are checked for the admin too.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core import Engine
from bot.knowledge.errors import KnowledgeErrors
from bot.questions import Record, build_report
from bot.telegram.handlers import ENGINE_KEY, QUESTIONS_KEY, engine_of, ui_lang
from bot.telegram.heap import refreeze

if TYPE_CHECKING:
    from bot.knowledge.editor import Target
    from bot.telegram.app import AnyApplication, BotApplication

logger = logging.getLogger(__name__)

ADMINS_KEY = "admin_ids"  # application.bot_data: the user ids allowed to use admin commands
KNOWLEDGE_KEY = "knowledge_dir"  # application.bot_data: the directory the Engine was loaded from
RELOAD_LOCK_KEY = "reload_lock"
ADMIN_GROUP = -1
ADMIN_COMMANDS = ("stats", "unanswered", "reload")
CALLBACK_PREFIX = "adm:"
REPORT_RECORDS = 20_000  # /stats summarises the newest records, up to this many
UNANSWERED_SHOWN = 8
MAX_MESSAGE = 4000  # under Telegram's 4096 characters
MAX_ERRORS = 10


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.get(ADMINS_KEY, frozenset())


async def reply(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Plain text (no HTML: the texts are users' own words), cut to fit one message."""
    if update.effective_chat is not None:
        text = text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the report on what people asked: top questions, unanswered ones, intents and languages."""
    records = await context.bot_data[QUESTIONS_KEY].recent(REPORT_RECORDS)
    report = await asyncio.to_thread(build_report, records)  # grouping 20,000 varied texts takes ~2 s: off the loop
    await reply(update, context, report.text(engine_of(context).kb, await _lang(update, context)))
    raise ApplicationHandlerStop


async def unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List recent messages the bot could not answer, each with a button to attach it to a role or intent."""
    engine, lang = engine_of(context), await _lang(update, context)
    records: list[Record] = []
    seen: set[str] = set()
    for record in await context.bot_data[QUESTIONS_KEY].recent(UNANSWERED_SHOWN * 5, unanswered_only=True):
        key = " ".join(record.text.lower().split())
        if key not in seen and len(records) < UNANSWERED_SHOWN:
            seen.add(key)
            records.append(record)
    if not records:
        await reply(update, context, engine.ui("unanswered_none", lang))
        raise ApplicationHandlerStop
    lines = [engine.ui("unanswered_title", lang)] + [f"{i}. {r.text} ({r.lang})" for i, r in enumerate(records, 1)]
    buttons = [
        InlineKeyboardButton(str(i), callback_data=f"{CALLBACK_PREFIX}p:{r.id}") for i, r in enumerate(records, 1)
    ]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    await reply(update, context, "\n".join(lines), InlineKeyboardMarkup(rows))
    raise ApplicationHandlerStop


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload the knowledge base from its files; on errors the one in service stays."""
    errors = await reload_engine(context.application)
    engine, lang = engine_of(context), await _lang(update, context)
    if errors:
        await reply(update, context, engine.kb.text("reload_failed", lang, errors=_errors(errors)))
    else:
        await reply(update, context, engine.kb.text("reload_done", lang, roles=len(engine.kb.roles)))
    raise ApplicationHandlerStop


async def admin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle an "adm:" button: choose where a question goes, then write it into the knowledge base."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    if not is_admin(update, context):
        raise ApplicationHandlerStop
    verb, _, rest = (query.data or "")[len(CALLBACK_PREFIX) :].partition(":")
    record_id, _, target = rest.partition(":")
    engine, lang = engine_of(context), await _lang(update, context)
    record = await context.bot_data[QUESTIONS_KEY].get(record_id)
    if record is None:
        await reply(update, context, engine.ui("attach_missing", lang))
    elif verb == "p":
        await reply(
            update, context, engine.kb.text("attach_choose", lang, text=record.text), _targets(engine, record.id, lang)
        )
    elif verb in ("r", "i"):
        await _attach(update, context, record.text, record.lang, "role" if verb == "r" else "intent", target)
    raise ApplicationHandlerStop


async def _attach(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, text_lang: str, kind: Target, name: str
) -> None:
    engine, lang = engine_of(context), await _lang(update, context)
    known = engine.kb.roles if kind == "role" else engine.kb.intents
    if name not in known:
        await reply(update, context, engine.ui("attach_missing", lang))
        return
    from bot.knowledge.editor import add_phrasing  # here: ruamel.yaml is loaded only when an admin edits

    directory: Path = context.bot_data[KNOWLEDGE_KEY]
    async with _lock(context.application):
        try:
            kb = await asyncio.to_thread(add_phrasing, directory, kind, name, text_lang, text)
        except KnowledgeErrors as errors:
            await reply(update, context, engine.kb.text("attach_failed", lang, errors=_errors(errors)))
            return
        if kb is None:
            await reply(update, context, engine.kb.text("attach_exists", lang, text=text))
            return
        context.bot_data[ENGINE_KEY] = await asyncio.to_thread(Engine, kb, directory)
    refreeze()
    logger.info("Knowledge base changed from chat: a new %s phrasing for %s", kind, name)
    target = kb.roles[name].name.get(lang) if kind == "role" else name
    await reply(update, context, engine_of(context).kb.text("attach_done", lang, text=text, target=target))


def _targets(engine: Engine, record_id: str, lang: str) -> InlineKeyboardMarkup:
    """Every role, then every intent, two buttons a row; callback data "adm:r:<id>:<slug>" fits 64 bytes."""
    buttons = [
        InlineKeyboardButton(role.name.get(lang), callback_data=f"{CALLBACK_PREFIX}r:{record_id}:{slug}")
        for slug, role in sorted(engine.kb.roles.items(), key=lambda item: item[1].name.get(lang))
    ]
    buttons += [
        InlineKeyboardButton(f"💬 {name}", callback_data=f"{CALLBACK_PREFIX}i:{record_id}:{name}")
        for name in engine.kb.intent_names
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def reload_engine(application: AnyApplication) -> KnowledgeErrors | None:
    """Load the knowledge base afresh and put it in service; on errors log them and keep the old one."""
    directory: Path = application.bot_data[KNOWLEDGE_KEY]
    async with _lock(application):
        try:
            engine = await asyncio.to_thread(Engine.load, directory)
        except KnowledgeErrors as errors:
            logger.error("Knowledge base not reloaded, the old one stays in service:\n%s", errors)
            return errors
        application.bot_data[ENGINE_KEY] = engine
    refreeze()  # the old engine can go now
    logger.info("Knowledge base reloaded: %d roles", len(engine.kb.roles))
    return None


async def publish_admin_menus(application: BotApplication) -> None:
    """Give each admin's chat a command menu with the admin commands too; everyone else keeps the public one.

    Telegram accepts a chat-scoped menu only for chats that exist, so an admin who has not yet opened the bot is
    logged and skipped (the commands work all the same).
    """
    engine: Engine = application.bot_data[ENGINE_KEY]
    for admin_id in sorted(application.bot_data.get(ADMINS_KEY, ())):
        for lang in (None, "en", "pl"):
            shown = lang or "en"
            commands = engine.commands(shown) + [(name, engine.ui(f"command_{name}", shown)) for name in ADMIN_COMMANDS]
            try:
                await application.bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id), language_code=lang)
            except TelegramError as error:
                logger.warning("Could not set the admin command menu for one admin: %s", error)
                break


def _lock(application: AnyApplication) -> asyncio.Lock:
    """One change to the knowledge base at a time (a /reload during an attach would race on the files)."""
    lock: asyncio.Lock = application.bot_data.setdefault(RELOAD_LOCK_KEY, asyncio.Lock())
    return lock


def _errors(errors: KnowledgeErrors) -> str:
    lines = [str(e) for e in errors.errors]
    return "\n".join(lines[:MAX_ERRORS] + ([f"… +{len(lines) - MAX_ERRORS}"] if len(lines) > MAX_ERRORS else []))


async def _lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    lang = await ui_lang(update, context)
    return lang if lang in ("en", "pl") else "en"
