"""The default store: chat state and the question log in one SQLite file, surviving restarts, kept bounded."""
from __future__ import annotations

from pathlib import Path

from bot.questions import Record
from bot.state import ChatState
from bot.storage.sqlite import SqliteStore


def record(text: str, fallback: bool = False, confidence: float = 0.9) -> Record:
    return Record(text=text, intent="out_of_scope" if fallback else "skills", lang="en",
                  confidence=confidence, fallback=fallback, user="u1")


async def test_chat_state_survives_closing_and_reopening_the_file(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "state.sqlite3")
    state = ChatState(lang="pl", role="cashier", category="front-office", intent="duties")
    state.remember("czym zajmuje się kasjer?")
    await store.save(5, state)
    await store.close()

    reopened = SqliteStore(tmp_path / "state.sqlite3")
    assert await reopened.load(5) == state
    assert await reopened.load(6) == ChatState()
    await reopened.close()


async def test_a_chat_quiet_for_longer_than_the_ttl_starts_afresh(tmp_path: Path) -> None:
    now = [1000.0]
    store = SqliteStore(tmp_path / "s.db", ttl_seconds=60, clock=lambda: now[0])
    await store.save(1, ChatState(role="cashier"))
    now[0] += 61
    assert await store.load(1) == ChatState()
    store.prune()
    assert store._db.execute("SELECT COUNT(*) FROM chats").fetchone()[0] == 0
    await store.close()


async def test_records_get_ids_and_come_back_newest_first(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.db")
    first = await store.add(record("skills of a cashier"))
    second = await store.add(record("what is a bananaphone", fallback=True))
    assert [r.text for r in await store.recent(10)] == ["what is a bananaphone", "skills of a cashier"]
    assert [r.id for r in await store.recent(10, unanswered_only=True)] == [second]
    assert (await store.get(first)).text == "skills of a cashier"
    assert await store.get("nope") is None and await store.get("999") is None
    await store.close()


async def test_only_the_newest_records_are_kept(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.db", max_records=100)
    for i in range(150):
        await store.add(record(f"question {i}"))
    store.prune()
    kept = await store.recent(1000)
    assert len(kept) == 100 and kept[0].text == "question 149" and kept[-1].text == "question 50"
    await store.close()


async def test_a_restarted_bot_still_follows_the_conversation(fake_api, engine, tmp_path: Path) -> None:
    """Two Applications one after the other on the same file: the follow-up after the restart knows the role."""
    import itertools

    from telegram import Update

    from bot.telegram.app import build_application
    from fake_bot_api import text_update

    ids = itertools.count(1)

    async def session(text: str) -> str:
        store = SqliteStore(tmp_path / "state.sqlite3")
        app = build_application(fake_api.token, engine, fake_api.base_url, store=store)
        await app.initialize()
        before = len(fake_api.sent)
        await app.process_update(Update.de_json(text_update(next(ids), next(ids), 77, text), app.bot))
        await app.shutdown()
        await store.close()
        return " ".join(m["text"] for m in fake_api.sent[before:])

    assert "back office" in (await session("is a bookkeeper back office?")).lower()
    assert "Skills checklist: Bookkeeper" in await session("and the skills?")


async def test_writes_reach_other_readers_within_the_commit_delay(tmp_path: Path) -> None:
    """Writes are grouped into one commit per COMMIT_DELAY; `report` (another connection) then sees them."""
    import asyncio
    import sqlite3

    from bot.storage.sqlite import COMMIT_DELAY

    store = SqliteStore(tmp_path / "s.db")
    await store.add(record("skills of a cashier"))
    await asyncio.sleep(COMMIT_DELAY + 0.2)
    reader = sqlite3.connect(tmp_path / "s.db")
    assert reader.execute("SELECT text FROM records").fetchall() == [("skills of a cashier",)]
    reader.close()
    await store.close()


async def test_record_ids_go_on_after_reopening_the_file(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.db")
    first = await store.add(record("skills of a cashier"))
    await store.close()
    reopened = SqliteStore(tmp_path / "s.db")
    second = await reopened.add(record("is a pilot back office?"))
    assert int(second) > int(first)
    assert [r.id for r in await reopened.recent(10)] == [second, first]
    await reopened.close()


async def test_a_state_saved_moments_ago_is_loaded_before_it_is_written(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.db")
    await store.save(3, ChatState(role="bookkeeper"))
    assert (await store.load(3)).role == "bookkeeper"          # from the pending batch, no flush needed
    await store.close()
