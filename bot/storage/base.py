"""The one interface every chat-state store offers, so adapters never care where state lives."""
from __future__ import annotations

from typing import Protocol

from bot.state import ChatState


class ChatStore(Protocol):
    """Load a chat's state before handling its update; save it after, so the next update sees it.

    Async because real stores (a database, Redis) do I/O; the in-memory one simply never waits.
    """

    async def load(self, chat_id: int) -> ChatState: ...

    async def save(self, chat_id: int, state: ChatState) -> None: ...

    async def close(self) -> None: ...
