"""Outgoing calls that survive Telegram's bad moments: flood control, 5xx errors, timeouts, outages.

python-telegram-bot sends each call once: a 429, a 500 or a dropped connection while answering a user
raises in the handler and the answer is lost. Every call except getUpdates (which PTB's polling loop
retries on its own, backing off up to 30 s) goes through the bot's rate limiter, so that is where
retrying belongs:

* 429 Too Many Requests: PTB's AIORateLimiter waits the `retry_after` Telegram asks for, holding back
  *every* call meanwhile, then retries (up to `flood_retries` times).
* 5xx, dropped connections, refused connections and timeouts (PTB raises NetworkError or its subclass
  TimedOut for all of them, see request.py): retried with capped exponential backoff, 0.5 s, 1 s, 2 s, ...
  up to 8 s, for about 40 s in all, so a Telegram outage of 10-30 s costs a delay, not answers.
* 400 Bad Request (a NetworkError subclass in PTB) and 403 Forbidden are final: the same call would fail
  again, so they are raised at once to the handler and the error handler.

The trade-off: a call that timed out *after* Telegram handled it is sent again, so a user can, rarely,
see an answer twice. A duplicate is better than a question left unanswered.

No overall rate cap is set: Telegram's ~30 messages/s is a broadcast limit that it enforces with 429s,
which are honoured here; capping in advance would hold a busy bot to 30 answers/s even when Telegram
would take more. Groups keep AIORateLimiter's default of 20 messages a minute.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter, BaseRateLimiter

logger = logging.getLogger(__name__)

RETRIES = 8             # after the first attempt: 0.5 + 1 + 2 + 4 + 8 + 8 + 8 + 8 = 39.5 s of waiting at most
FIRST_DELAY = 0.5       # seconds before the first retry
MAX_DELAY = 8.0         # the backoff stops doubling here
FLOOD_RETRIES = 5       # 429s honoured for one call before giving up

Result = bool | dict[str, Any] | list[dict[str, Any]]


class ResilientLimiter(BaseRateLimiter[int]):
    """AIORateLimiter for 429s, wrapped in retries with capped exponential backoff for transient failures."""

    def __init__(
        self,
        retries: int = RETRIES,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        flood_retries: int = FLOOD_RETRIES,
    ) -> None:
        self.retries = retries
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._flood = AIORateLimiter(overall_max_rate=0, max_retries=flood_retries)

    async def initialize(self) -> None:
        await self._flood.initialize()

    async def shutdown(self) -> None:
        await self._flood.shutdown()

    def delays(self) -> list[float]:
        """The waits between attempts: doubling from `first_delay`, capped at `max_delay`."""
        return [min(self.first_delay * 2**attempt, self.max_delay) for attempt in range(self.retries)]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Make the call; retry transient failures after each delay; raise the last failure if none worked."""
        for delay in [*self.delays(), None]:
            try:
                return await self._flood.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                if delay is None:
                    logger.error("%s failed after %d retries: %s", endpoint, self.retries, _name(error))
                    raise
                logger.warning("%s failed (%s); retrying in %.1f s", endpoint, _name(error), delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _name(error: Exception) -> str:
    """The error's class and message (PTB's messages carry no URL, so no token)."""
    return f"{type(error).__name__}: {error}"
