"""Turn a core Answer into Telegram HTML messages and an inline keyboard.

The core knows nothing about Telegram; this module owns Telegram's limits: HTML escaping,
4096 characters per message and 64 bytes of callback data per button.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.answers.model import Action, Answer, Block

MAX_MESSAGE_CHARS: int = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CALLBACK_BYTES: int = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64
BUTTONS_PER_ROW = 2
BOLD_OPEN, BOLD_CLOSE = "<b>", "</b>"


def render_messages(answer: Answer, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Render an answer as HTML messages of at most `limit` characters each.

    Splits between blocks first, then between lines, and cuts a single over-long line only
    as a last resort — always outside HTML tags and entities, so every part is valid HTML.
    """
    blocks = [lines for lines in (_block_html(block, limit) for block in answer.blocks) if lines]
    whole = "\n\n".join("\n".join(lines) for lines in blocks)
    if len(whole) <= limit:  # most answers: one message, what the packing below would give too
        return [whole] if whole else []
    messages: list[str] = []
    current = ""
    for separator, line in _html_lines(blocks):
        if current and len(current) + len(separator) + len(line) <= limit:
            current += separator + line
            continue
        if current:
            messages.append(current)
        current = line
    if current:
        messages.append(current)
    return messages


def render_keyboard(
    actions: Sequence[Action],
    columns: int = BUTTONS_PER_ROW,
    username: str | None = None,
    rows: Sequence[int] = (),
) -> InlineKeyboardMarkup | None:
    """Build an inline keyboard: the first rows as `rows` says, the rest `columns` buttons per row; None when
    there is nothing to tap.

    Link actions (a deep-link payload) become URL buttons to t.me/<username>?start=<payload>; without the
    bot's username there is no link to give, so they are left out.
    """
    return _keyboard(tuple(actions), columns, username, tuple(rows))


def keyboard_json(
    actions: Sequence[Action],
    columns: int = BUTTONS_PER_ROW,
    username: str | None = None,
    rows: Sequence[int] = (),
) -> dict[str, Any] | None:
    """render_keyboard as the dict the Bot API takes, ready to send (sending.py): PTB's to_dict() costs more
    than the rest of the rendering. Cached and shared between answers: never change what it returns."""
    return _keyboard_json(tuple(actions), columns, username, tuple(rows))


@lru_cache(maxsize=2048)
def _keyboard_json(
    actions: tuple[Action, ...], columns: int, username: str | None, rows: tuple[int, ...] = ()
) -> dict[str, Any] | None:
    keyboard = _keyboard(actions, columns, username, rows)
    return keyboard.to_dict() if keyboard is not None else None


@lru_cache(maxsize=2048)  # the same buttons come back often (a role's four); PTB's objects are immutable
def _keyboard(
    actions: tuple[Action, ...], columns: int, username: str | None, rows: tuple[int, ...] = ()
) -> InlineKeyboardMarkup | None:
    buttons = [_button(action, username) for action in actions if username or not action.link]
    if not buttons:
        return None
    keyboard: list[list[InlineKeyboardButton]] = []
    start = 0
    for size in rows:
        if start < len(buttons) and size > 0:
            keyboard.append(buttons[start : start + size])
            start += size
    columns = max(1, columns)
    keyboard += [buttons[i : i + columns] for i in range(start, len(buttons), columns)]
    return InlineKeyboardMarkup(keyboard)


def deep_link(username: str, payload: str) -> str:
    """The address that opens the bot with /start <payload>."""
    return f"https://t.me/{username}?start={payload}"


def _button(action: Action, username: str | None = None) -> InlineKeyboardButton:
    """One button; refuse callback data Telegram would reject, naming the offending command."""
    if action.link and username:
        return InlineKeyboardButton(action.label, url=deep_link(username, action.link))
    size = len(action.command.encode("utf-8"))
    if size > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data {action.command!r} is {size} bytes; Telegram allows {MAX_CALLBACK_BYTES}")
    return InlineKeyboardButton(action.label, callback_data=action.command)


def _html_lines(blocks: Sequence[tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    """Yield (separator, HTML line) pairs: a blank line between blocks, a newline inside one."""
    first = True
    for lines in blocks:
        separator = "\n\n"
        for line in lines:
            yield ("" if first else separator), line
            first = False
            separator = "\n"


@lru_cache(maxsize=4096)  # blocks come from the knowledge base and recur (a role's card, duties): escape once
def _block_html(block: Block, limit: int) -> tuple[str, ...]:
    """One block's HTML lines, each at most `limit` characters long."""
    return tuple(_block_lines(block, limit))


def _block_lines(block: Block, limit: int) -> Iterator[str]:
    """Yield one block's HTML lines, each at most `limit` characters long."""
    if block.kind == "list":
        raw_lines = [f"{block.marker} {item}" for item in block.items]
    else:
        raw_lines = block.text.splitlines()
    bold = block.kind == "title"
    overhead = len(BOLD_OPEN) + len(BOLD_CLOSE) if bold else 0
    for raw in raw_lines:
        if not raw.strip():
            continue
        for piece in _cut(raw, limit - overhead):
            yield f"{BOLD_OPEN}{piece}{BOLD_CLOSE}" if bold else piece


def _cut(raw: str, limit: int) -> Iterator[str]:
    """Escape `raw` and cut it into pieces of at most `limit` characters, preferring spaces."""
    escaped = html.escape(raw, quote=False)
    if len(escaped) <= limit:
        yield escaped
        return
    piece: list[str] = []
    size = 0
    last_space = -1  # index in `piece` just after the last space, a preferred cut point
    for char in raw:
        token = html.escape(char, quote=False)
        while piece and size + len(token) > limit:
            cut = last_space if last_space > 0 else len(piece)
            yield "".join(piece[:cut])
            piece = piece[cut:]
            size = sum(len(t) for t in piece)
            last_space = -1
        piece.append(token)
        size += len(token)
        if char == " ":
            last_space = len(piece)
    if piece:
        yield "".join(piece)
