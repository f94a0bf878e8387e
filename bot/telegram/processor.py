"""Updates of different chats processed concurrently, updates of one chat strictly one after the other.

python-telegram-bot processes updates one at a time by default: one chat waiting out a 429, a slow send or a
retry holds every other chat. Its `concurrent_updates` alone would run two updates of one chat at once: answers
out of order, and the chat's state read and written by both. This processor gives each chat a queue of turns:
an update waits for the one before it in the same chat (messages, button taps and commands alike), then for one
of `max_working` places, then runs; updates of other chats never wait for it.

The order is the order of arrival: PTB starts one task per update in the order it takes them off its queue, and
each task takes its place in its chat's queue before its first await. Waiting for a chat's turn costs no working
place, so a chat with a backlog (a busy group paced to 20 messages a minute) cannot fill them up. Application.stop()
(on SIGTERM) waits for every update it has taken, queued or working, so none in flight is lost.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_WORKING = 256  # updates being handled at once (PTB's default for concurrent_updates=True)
MAX_HELD = 1_000_000  # updates taken from PTB's queue, waiting or working: PTB's own bound, far from reached


def chat_key(update: object) -> Hashable | None:
    """What orders an update: its chat; a user for updates without a chat (inline queries, taps under an inline
    message); None for anything else, which needs no order."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return ("user", user.id) if user is not None else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """A BaseUpdateProcessor with one queue of turns per chat and at most `max_working` updates running."""

    def __init__(self, max_working: int = MAX_WORKING, max_held: int = MAX_HELD) -> None:
        super().__init__(max_held)
        if max_working < 1:
            raise ValueError("max_working must be at least 1")
        self.max_working = max_working
        self._working = asyncio.Semaphore(max_working)
        self._last_turn: dict[Hashable, asyncio.Future[None]] = {}  # per chat: the turn of its latest update

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: Application.stop() has waited for every update already."""

    @property
    def chats_in_flight(self) -> int:
        """Chats with an update waiting or working (for tests and logs)."""
        return len(self._last_turn)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this chat's previous update, then for a working place; run; let the chat's next one go."""
        key = chat_key(update)
        if key is None:
            async with self._working:
                await coroutine
            return
        previous = self._last_turn.get(key)
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last_turn[key] = turn
        started = False
        try:
            if previous is not None and not previous.done():
                await asyncio.shield(previous)  # shielded: if this task is cancelled, the previous one is not
            async with self._working:
                started = True
                await coroutine
        finally:
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: it never ran (and must not warn that it was not awaited)
            self._pass_turn(key, previous, turn)

    def _pass_turn(self, key: Hashable, previous: asyncio.Future[None] | None, turn: asyncio.Future[None]) -> None:
        """End this update's turn. If it was cancelled before its predecessor finished, its turn ends only when
        the predecessor's does, so the next update of the chat still never runs beside the predecessor."""
        if previous is not None and not previous.done():
            previous.add_done_callback(lambda _: self._end(key, turn))
        else:
            self._end(key, turn)

    def _end(self, key: Hashable, turn: asyncio.Future[None]) -> None:
        turn.set_result(None)
        if self._last_turn.get(key) is turn:
            del self._last_turn[key]  # the chat is idle: its next update goes at once
