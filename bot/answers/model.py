"""What the core hands to an adapter: text blocks plus follow-up actions, free of any chat platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["title", "text", "list"]


@dataclass(frozen=True)
class Block:
    """A piece of an answer; adapters decide how a title or a list looks (HTML, plain text)."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    marker: str = "•"  # what stands before each list item: "•", or "☐" in a checklist


@dataclass(frozen=True)
class Action:
    """A follow-up the user can tap; `command` is short ASCII so it fits Telegram's 64-byte callback data."""

    label: str
    command: str
    link: str = ""  # a deep-link payload ("role-bookkeeper"): adapters that know the bot's address share it


@dataclass(frozen=True)
class Document:
    """A file an answer comes with (an interview kit to print): adapters send or save it."""

    filename: str
    text: str


@dataclass(frozen=True)
class Memory:
    """What a follow-up should know after this answer (a role opened by a button, a language chosen): the Engine,
    the one writer of chat state, applies it."""

    role: str | None = None
    category: str | None = None
    intent: str | None = None
    lang: str | None = None  # chosen with /lang: it holds for commands and buttons


@dataclass(frozen=True)
class Answer:
    blocks: tuple[Block, ...]
    actions: tuple[Action, ...] = field(default=())
    lang: str = "en"
    edit: bool = False  # replaces the message whose button was tapped (a ticked checklist, a page)
    columns: int = 2  # buttons per row; 1 for long labels such as checklist items
    rows: tuple[int, ...] = ()  # buttons in each of the first rows, where `columns` alone would not do (a page
    # of roles one a row, then ⬅️ ➡️ side by side); the rest follow `columns`
    document: Document | None = None
    memory: Memory | None = None  # what the chat should remember after this answer (applied by the Engine)

    def plain_text(self) -> str:
        """The answer as plain text, as the console and the CLI show it."""
        parts: list[str] = []
        for block in self.blocks:
            if block.kind == "list":
                parts.append("\n".join(f"{block.marker} {item}" for item in block.items))
            else:
                parts.append(block.text)
        return "\n\n".join(p for p in parts if p)
