"""Per-chat memory: one ChatState per chat, bounded by forgetting the least recently active chat."""
from __future__ import annotations

import logging

import pytest

from bot.telegram.app import configure_logging
from bot.telegram.chats import ChatStates


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


def test_httpx_request_lines_are_not_logged() -> None:
    """httpx logs each request URL, token included, at INFO."""
    configure_logging()
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
