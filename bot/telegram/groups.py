"""Group manners: in a group the bot speaks only when spoken to (a command, an @mention, or a reply to one
of its own messages); in a private chat every message is for it."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.constants import ChatType
from telegram.ext import filters


def addressed_to_bot(message: Message) -> bool:
    """Whether this message is meant for the bot that received it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    bot = message.get_bot()
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return True
    username = (bot.username or "").lower()
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    return bool(username) and any(m.lstrip("@").lower() == username for m in mentions)


def without_mention(text: str, username: str | None) -> str:
    """The message with "@botname" taken out, so the question reads as if asked in private. Spaces are squeezed
    but line breaks kept: a pasted job ad is read by its lines."""
    if not username:
        return text
    if "@" in text:  # (most messages: no regular expression needed)
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


class AddressedToBot(filters.MessageFilter):
    """A PTB filter for addressed_to_bot (the bot's username is known only after start-up, so it is read
    from the message's bot each time rather than given to filters.Mention when handlers are built)."""

    def filter(self, message: Message) -> bool:
        return addressed_to_bot(message)


ADDRESSED = AddressedToBot(name="AddressedToBot")
