"""Per-chat memory: one ChatState per chat, bounded by forgetting the least recently active chat."""
from __future__ import annotations

import pytest

from bot.state import ChatState
from bot.storage.memory import ChatStates, MemoryStore


def test_same_chat_same_state_other_chat_other_state() -> None:
    chats = ChatStates()
    assert chats.get(1) is chats.get(1)
    assert chats.get(1) is not chats.get(2)


def test_least_recently_used_chat_is_forgotten_first() -> None:
    chats = ChatStates(max_chats=2)
    first = chats.get(1)
    chats.get(2)
    assert chats.get(1) is first  # chat 1 is now the most recent
    chats.get(3)  # evicts chat 2
    assert len(chats) == 2
    assert 1 in chats and 3 in chats and 2 not in chats


def test_the_bound_is_kept_under_many_chats() -> None:
    chats = ChatStates(max_chats=100)
    for chat_id in range(10_000):
        chats.get(chat_id)
    assert len(chats) == 100
    assert 9_999 in chats and 0 not in chats


def test_a_bound_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        ChatStates(max_chats=0)



async def test_load_gives_the_live_state_and_save_keeps_a_new_one() -> None:
    chats = ChatStates()
    state = await chats.load(7)
    state.role = "cashier"
    assert (await chats.load(7)).role == "cashier"
    await chats.save(8, ChatState(lang="pl"))
    assert (await chats.load(8)).lang == "pl"


def test_state_survives_a_round_trip_through_plain_data() -> None:
    state = ChatState(lang="pl", role="bookkeeper", category="back", intent="skills")
    state.remember("a jakie umiejętności?")
    assert ChatState.from_dict(state.to_dict() | {"from_a_newer_version": 1}) == state


async def test_the_memory_store_keeps_a_bounded_question_log_too() -> None:
    from bot.questions import Record
    store = MemoryStore(max_chats=2, max_records=3)
    ids = [await store.add(Record(text=f"q{i}", intent="out_of_scope", lang="en", confidence=0.5, fallback=False))
           for i in range(5)]
    assert [r.text for r in await store.recent(10)] == ["q4", "q3", "q2"]
    assert await store.get(ids[0]) is None and (await store.get(ids[-1])).text == "q4"


async def test_the_memory_store_keeps_chat_state_bounded() -> None:
    store = MemoryStore(max_chats=2)
    for chat_id in (1, 2, 3):
        state = await store.load(chat_id)
        state.role = "cashier"
        await store.save(chat_id, state)
    assert len(store) == 2 and 1 not in store and (await store.load(3)).role == "cashier"


def test_plain_data_names_every_field_of_the_state() -> None:
    """to_dict is written out by hand for speed: a new ChatState field must be added there too."""
    from dataclasses import fields
    assert set(ChatState().to_dict()) == {f.name for f in fields(ChatState)}
