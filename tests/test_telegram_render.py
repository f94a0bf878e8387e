"""Rendering Answers for Telegram: HTML escaping, the 4096-character limit, 64-byte callback data."""
from __future__ import annotations

import html
import re

import pytest

from bot.answers.model import Action, Answer, Block
from bot.telegram.render import (
    MAX_CALLBACK_BYTES,
    MAX_MESSAGE_CHARS,
    render_keyboard,
    render_messages,
)

TAG = re.compile(r"</?b>")


def visible(message: str) -> str:
    """The text a Telegram user sees: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", message))


def test_title_is_bold_text_plain_and_lists_bulleted() -> None:
    answer = Answer((Block("title", "Bookkeeper"), Block("text", "Back office."), Block("list", items=("a", "b"))))
    assert render_messages(answer) == ["<b>Bookkeeper</b>\n\nBack office.\n\n• a\n• b"]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("R&D", "R&amp;D"),
        ("<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"),
    ],
)
@pytest.mark.parametrize("kind", ["title", "text", "list"])
def test_everything_is_escaped(kind: str, raw: str, escaped: str) -> None:
    block = Block("list", items=(raw,)) if kind == "list" else Block(kind, raw)  # type: ignore[arg-type]
    [message] = render_messages(Answer((block,)))
    assert escaped in message
    assert "<script>" not in message
    assert visible(message).endswith(raw)


def test_empty_blocks_and_blank_lines_are_dropped() -> None:
    answer = Answer((Block("text", ""), Block("text", "one\n\n\ntwo"), Block("list")))
    assert render_messages(answer) == ["one\ntwo"]


def test_long_answer_splits_on_block_and_line_boundaries() -> None:
    items = tuple(f"duty number {i} " + "x" * 80 for i in range(120))
    answer = Answer((Block("title", "Duties"), Block("list", items=items), Block("text", "The end.")))
    messages = render_messages(answer)
    assert len(messages) > 1
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    lines = [line for m in messages for line in m.split("\n") if line]
    assert lines == ["<b>Duties</b>", *(f"• {item}" for item in items), "The end."]


def test_one_overlong_line_is_cut_outside_entities() -> None:
    text = "a&b <c> " * 1500  # 12,000 raw characters, far longer once escaped
    messages = render_messages(Answer((Block("text", text),)))
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    assert "".join(visible(m) for m in messages) == text
    for message in messages:  # no entity cut in half at either end
        assert not re.search(r"&[a-z]*$", message)
        assert not re.match(r"^[a-z]*;", message)


def test_long_title_pieces_stay_bold() -> None:
    messages = render_messages(Answer((Block("title", "T" * 5000),)), limit=100)
    assert all(m.startswith("<b>") and m.endswith("</b>") and len(m) <= 100 for m in messages)
    assert "".join(visible(m) for m in messages) == "T" * 5000


def test_keyboard_two_buttons_per_row_with_commands_as_callback_data() -> None:
    actions = (Action("Skills", "role:bk:skills"), Action("Duties", "role:bk:duties"), Action("Más", "more"))
    keyboard = render_keyboard(actions)
    assert keyboard is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard]
    assert rows == [[("Skills", "role:bk:skills"), ("Duties", "role:bk:duties")], [("Más", "more")]]


def test_keyboard_rows_lay_out_the_first_buttons_and_columns_the_rest() -> None:
    """A page of roles: one a row, then ⬅️ ➡️ side by side, then Back."""
    actions = tuple(Action(label, label) for label in ("A", "B", "prev", "next", "back"))
    keyboard = render_keyboard(actions, 1, rows=(1, 1, 2))
    assert keyboard is not None
    rows = [[b.text for b in row] for row in keyboard.inline_keyboard]
    assert rows == [["A"], ["B"], ["prev", "next"], ["back"]]


def test_no_actions_no_keyboard() -> None:
    assert render_keyboard(()) is None


def test_callback_data_up_to_64_bytes_is_accepted() -> None:
    keyboard = render_keyboard((Action("ok", "c" * MAX_CALLBACK_BYTES),))
    assert keyboard is not None


@pytest.mark.parametrize("command", ["c" * 65, "ł" * 33])  # 65 and 66 bytes; "ł" is 2 bytes
def test_callback_data_over_64_bytes_is_refused(command: str) -> None:
    with pytest.raises(ValueError, match="64"):
        render_keyboard((Action("too long", command),))
