"""Per-user rate limit: a burst beyond N messages in W seconds gets one polite "slow down", the rest are dropped.

Runs first (group -2), before any work is done for the update. Counting is per instance: with several instances
behind one webhook each allows N, which still bounds a flood; the outgoing side (Telegram's 429s) is handled by
python-telegram-bot's rate limiter.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.handlers import engine_of, user_lang

LIMIT_KEY = "user_limit"  # application.bot_data key of the UserRateLimit
LIMIT_GROUP = -2  # handler group: before admin commands (-1) and the conversation (0)
FORGET_EVERY = 1000  # checks between two sweeps of users who went quiet


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first message over the limit: say "slow down" once
    DROP = "drop"  # further messages over the limit: no answer, no work


class UserRateLimit:
    """A sliding window of each user's accepted messages; the clock is injectable so tests need not wait."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._accepted: dict[int, deque[float]] = {}
        self._warned: set[int] = set()
        self._checks = 0

    def check(self, user_id: int) -> Verdict:
        now = self.clock()
        self._checks += 1
        if self._checks % FORGET_EVERY == 0:
            self._forget_quiet(now)
        times = self._accepted.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(user_id)
            return Verdict.ALLOW
        if user_id in self._warned:
            return Verdict.DROP
        self._warned.add(user_id)
        return Verdict.WARN

    def _forget_quiet(self, now: float) -> None:
        """Keep memory bounded by the users active within the window."""
        for user_id in [u for u, times in self._accepted.items() if not times or times[-1] <= now - self.window]:
            del self._accepted[user_id]
            self._warned.discard(user_id)

    def __len__(self) -> int:
        return len(self._accepted)


async def limit_users(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let the update through, or stop it here: with one "slow down" for the first one over the limit."""
    limiter: UserRateLimit | None = context.bot_data.get(LIMIT_KEY)
    user = update.effective_user
    if limiter is None or user is None or limiter.limit <= 0:
        return
    verdict = limiter.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, engine_of(context).ui("slow_down", user_lang(update)))
    raise ApplicationHandlerStop
