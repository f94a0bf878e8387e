"""Pacing what the bot sends to Telegram's limits (bot/telegram/ratelimit.py), on a clock the test moves.

Each test sends to chats as a busy bot would and reads *when* each message was allowed to go on the fake
clock: the pacing is exact arithmetic there, so no test waits or measures real time.
"""

from __future__ import annotations

import pytest

from bot.telegram.ratelimit import SWEEP_AT, TELEGRAM_LIMITS, SendLimits, SendPacer, chat_of, is_group

PRIVATE, OTHER_PRIVATE, GROUP = 42, 43, -100123


class FakeTime:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer(limits: SendLimits = TELEGRAM_LIMITS) -> tuple[SendPacer, FakeTime]:
    time = FakeTime()
    return SendPacer(limits, clock=time.clock, sleep=time.sleep), time


async def send_times(pacer: SendPacer, time: FakeTime, chats: list[int | str]) -> list[float]:
    """Send one message to each of `chats`, one after the other; when (from the start) each could go."""
    start, times = time.now, []
    for chat in chats:
        await pacer.wait_turn(chat)
        times.append(round(time.now - start, 3))
    return times


async def test_a_chat_gets_three_messages_at_once_then_one_a_second() -> None:
    limiter, time = pacer()
    assert await send_times(limiter, time, [PRIVATE] * 6) == [0, 0, 0, 1, 2, 3]


async def test_a_group_gets_twenty_messages_a_minute() -> None:
    limiter, time = pacer(SendLimits(per_second=30, chat_per_second=0, group_per_minute=20))
    times = await send_times(limiter, time, [GROUP] * 23)
    assert times[:20] == [0] * 20 and times[20:] == [3, 6, 9]


async def test_a_busy_group_does_not_slow_a_private_chat() -> None:
    limiter, time = pacer()
    await send_times(limiter, time, [GROUP] * 25)  # the group's slots are taken for the next minute
    assert await send_times(limiter, time, [PRIVATE, OTHER_PRIVATE]) == [0, 0]


async def test_all_chats_together_get_thirty_messages_a_second() -> None:
    limiter, time = pacer()
    times = await send_times(limiter, time, list(range(1, 46)))  # 45 different chats
    assert times[:30] == [0] * 30 and times[-1] == pytest.approx(0.5)


async def test_a_429_holds_back_its_own_chat_only() -> None:
    limiter, time = pacer()
    limiter.hold(PRIVATE, 5.0)
    assert await send_times(limiter, time, [OTHER_PRIVATE]) == [0]
    assert await send_times(limiter, time, [PRIVATE]) == [5]


async def test_a_429_that_comes_while_a_message_waits_for_its_slot_is_honoured() -> None:
    limiter, time = pacer()
    await send_times(limiter, time, [PRIVATE] * 3)  # the burst is used up: the next waits a second

    async def flood_meanwhile(seconds: float) -> None:
        limiter.sleep = time.sleep
        limiter.hold(PRIVATE, 10.0)  # Telegram refused an earlier call while this one was waiting
        await time.sleep(seconds)

    limiter.sleep = flood_meanwhile
    start = time.now
    await limiter.wait_turn(PRIVATE)
    assert time.now - start >= 10.0


async def test_limits_that_are_off_never_wait() -> None:
    limiter, time = pacer(SendLimits.off())
    assert await send_times(limiter, time, [PRIVATE] * 50 + [GROUP] * 50) == [0] * 100


async def test_memory_stays_bounded_by_the_chats_that_are_busy() -> None:
    limiter, time = pacer()
    for chat in range(3 * SWEEP_AT):
        await limiter.wait_turn(chat)
        time.now += 0.05  # 20 chats a second: each chat's bucket is full again long before the sweep
    assert len(limiter) <= SWEEP_AT


@pytest.mark.parametrize(
    ("data", "chat"),
    [({"chat_id": 42}, 42), ({"chat_id": "-100123"}, -100123), ({"chat_id": "@channel"}, "@channel"), ({}, None)],
)
def test_the_chat_of_a_call_is_its_chat_id(data: dict[str, object], chat: int | str | None) -> None:
    assert chat_of(data) == chat


def test_groups_and_channels_are_told_from_private_chats() -> None:
    assert is_group(-100123) and is_group("@channel") and not is_group(42)
