"""Chat state and the question log in one SQLite file: the default store, kept across restarts.

Standard-library sqlite3, called directly from the event loop. Writes are the cost, so they are batched: a
saved state and a new record wait in memory (loads see them there) and a flush COMMIT_DELAY after the first one
writes them all with executemany in one transaction (a crash loses at most that much of state and log; reads of
the log and close() flush first). Record ids are given here, from the table's highest id at start, so add()
can return one without waiting for the database: one bot process writes the file (several instances share
Redis instead). WAL mode lets `python -m bot report` read while the bot writes. Both tables stay bounded: chats
quiet for longer than the TTL are forgotten, and only the newest `max_records` records are kept.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.questions import DECLINED, LOW_CONFIDENCE, Record
from bot.state import ChatState

PRUNE_EVERY = 500  # writes between two clean-ups of expired chats and old records
COMMIT_DELAY = 0.05  # seconds from the first uncommitted write to the commit that includes it

SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (chat_id INTEGER PRIMARY KEY, state TEXT NOT NULL, updated REAL NOT NULL);
CREATE INDEX IF NOT EXISTS chats_updated ON chats (updated);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, user TEXT NOT NULL, lang TEXT NOT NULL,
    intent TEXT NOT NULL, role TEXT, category TEXT, unknown_role TEXT, confidence REAL NOT NULL,
    fallback INTEGER NOT NULL, text TEXT NOT NULL);
"""
COLUMNS = ("time", "user", "lang", "intent", "role", "category", "unknown_role", "confidence", "fallback", "text")


class SqliteStore:
    """ChatStore and QuestionLog over one SQLite file (created, with its directory, when missing)."""

    def __init__(
        self,
        path: Path | str,
        ttl_seconds: float = 30 * 86400,
        max_records: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl, self.max_records, self.clock = ttl_seconds, max_records, clock
        self._db = sqlite3.connect(self.path, isolation_level=None)  # autocommit: one statement, one write
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._writes = 0
        self._commit_timer: asyncio.TimerHandle | None = None
        self._states: dict[int, tuple[ChatState, float]] = {}  # saved since the last flush, with the time
        self._records: list[list[object]] = []  # added since the last flush, id first
        self._last_id = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]

    # -- ChatStore --------------------------------------------------------------------------------

    async def load(self, chat_id: int) -> ChatState:
        pending = self._states.get(chat_id)
        if pending is not None:
            state, saved = pending
            return state if saved >= self.clock() - self.ttl else ChatState()
        row = self._db.execute("SELECT state, updated FROM chats WHERE chat_id = ?", (chat_id,)).fetchone()
        if row is None or row[1] < self.clock() - self.ttl:
            return ChatState()
        return ChatState.from_dict(json.loads(row[0]))

    async def save(self, chat_id: int, state: ChatState) -> None:
        self._states[chat_id] = (state, self.clock())
        self._schedule()

    async def close(self) -> None:
        self.commit()
        self._db.close()

    # -- QuestionLog ------------------------------------------------------------------------------

    async def add(self, record: Record) -> str:
        self._last_id += 1
        record.id = str(self._last_id)
        self._records.append([self._last_id, *(getattr(record, column) for column in COLUMNS)])
        self._schedule()
        return record.id

    async def recent(self, limit: int, unanswered_only: bool = False) -> list[Record]:
        self.commit()
        declined = ", ".join(f"'{intent}'" for intent in DECLINED)
        where = (
            f"WHERE fallback = 1 OR confidence < {LOW_CONFIDENCE} OR intent IN ({declined}) OR unknown_role IS NOT NULL"
            if unanswered_only
            else ""
        )  # the same test as Record.unanswered, in SQL
        rows = self._db.execute(
            f"SELECT id, {', '.join(COLUMNS)} FROM records {where} ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_record(row) for row in rows]

    async def get(self, record_id: str) -> Record | None:
        if not record_id.isdigit():
            return None
        self.commit()
        row = self._db.execute(
            f"SELECT id, {', '.join(COLUMNS)} FROM records WHERE id = ?", (int(record_id),)
        ).fetchone()
        return _record(row) if row else None

    # -- housekeeping -----------------------------------------------------------------------------

    def prune(self) -> None:
        """Forget chats quiet for longer than the TTL and all but the newest `max_records` records."""
        self.commit()
        self._db.execute("DELETE FROM chats WHERE updated < ?", (self.clock() - self.ttl,))
        self._db.execute("DELETE FROM records WHERE id <= (SELECT MAX(id) FROM records) - ?", (self.max_records,))

    def commit(self) -> None:
        """Write what is pending in one transaction: durable, and visible to other connections (`report`)."""
        if self._commit_timer is not None:
            self._commit_timer.cancel()
            self._commit_timer = None
        if not self._states and not self._records:
            return
        states = [
            (chat_id, json.dumps(state.to_dict(), ensure_ascii=False), saved)
            for chat_id, (state, saved) in self._states.items()
        ]
        records, self._states, self._records = self._records, {}, []
        with self._db:  # one transaction; rolled back (and raised) if a statement fails
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO chats (chat_id, state, updated) VALUES (?, ?, ?) ON CONFLICT(chat_id) "
                "DO UPDATE SET state = excluded.state, updated = excluded.updated",
                states,
            )
            self._db.executemany(
                f"INSERT INTO records (id, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
                records,
            )
        self._writes += len(states) + len(records)
        if self._writes >= PRUNE_EVERY:
            self._writes = 0
            self.prune()

    def _schedule(self) -> None:
        """Flush COMMIT_DELAY after the first pending write."""
        if self._commit_timer is None:
            self._commit_timer = asyncio.get_running_loop().call_later(COMMIT_DELAY, self.commit)


def _record(row: tuple[Any, ...]) -> Record:
    data = dict(zip(("id", *COLUMNS), row, strict=True))
    data["id"], data["fallback"] = str(data["id"]), bool(data["fallback"])
    return Record.from_dict(data)
