"""Wire the Telegram Application: one Engine, bounded chat memory, and every handler in one place."""

from __future__ import annotations

import logging
from typing import Any, TypeAlias

from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.core import Engine
from bot.storage.base import ChatStore
from bot.storage.memory import DEFAULT_MAX_CHATS, ChatStates
from bot.telegram import handlers
from bot.telegram.filters import COMMAND_FOR_THIS_BOT
from bot.telegram.groups import ADDRESSED
from bot.telegram.processor import ChatOrderedProcessor
from bot.telegram.ratelimit import TELEGRAM_LIMITS, SendLimits
from bot.telegram.request import AiohttpRequest
from bot.telegram.resilience import ResilientLimiter
from bot.telegram.sending import OfficeBot
from bot.telegram.updates import UpdatesRequest

logger = logging.getLogger(__name__)


TELEGRAM_API = "https://api.telegram.org/bot"  # python-telegram-bot's default base_url
MENU_LANGUAGES = ("en", "pl")  # a command menu per language; users of any other language see English
DEFAULT_MENU_LANGUAGE = "en"

# The Application build_application makes: our OfficeBot, with python-telegram-bot's default context and data types.
BotApplication: TypeAlias = Application[
    OfficeBot,
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]
# Any Application: a handler's `context.application` is typed with PTB's default bot (ExtBot), not OfficeBot.
AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def file_url_for(base_url: str) -> str:
    """Derive the Bot API file URL from the API URL ("http://h:8081/bot" -> "http://h:8081/file/bot")."""
    head, sep, tail = base_url.rpartition("/bot")
    if not sep:
        raise ValueError(f"base_url should contain '/bot', like http://127.0.0.1:8081/bot: {base_url!r}")
    return f"{head}/file/bot{tail}"


def build_application(
    token: str,
    engine: Engine,
    base_url: str | None = None,
    max_chats: int = DEFAULT_MAX_CHATS,
    store: ChatStore | None = None,
    limits: SendLimits = TELEGRAM_LIMITS,
) -> BotApplication:
    """Build the Application with all handlers; `base_url` points it at another Bot API server.

    `store` keeps chat state (SQLite or Redis in service, see serve.py); by default a bounded in-memory LRU.
    `limits` paces what the bot sends (Telegram's flood limits by default; SendLimits.off() for a server without).
    """
    api = base_url or TELEGRAM_API
    bot = OfficeBot(
        token,
        api,
        file_url_for(api),
        request=AiohttpRequest(),
        get_updates_request=UpdatesRequest(),  # request.py: 1.5x faster
        rate_limiter=ResilientLimiter(limits=limits),
    )  # pacing, 429s per chat, retries: resilience.py
    application = (
        Application.builder()
        .bot(bot)
        .post_init(start_up)
        .concurrent_updates(ChatOrderedProcessor())  # chats concurrently, each chat in order
        .build()
    )
    application.bot_data[handlers.ENGINE_KEY] = engine
    application.bot_data[handlers.STORE_KEY] = store if store is not None else ChatStates(max_chats)

    new_message = filters.UpdateType.MESSAGE  # edited messages are not answered again
    private = filters.ChatType.PRIVATE  # in groups: commands, @mentions and replies to the bot only

    # Messages: text goes to the engine; attachments (stickers, photos...) get a text-only notice.
    # In a group only what is addressed to the bot is answered; the rest of the talk is not its business.
    # First because most updates are questions (no command can match them: each handler is tried in turn).
    application.add_handler(
        MessageHandler(new_message & filters.TEXT & ~filters.COMMAND & ADDRESSED, handlers.text_message)
    )
    text_file = filters.Document.TXT | filters.Document.FileExtension("txt")
    application.add_handler(MessageHandler(new_message & text_file & private, handlers.text_document))
    application.add_handler(MessageHandler(new_message & filters.ATTACHMENT & private, handlers.not_text))

    # Commands. Order matters: the catch-all for unknown commands must come after the known ones.
    application.add_handler(CommandHandler("start", handlers.start, filters=new_message))
    application.add_handler(CommandHandler("help", handlers.help_command, filters=new_message))
    application.add_handler(CommandHandler("roles", handlers.roles, filters=new_message))
    application.add_handler(CommandHandler("lang", handlers.lang_command, filters=new_message))
    application.add_handler(MessageHandler(new_message & COMMAND_FOR_THIS_BOT & private, handlers.help_command))

    # Buttons, and "@bot <query>" typed in any chat.
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))

    # Errors: log them, tell the user briefly.
    application.add_error_handler(handlers.error)
    return application


async def start_up(application: BotApplication) -> None:
    """What the bot tells Telegram before polling: its command menus and its description, per language."""
    await set_command_menus(application)
    await set_descriptions(application)


async def set_descriptions(application: BotApplication) -> None:
    """The bot's description (on its empty chat) and short description (on its profile), from ui.yaml.

    Like the menus, a convenience: a refusal is logged and the bot serves all the same."""
    engine: Engine = application.bot_data[handlers.ENGINE_KEY]
    for lang in (*MENU_LANGUAGES, None):
        code = lang or DEFAULT_MENU_LANGUAGE
        try:
            await application.bot.set_my_description(engine.ui("bot_description", code), language_code=lang)
            await application.bot.set_my_short_description(engine.ui("bot_short_description", code), language_code=lang)
        except TelegramError:
            logger.warning("Could not set the %s description", lang or "default", exc_info=True)


async def set_command_menus(application: BotApplication) -> None:
    """Publish the command menu (the /help table) in each language, English as the default.

    Runs once at start-up, after initialize() and before polling. The menu is a convenience:
    if Telegram refuses it, log why and keep serving rather than refuse to start.
    """
    engine: Engine = application.bot_data[handlers.ENGINE_KEY]
    menus: list[tuple[str | None, list[tuple[str, str]]]] = [(lang, engine.commands(lang)) for lang in MENU_LANGUAGES]
    menus.append((None, engine.commands(DEFAULT_MENU_LANGUAGE)))
    for lang, commands in menus:
        try:
            await application.bot.set_my_commands(commands, language_code=lang)
        except TelegramError:
            logger.warning("Could not set the %s command menu", lang or "default", exc_info=True)
