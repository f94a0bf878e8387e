"""Choose where state and the question log live, from the settings: Redis if REDIS_URL is set, else SQLite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.storage.memory import MemoryStore
    from bot.storage.redis import RedisStore
    from bot.storage.sqlite import SqliteStore

DAY = 86400


def open_store(settings: Settings) -> RedisStore | SqliteStore | MemoryStore:
    """One object serving as both the ChatStore and the QuestionLog.

    Each store is imported only when chosen: the Redis client costs ~7 MB of memory a SQLite bot never needs.
    """
    ttl = settings.state_ttl_days * DAY
    if settings.in_memory:
        from bot.storage.memory import MemoryStore

        return MemoryStore(settings.officebot_max_chats, min(settings.records_max, 10_000))
    if settings.redis_url:
        from bot.storage.redis import RedisStore

        return RedisStore(settings.redis_url.get_secret_value(), settings.redis_prefix, ttl, settings.records_max)
    from bot.storage.sqlite import SqliteStore

    return SqliteStore(settings.state_db, ttl, settings.records_max)
