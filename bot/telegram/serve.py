"""`python -m bot run`: build the bot from the settings and serve it by long polling or, with WEBHOOK_URL, a webhook.

Everything here is wiring; the pieces live in their own modules (store, operations, webhook). SIGHUP reloads the
knowledge base in both modes; SIGTERM and SIGINT stop the bot after the updates in progress are answered.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from urllib.parse import urlsplit

from telegram.error import TelegramError

from bot import logs
from bot.core import Engine
from bot.settings import Settings
from bot.storage.open import open_store
from bot.telegram.admin import publish_admin_menus, reload_engine
from bot.telegram.app import BotApplication, build_application
from bot.telegram.heap import freeze_loaded
from bot.telegram.limits import UserRateLimit
from bot.telegram.operations import install_operations
from bot.telegram.ratelimit import SendLimits

logger = logging.getLogger(__name__)


def build_for_service(settings: Settings, knowledge_dir: Path | None = None) -> BotApplication:
    """The Application with the configured store, question log, per-user limit and admins."""
    engine = Engine.load(knowledge_dir)
    store = open_store(settings)
    limits = SendLimits(
        settings.send_limit_per_second, settings.send_limit_chat_per_second, settings.send_limit_group_per_minute
    )
    application = build_application(settings.token, engine, settings.telegram_base_url, store=store, limits=limits)
    limit = UserRateLimit(settings.user_rate_limit, settings.user_rate_window) if settings.user_rate_limit else None
    install_operations(
        application,
        store,
        admin_ids=settings.admin_ids,
        knowledge_dir=knowledge_dir,
        salt=settings.salt,
        user_limit=limit,
    )
    publish_menus = application.post_init

    async def post_init(app: BotApplication) -> None:
        if publish_menus:
            await publish_menus(app)
        await publish_admin_menus(app)
        reload_on_sighup(app)

    async def post_shutdown(app: BotApplication) -> None:
        await store.close()

    application.post_init, application.post_shutdown = post_init, post_shutdown
    return application


def run(settings: Settings, knowledge_dir: Path | None = None) -> None:
    """Serve until stopped: long polling by default, a webhook when WEBHOOK_URL is set."""
    logs.configure(settings.log_format, settings.log_level)
    settings.export_cache_dir()
    application = build_for_service(settings, knowledge_dir)
    freeze_loaded()
    where = "a custom Bot API server" if settings.telegram_base_url else "Telegram"
    if not settings.webhook_url:
        logger.info("Starting to poll %s (chat state: %s)", where, _store_name(settings))
        application.run_polling()
        return
    logger.info("Starting the webhook for %s (chat state: %s)", where, _store_name(settings))
    try:
        asyncio.run(serve_webhook(application, settings))
    except (TelegramError, OSError) as error:  # Telegram refused the URL, or the port is taken
        logger.error("Could not serve the webhook: %s", error)
        raise SystemExit(1) from None


async def serve_webhook(application: BotApplication, settings: Settings) -> None:
    """Register the webhook, serve it, and on SIGTERM/SIGINT stop taking requests, finish the queue, shut down."""
    from bot.telegram.webhook import WebhookServer  # aiohttp's server side: only a webhook bot loads it

    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    url = settings.webhook_url or ""  # set: run() serves a webhook only then
    server = WebhookServer(application, settings.webhook_listen, settings.webhook_port, urlsplit(url).path, secret)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url, secret_token=secret)
        await application.start()
        await server.start()
        await stop.wait()
        logger.info("Stopping: no new requests; finishing the updates already received")
        await server.stop()
        await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def reload_on_sighup(application: BotApplication) -> None:
    """`kill -HUP <pid>` reloads the knowledge base, as /reload does (errors are logged, the old one stays)."""
    try:
        asyncio.get_running_loop().add_signal_handler(
            signal.SIGHUP, lambda: application.create_task(reload_engine(application))
        )
    except (NotImplementedError, RuntimeError, AttributeError):  # no SIGHUP (Windows) or not the main thread
        logger.info("SIGHUP reload is not available here; use /reload")


def _store_name(settings: Settings) -> str:
    if settings.redis_url:
        return "Redis"
    if settings.in_memory:
        return f"in memory, {settings.officebot_max_chats} chats at most"
    return f"SQLite file {settings.state_db}"
