"""Add what a bot in service needs to a built Application: the question log, the per-user limit, admin commands."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, TypeHandler, filters

from bot.knowledge.paths import DEFAULT_DIR
from bot.storage.base import QuestionLog
from bot.telegram import admin, limits
from bot.telegram.handlers import QUESTIONS_KEY, SALT_KEY

if TYPE_CHECKING:
    from bot.telegram.app import BotApplication


def install_operations(
    application: BotApplication,
    questions: QuestionLog,
    *,
    admin_ids: Iterable[int] = (),
    knowledge_dir: Path | None = None,
    salt: bytes = b"",
    user_limit: limits.UserRateLimit | None = None,
) -> BotApplication:
    """Record questions in `questions`, limit each user, and serve /stats, /unanswered, /reload to `admin_ids`."""
    data = application.bot_data
    data[QUESTIONS_KEY], data[SALT_KEY] = questions, salt
    data[admin.ADMINS_KEY] = frozenset(admin_ids)
    data[admin.KNOWLEDGE_KEY] = Path(knowledge_dir) if knowledge_dir else DEFAULT_DIR

    # Group -2: the per-user limit sees every update first and stops the excess before any work.
    if user_limit is not None:
        data[limits.LIMIT_KEY] = user_limit
        application.add_handler(TypeHandler(Update, limits.limit_users), group=limits.LIMIT_GROUP)

    # Group -1: admin commands and their buttons; each stops the update. For others the filter fails and
    # group 0 answers an unknown command with /help.
    admins = filters.User(user_id=data[admin.ADMINS_KEY])
    commands = {"stats": admin.stats, "unanswered": admin.unanswered, "reload": admin.reload_command}
    for name in admin.ADMIN_COMMANDS:
        application.add_handler(
            CommandHandler(name, commands[name], filters=filters.UpdateType.MESSAGE & admins), group=admin.ADMIN_GROUP
        )
    application.add_handler(
        CallbackQueryHandler(admin.admin_button, pattern=f"^{admin.CALLBACK_PREFIX}"), group=admin.ADMIN_GROUP
    )
    return application
