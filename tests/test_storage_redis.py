"""Redis as the shared store: two bot instances answer one conversation in turns and still follow it."""
from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator

import pytest_asyncio
from telegram import Update

from bot.core import Engine
from bot.questions import Record
from bot.state import ChatState
from bot.storage.redis import RedisStore
from bot.telegram.app import build_application
from bot.telegram.operations import install_operations
from fake_bot_api import FakeBotApi, text_update

CHAT_ID = 31


@pytest_asyncio.fixture
async def redis_store(redis_server: str) -> AsyncIterator[RedisStore]:
    store = RedisStore(redis_server, prefix=f"test-{uuid.uuid4().hex[:8]}:")
    yield store
    await store.close()


async def test_chat_state_round_trips_and_expires_by_ttl(redis_store: RedisStore) -> None:
    state = ChatState(lang="en", role="bookkeeper", category="back-office")
    await redis_store.save(1, state)
    assert await redis_store.load(1) == state
    assert await redis_store.load(2) == ChatState()
    assert 0 < await redis_store.redis.ttl(f"{redis_store.prefix}chat:1") <= redis_store.ttl


async def test_records_live_in_a_capped_stream(redis_store: RedisStore) -> None:
    record_id = await redis_store.add(Record(text="what is a zorblax", intent="out_of_scope", lang="en",
                                             confidence=0.2, fallback=True, user="u"))
    await redis_store.add(Record(text="duties of a cashier", intent="duties", lang="en", confidence=0.9,
                                 fallback=False, user="u"))
    assert [r.text for r in await redis_store.recent(10)] == ["duties of a cashier", "what is a zorblax"]
    assert [r.id for r in await redis_store.recent(10, unanswered_only=True)] == [record_id]
    assert (await redis_store.get(record_id)).text == "what is a zorblax"
    assert await redis_store.get("not-an-id") is None


async def test_two_instances_sharing_redis_follow_one_conversation(
    fake_api: FakeBotApi, engine: Engine, redis_server: str
) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    stores = [RedisStore(redis_server, prefix=prefix) for _ in range(2)]
    apps = [install_operations(build_application(fake_api.token, engine, fake_api.base_url, store=store), store)
            for store in stores]
    ids = itertools.count(1)
    for app in apps:
        await app.initialize()
    try:
        async def ask(app, text: str) -> str:
            before = len(fake_api.sent)
            await app.process_update(Update.de_json(text_update(next(ids), next(ids), CHAT_ID, text), app.bot))
            return " ".join(m["text"] for m in fake_api.sent[before:])

        assert "back office" in (await ask(apps[0], "is a bookkeeper back office?")).lower()
        skills = await ask(apps[1], "and the skills?")          # the other instance knows the role
        assert "Skills checklist: Bookkeeper" in skills
        questions = await ask(apps[0], "and interview questions?")  # and the first sees the second's turn
        assert "Interview questions: Bookkeeper" in questions
        assert len(await stores[1].recent(10)) == 3  # every turn recorded in the shared log
    finally:
        for app, store in zip(apps, stores, strict=True):
            await app.shutdown()
            await store.close()
