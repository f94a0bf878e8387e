"""The baselines for bench/throughput.py: a minimal python-telegram-bot echo bot.

    python bench/echo_bot.py                   # echo: send each message's text back
    python bench/echo_bot.py --replies FILE    # canned: send the reply FILE gives for each message_id
    python bench/echo_bot.py --concurrent      # either, with PTB's concurrent_updates(True)

PTB's defaults throughout (Application.builder(), its default httpx request, sequential updates,
run_polling()): the bare bot the target is measured against. `python -m bot run` differs only in its
request (aiohttp, bot/telegram/app.py); bench/with_request.py can force one request onto both. Same
logging set-up as the real bot; it reads TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL like it. The canned
mode sends officebot's own replies (the same HTML, parse mode and buttons, precomputed by
throughput.py) without the knowledge base or the matcher: it separates what the bigger messages cost
in PTB and the HTTP client from what understanding the question costs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, MessageHandler, filters

REPLIES_KEY = "replies"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the message's text back to its chat."""
    await context.bot.send_message(update.effective_chat.id, update.effective_message.text)


async def canned(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the precomputed officebot reply to this message, with its buttons built as officebot does."""
    html, rows = context.bot_data[REPLIES_KEY][str(update.effective_message.message_id)]
    keyboard = None
    if rows:
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
        )
    await context.bot.send_message(update.effective_chat.id, html, parse_mode=ParseMode.HTML, reply_markup=keyboard)


def main() -> None:
    parser = argparse.ArgumentParser(description="A minimal python-telegram-bot echo bot (benchmark baseline).")
    parser.add_argument("--replies", type=Path, help="JSON {message_id: [html, [[[label, data], ...], ...]]}")
    parser.add_argument(
        "--concurrent",
        action="store_true",
        help="concurrent_updates(True): 256 updates at once, in no order (the fastest PTB set-up)",
    )
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(os.environ["TELEGRAM_BASE_URL"])
    application = builder.concurrent_updates(args.concurrent).build()
    if args.replies:
        application.bot_data[REPLIES_KEY] = json.loads(args.replies.read_text(encoding="utf-8"))
        application.add_handler(MessageHandler(filters.TEXT, canned))
    else:
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling()


if __name__ == "__main__":
    main()
