"""Chat state and the question log in Redis, so several bot instances behind one webhook share them.

Each chat is one JSON string under `<prefix>chat:<id>` with a TTL, renewed on every save, so quiet chats
expire on their own. The question log is a Redis stream capped at about `max_records` entries; its entry ids
("1732700000000-0") are short enough to put in a button's callback data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from bot.questions import Record
from bot.state import ChatState

SCAN_PAGE = 500  # stream entries read per round trip when looking for unanswered records
SCAN_LIMIT = 20_000  # never read more than this many entries for one listing


class RedisStore:
    """ChatStore and QuestionLog over one Redis database; `prefix` keeps several bots apart in it."""

    def __init__(
        self, url: str, prefix: str = "officebot:", ttl_seconds: float = 30 * 86400, max_records: int = 100_000
    ) -> None:
        self.redis = Redis.from_url(url, decode_responses=True)
        self.prefix, self.ttl, self.max_records = prefix, int(ttl_seconds), max_records
        self.stream = f"{prefix}records"

    # -- ChatStore --------------------------------------------------------------------------------

    async def load(self, chat_id: int) -> ChatState:
        data = await self.redis.get(self._chat(chat_id))
        return ChatState.from_dict(json.loads(data)) if data else ChatState()

    async def save(self, chat_id: int, state: ChatState) -> None:
        await self.redis.set(self._chat(chat_id), json.dumps(state.to_dict(), ensure_ascii=False), ex=self.ttl)

    async def close(self) -> None:
        await self.redis.aclose()

    def _chat(self, chat_id: int) -> str:
        return f"{self.prefix}chat:{chat_id}"

    # -- QuestionLog ------------------------------------------------------------------------------

    async def add(self, record: Record) -> str:
        data = record.to_dict()
        data.pop("id")
        record.id = _text(
            await self.redis.xadd(
                self.stream, {"r": json.dumps(data, ensure_ascii=False)}, maxlen=self.max_records, approximate=True
            )
        )
        return record.id

    async def recent(self, limit: int, unanswered_only: bool = False) -> list[Record]:
        found: list[Record] = []
        newest, scanned = "+", 0
        while len(found) < limit and scanned < SCAN_LIMIT:
            page = await self.redis.xrevrange(self.stream, max=newest, count=SCAN_PAGE)
            if not page:
                break
            for entry_id, fields in page:
                record = _record(entry_id, fields)
                if record.unanswered or not unanswered_only:
                    found.append(record)
            scanned += len(page)
            newest = f"({record.id}"  # exclusive: continue below the oldest entry seen (the page's last)
        return found[:limit]

    async def get(self, record_id: str) -> Record | None:
        try:
            entries = await self.redis.xrange(self.stream, min=record_id, max=record_id, count=1)
        except ResponseError:  # a malformed id from a stale or forged button
            return None
        return _record(*entries[0]) if entries else None


def _text(value: str | bytes) -> str:
    """A reply as text: the client decodes replies (decode_responses=True), though its types allow bytes."""
    return value if isinstance(value, str) else value.decode()


def _record(entry_id: str | bytes | None, fields: Mapping[str | bytes, str | bytes] | None) -> Record:
    if entry_id is None or fields is None:  # only XCLAIM's deleted entries lack them, never XRANGE's
        raise ValueError(f"stream entry without an id or fields: {entry_id!r}")
    return Record.from_dict({**json.loads(fields["r"]), "id": _text(entry_id)})
