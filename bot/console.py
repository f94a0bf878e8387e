"""The same conversation in a terminal: buttons become numbered choices; ends cleanly at end of input."""

from __future__ import annotations

import io
import select
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from bot.answers.model import Answer
from bot.state import ChatState

if TYPE_CHECKING:
    from bot.core import Engine

BLOCK = '"""'  # a line of three quotes opens and closes a message that spans lines (a pasted job ad)
PASTE_GAP = 0.03  # seconds: lines arriving closer than this in a terminal are one paste


def render(answer: Answer) -> str:
    """An answer as plain text with its buttons numbered, as `ask` prints it."""
    lines = [answer.plain_text()]
    if answer.document:  # the file Telegram would send, shown in place (no file is written)
        lines += ["", f"📄 {answer.document.filename}", "", answer.document.text]
    if answer.actions:
        lines.append("")
        lines += [f"  [{i}] {action.label}" for i, action in enumerate(answer.actions, 1)]
    return "\n".join(lines)


def chat(engine: Engine, stdin: TextIO, stdout: TextIO, lang: str | None = None) -> int:
    """Read questions line by line; a number picks one of the last answer's buttons. A job ad spans lines: paste
    it between two lines of three quotes (\"\"\"), or, in a terminal, just paste it (lines that arrive together
    are one message)."""
    state = ChatState()
    answer = engine.start(state, lang)
    stdout.write(render(answer) + "\n\n> ")
    stdout.flush()
    for text in messages(stdin):
        if not text:
            stdout.write("> ")
            stdout.flush()
            continue
        if text.lower() in ("/quit", "/exit", "quit", "exit"):
            break
        answer = _respond(engine, text, state, answer, lang)
        stdout.write(render(answer) + "\n\n> ")
        stdout.flush()
    stdout.write("\n")
    return 0


def messages(stdin: TextIO) -> Iterator[str]:
    """The user's messages: a line each, a block between \"\"\" lines as one, and in a terminal the lines of one
    paste as one."""
    while line := stdin.readline():
        text = line.strip()
        if text == BLOCK:
            yield _block(stdin)
            continue
        if _pasting(stdin):
            lines = [line.rstrip("\n")]
            while _pasting(stdin) and (more := stdin.readline()):
                lines.append(more.rstrip("\n"))
            yield "\n".join(lines).strip()
            continue
        yield text


def _block(stdin: TextIO) -> str:
    lines = []
    while (line := stdin.readline()) and line.strip() != BLOCK:
        lines.append(line.rstrip("\n"))
    return "\n".join(lines).strip()


def _pasting(stdin: TextIO) -> bool:
    """More input is already waiting in a terminal: the rest of a paste, not the next question typed."""
    try:
        if not stdin.isatty():
            return False
        ready, _, _ = select.select([stdin], [], [], PASTE_GAP)
    except (OSError, ValueError, io.UnsupportedOperation):  # no terminal, or select cannot watch it (Windows)
        return False
    return bool(ready)


def _respond(engine: Engine, text: str, state: ChatState, last: Answer, lang: str | None) -> Answer:
    if text.isdigit() and 1 <= int(text) <= len(last.actions):
        action = last.actions[int(text) - 1]
        if action.link:  # "Share": open the link as the person it is shared with would
            return engine.start(ChatState(), lang, action.link)
        return engine.press(action.command, state, lang)
    command, _, argument = text.partition(" ")
    if command == "/start":
        return engine.start(state, lang, argument.strip())
    if command == "/lang":
        return engine.lang(state, lang, argument)
    commands = {"/help": engine.help, "/roles": engine.roles}
    if command in commands:
        return commands[command](state, lang)
    return engine.reply(text, state, lang)
