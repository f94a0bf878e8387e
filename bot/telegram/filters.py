"""Message filters python-telegram-bot lacks."""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.ext.filters import MessageFilter


class CommandForThisBot(MessageFilter):
    """A /command with no @username, or with this bot's: in a group, "/start@other_bot" is for another bot.

    PTB's CommandHandler already checks this for the commands it knows; a catch-all for unknown
    commands needs it too, or the bot would answer every other bot's commands in a group.
    """

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        entity = next((e for e in message.entities if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None)
        if entity is None or not message.text:
            return False
        _, _, username = message.text[: entity.length].partition("@")
        return not username or username.lower() == (message.get_bot().username or "").lower()


COMMAND_FOR_THIS_BOT = CommandForThisBot(name="CommandForThisBot")
