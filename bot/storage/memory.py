"""Per-chat conversation state kept in memory, bounded so a busy bot cannot grow without limit."""

from __future__ import annotations

import itertools
from collections import OrderedDict

from bot.questions import Record
from bot.state import ChatState

DEFAULT_MAX_CHATS = 10_000


class ChatStates:
    """A least-recently-used map of chat id -> ChatState; the quietest chat is forgotten first."""

    def __init__(self, max_chats: int = DEFAULT_MAX_CHATS) -> None:
        if max_chats < 1:
            raise ValueError("max_chats must be at least 1")
        self.max_chats = max_chats
        self._states: OrderedDict[int, ChatState] = OrderedDict()

    def get(self, chat_id: int) -> ChatState:
        """Return this chat's state, creating it (and evicting the oldest chat) when new."""
        state = self._states.get(chat_id)
        if state is None:
            state = ChatState()
            self._states[chat_id] = state
            if len(self._states) > self.max_chats:
                self._states.popitem(last=False)
        else:
            self._states.move_to_end(chat_id)
        return state

    async def load(self, chat_id: int) -> ChatState:
        """ChatStore.load: the live state object, so saving it again costs nothing."""
        return self.get(chat_id)

    async def save(self, chat_id: int, state: ChatState) -> None:
        """ChatStore.save: keep `state` for this chat (a no-op when it is the object load() gave)."""
        if self._states.get(chat_id) is not state:
            self._states[chat_id] = state
            self._states.move_to_end(chat_id)
            if len(self._states) > self.max_chats:
                self._states.popitem(last=False)

    async def close(self) -> None:
        """ChatStore.close: nothing to release."""

    def __len__(self) -> int:
        return len(self._states)

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self._states


class MemoryQuestionLog:
    """QuestionLog in memory, for a bot run without a database (tests, a quick local try)."""

    def __init__(self, max_records: int = 10_000) -> None:
        self._records: OrderedDict[str, Record] = OrderedDict()
        self._ids = itertools.count(1)
        self.max_records = max_records

    async def add(self, record: Record) -> str:
        record.id = str(next(self._ids))
        self._records[record.id] = record
        if len(self._records) > self.max_records:
            self._records.popitem(last=False)
        return record.id

    async def recent(self, limit: int, unanswered_only: bool = False) -> list[Record]:
        newest = reversed(self._records.values())
        return list(itertools.islice((r for r in newest if r.unanswered or not unanswered_only), limit))

    async def get(self, record_id: str) -> Record | None:
        return self._records.get(record_id)


class MemoryStore:
    """STATE_DB=memory: chat state and the question log in this process only, both bounded, gone at restart.

    For a laptop demo or a load test; a bot in service keeps both in SQLite or Redis.
    """

    def __init__(self, max_chats: int = DEFAULT_MAX_CHATS, max_records: int = 10_000) -> None:
        self.chats = ChatStates(max_chats)
        self.log = MemoryQuestionLog(max_records)

    async def load(self, chat_id: int) -> ChatState:
        """ChatStore.load."""
        return await self.chats.load(chat_id)

    async def save(self, chat_id: int, state: ChatState) -> None:
        """ChatStore.save."""
        await self.chats.save(chat_id, state)

    async def close(self) -> None:
        """ChatStore.close: nothing to release."""

    async def add(self, record: Record) -> str:
        """QuestionLog.add."""
        return await self.log.add(record)

    async def recent(self, limit: int, unanswered_only: bool = False) -> list[Record]:
        """QuestionLog.recent: newest first."""
        return await self.log.recent(limit, unanswered_only)

    async def get(self, record_id: str) -> Record | None:
        """QuestionLog.get."""
        return await self.log.get(record_id)

    def __len__(self) -> int:
        return len(self.chats)

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self.chats
