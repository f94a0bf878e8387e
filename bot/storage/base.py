"""The one interface every chat-state store offers, so adapters never care where state lives."""

from __future__ import annotations

from typing import Protocol

from bot.questions import Record
from bot.state import ChatState


class ChatStore(Protocol):
    """Load a chat's state before handling its update; save it after, so the next update sees it.

    Async because real stores (a database, Redis) do I/O; the in-memory one simply never waits.
    """

    async def load(self, chat_id: int) -> ChatState: ...

    async def save(self, chat_id: int, state: ChatState) -> None: ...

    async def close(self) -> None: ...


class QuestionLog(Protocol):
    """Where every understood message is recorded (bounded: the oldest records go first)."""

    async def add(self, record: Record) -> str:
        """Keep `record`; return the short id it is known by from now on."""
        ...

    async def recent(self, limit: int, unanswered_only: bool = False) -> list[Record]:
        """The newest records first."""
        ...

    async def get(self, record_id: str) -> Record | None: ...
