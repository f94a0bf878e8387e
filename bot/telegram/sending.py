"""The bot's own Bot: python-telegram-bot's ExtBot plus a lean way to send and edit the answers' HTML messages.

Every answer is one or more HTML messages with an inline keyboard, and nothing reads what Telegram sends back.
PTB's send_message still turns each keyboard into a dict through its object machinery, and parses the returned
message, keyboard included, into a Message: measured here (bench/README.md) that was about 0.4 ms of CPU per
answer, more than understanding the question. send_html and edit_html post the same parameters (the keyboard
as the dict render.py keeps ready) through the same path, so the rate limiter, the retries and PTB's errors
(BadRequest, Forbidden, RetryAfter...) are all as before; only the reply is left as JSON.
"""

from __future__ import annotations

from typing import Any

from telegram.constants import ParseMode
from telegram.ext import ExtBot

JSONDict = dict[str, Any]


class OfficeBot(ExtBot[int]):
    """ExtBot with send_html and edit_html; everything else (documents, callback and inline answers, menus) is
    PTB's own."""

    __slots__ = ()

    async def send_html(
        self, chat_id: int, text: str, keyboard: JSONDict | None = None, reply_to: int | None = None
    ) -> None:
        """sendMessage with parse_mode HTML; `keyboard` is an InlineKeyboardMarkup as a dict; `reply_to` quotes
        that message of the chat (if it still exists)."""
        data: JSONDict = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML.value}
        if keyboard is not None:
            data["reply_markup"] = keyboard
        if reply_to is not None:
            data["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
        await self._post("sendMessage", data)

    async def edit_html(self, chat_id: int, message_id: int, text: str, keyboard: JSONDict | None = None) -> None:
        """editMessageText with parse_mode HTML (the keyboard too: no keyboard removes it)."""
        data: JSONDict = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "parse_mode": ParseMode.HTML.value,
        }
        if keyboard is not None:
            data["reply_markup"] = keyboard
        await self._post("editMessageText", data)
