"""Pacing of outgoing messages to Telegram's limits, per chat, so that one chat's wait is nobody else's.

Telegram asks a bot to send about one message a second to one chat (short bursts allowed), at most 20 a minute
to one group, and about 30 a second in all; past that it answers 429 with `retry_after`. `SendPacer` keeps a
bucket for each of these and tells each call how long to wait before it may go. Waiting is a plain sleep of the
call that must wait: no lock is held, so a chat waiting out its own limit or a 429 holds up no other chat.

Each bucket is a GCRA ("generic cell rate algorithm", the virtual-scheduling form of a token bucket): one
number per bucket, the time its next call is due, reserved in the order calls ask, so calls of one chat keep
their order and a burst spreads evenly. A 429 for one chat holds that chat alone until `retry_after` has passed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

CHAT_BURST = 3  # messages a chat may get at once before the one-a-second pace applies (a split answer, taps)
SWEEP_AT = 4096  # buckets kept before the idle ones are dropped (an idle bucket is the same as a new one)


@dataclass(frozen=True)
class SendLimits:
    """Telegram's flood limits as the bot keeps them; 0 turns a limit off (a server without them, a benchmark)."""

    per_second: float = 30.0  # every message the bot sends, all chats together
    chat_per_second: float = 1.0  # to one chat (private or group)
    group_per_minute: float = 20.0  # to one group or channel, on top of the chat pace

    @classmethod
    def off(cls) -> SendLimits:
        return cls(0.0, 0.0, 0.0)


TELEGRAM_LIMITS = SendLimits()


class Pace:
    """At most `rate` calls a second on average, `burst` of them at once: a GCRA bucket."""

    __slots__ = ("_due", "interval", "tolerance")

    def __init__(self, rate: float, burst: float) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (max(burst, 1.0) - 1.0) * self.interval
        self._due = 0.0  # when the next call would be on time if none came early (GCRA's "TAT")

    def reserve(self, now: float) -> float:
        """Take the next slot; return how many seconds from `now` the call must wait for it (0: go now)."""
        due = max(self._due, now)
        self._due = due + self.interval
        return max(0.0, due - self.tolerance - now)

    def idle(self, now: float) -> bool:
        """Whether the bucket is full again, i.e. no different from a new one."""
        return self._due <= now


class SendPacer:
    """The buckets of every chat and group and the overall one, plus the chats a 429 is holding back."""

    def __init__(
        self,
        limits: SendLimits = TELEGRAM_LIMITS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """`clock` and `sleep` are injectable so tests can run a minute of pacing without waiting for it."""
        self.limits, self.clock, self.sleep = limits, clock, sleep
        self._overall = Pace(limits.per_second, limits.per_second) if limits.per_second > 0 else None
        self._chats: dict[int | str, Pace] = {}
        self._groups: dict[int | str, Pace] = {}
        self._held: dict[int | str, float] = {}  # chat -> when its 429 ends

    async def wait_turn(self, chat_id: int | str) -> None:
        """Sleep until a message to `chat_id` may go: after any 429 hold on it, then its chat and group slots,
        then an overall slot. Slots are reserved one after the other, so a chat waiting for its own slot does
        not take an overall one that another chat could use meanwhile."""
        await self._wait_hold(chat_id)
        for pace in (self._chat_pace(chat_id), self._group_pace(chat_id), self._overall):
            if pace is not None:
                delay = pace.reserve(self.clock())
                if delay > 0:
                    await self.sleep(delay)
        await self._wait_hold(chat_id)  # a 429 for this chat may have come while it waited for a slot

    def hold(self, chat_id: int | str, seconds: float) -> None:
        """Telegram answered 429 for this chat: nothing more goes to it for `seconds` (other chats go on)."""
        if len(self._held) >= SWEEP_AT:
            _drop_past(self._held, self.clock())
        until = self.clock() + seconds
        self._held[chat_id] = max(until, self._held.get(chat_id, 0.0))

    def held_until(self, chat_id: int | str) -> float | None:
        """When the 429 holding this chat ends (None: not held)."""
        return self._held.get(chat_id)

    def __len__(self) -> int:
        """Buckets kept in memory (chats and groups), for the tests that check they stay bounded."""
        return len(self._chats) + len(self._groups)

    async def _wait_hold(self, chat_id: int | str) -> None:
        until = self._held.get(chat_id)
        while until is not None and until > self.clock():
            await self.sleep(until - self.clock())
            until = self._held.get(chat_id)  # a later 429 may have moved it

    def _chat_pace(self, chat_id: int | str) -> Pace | None:
        rate = self.limits.chat_per_second
        return self._pace(self._chats, chat_id, rate, CHAT_BURST) if rate > 0 else None

    def _group_pace(self, chat_id: int | str) -> Pace | None:
        rate = self.limits.group_per_minute
        if rate <= 0 or not is_group(chat_id):
            return None
        return self._pace(self._groups, chat_id, rate / 60.0, rate)  # a minute's worth at once, as Telegram counts

    def _pace(self, paces: dict[int | str, Pace], chat_id: int | str, rate: float, burst: float) -> Pace:
        pace = paces.get(chat_id)
        if pace is None:
            if len(paces) >= SWEEP_AT:
                _drop_idle(paces, self.clock())
            pace = paces[chat_id] = Pace(rate, burst)
        return pace


def is_group(chat_id: int | str) -> bool:
    """Groups, supergroups and channels have negative ids (or an @username, for a channel)."""
    return isinstance(chat_id, str) or chat_id < 0


def chat_of(data: dict[str, object]) -> int | str | None:
    """The chat a Bot API call sends to (its `chat_id` parameter), None for calls that go to no chat."""
    chat_id = data.get("chat_id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int | str):
        return None
    if isinstance(chat_id, str):
        try:
            return int(chat_id)
        except ValueError:
            return chat_id
    return chat_id


def _drop_idle(paces: dict[int | str, Pace], now: float) -> None:
    for chat_id in [key for key, pace in paces.items() if pace.idle(now)]:
        del paces[chat_id]


def _drop_past(held: dict[int | str, float], now: float) -> None:
    for chat_id in [key for key, until in held.items() if until <= now]:
        del held[chat_id]
