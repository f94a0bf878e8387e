"""The baseline for bench/throughput.py: a minimal python-telegram-bot echo bot.

Same PTB defaults as `python -m bot run` (Application.builder(), default httpx request, sequential
updates, run_polling()) and the same logging set-up; it only skips the knowledge base, the matcher
and the HTML rendering. Reads TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL like the real bot.
"""
from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the message's text back to its chat."""
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text)


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling()


if __name__ == "__main__":
    main()
