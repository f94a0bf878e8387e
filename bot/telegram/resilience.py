"""Outgoing calls that survive Telegram's bad moments: flood limits, 429s, 5xx errors, timeouts, outages.

python-telegram-bot sends each call once: a 429, a 500 or a dropped connection while answering a user
raises in the handler and the answer is lost. Every call except getUpdates (which PTB's polling loop
retries on its own, backing off up to 30 s) goes through the bot's rate limiter, so that is where
pacing and retrying belong:

* Pacing (ratelimit.py): a call to a chat waits for that chat's slot (about one message a second, 20 a minute
  in a group) and an overall one (about 30 a second), as Telegram asks.
* 429 Too Many Requests: that chat alone is held back for the `retry_after` Telegram asks for, then the call
  is retried (up to `flood_retries` times). Other chats go on meanwhile.
* 5xx, dropped connections, refused connections and timeouts (PTB raises NetworkError or its subclass
  TimedOut for all of them, see request.py): retried with capped exponential backoff, 0.5 s, 1 s, 2 s, ...
  up to 8 s, for about 40 s in all, so a Telegram outage of 10-30 s costs a delay, not answers.
* 400 Bad Request (a NetworkError subclass in PTB) and 403 Forbidden are final: the same call would fail
  again, so they are raised at once to the handler and the error handler.

Every wait is a sleep of the one call that waits, never a lock: with updates of different chats processed
concurrently (processor.py), a chat waiting out a 429, a slow call or a retry delays only its own updates.

The trade-off: a call that timed out *after* Telegram handled it is sent again, so a user can, rarely,
see an answer twice. A duplicate is better than a question left unanswered.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.ratelimit import TELEGRAM_LIMITS, SendLimits, SendPacer, chat_of

logger = logging.getLogger(__name__)

RETRIES = 8  # after the first attempt: 0.5 + 1 + 2 + 4 + 8 + 8 + 8 + 8 = 39.5 s of waiting at most
FIRST_DELAY = 0.5  # seconds before the first retry
MAX_DELAY = 8.0  # the backoff stops doubling here
FLOOD_RETRIES = 5  # 429s honoured for one call before giving up
FLOOD_MARGIN = 0.1  # seconds added to retry_after, as python-telegram-bot's AIORateLimiter does

Result = bool | dict[str, Any] | list[dict[str, Any]]


class ResilientLimiter(BaseRateLimiter[int]):
    """Paces each call to its chat's and the overall limits; retries 429s for that chat alone, and transient
    failures with capped exponential backoff."""

    def __init__(
        self,
        retries: int = RETRIES,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        flood_retries: int = FLOOD_RETRIES,
        limits: SendLimits = TELEGRAM_LIMITS,
    ) -> None:
        self.retries = retries
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.flood_retries = flood_retries
        self.pacer = SendPacer(limits)

    async def initialize(self) -> None:
        """Nothing to set up: the buckets are made as chats come."""

    async def shutdown(self) -> None:
        """Nothing to release."""

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
        """Make the call in its chat's turn; retry 429s and transient failures; raise the last failure."""
        chat_id = chat_of(data)
        failures = 0
        floods = rate_limit_args if rate_limit_args is not None else self.flood_retries
        while True:
            if chat_id is not None:
                await self.pacer.wait_turn(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                if floods <= 0:
                    logger.error("%s: flood control still on after the retries: %s", endpoint, _name(flood))
                    raise
                floods -= 1
                seconds = retry_after_seconds(flood) + FLOOD_MARGIN
                logger.info("%s: flood control, retrying in %.1f s (this chat only)", endpoint, seconds)
                if chat_id is not None:
                    self.pacer.hold(chat_id, seconds)
                else:
                    await asyncio.sleep(seconds)
            except BadRequest:
                raise
            except NetworkError as error:
                if failures >= self.retries:
                    logger.error("%s failed after %d retries: %s", endpoint, self.retries, _name(error))
                    raise
                delay = self.delays()[failures]
                failures += 1
                logger.warning("%s failed (%s); retrying in %.1f s", endpoint, _name(error), delay)
                await asyncio.sleep(delay)


def retry_after_seconds(flood: RetryAfter) -> float:
    """Telegram's retry_after in seconds, whether PTB gives an int (22.x, deprecated) or a timedelta (later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _name(error: Exception) -> str:
    """The error's class and message (PTB's messages carry no URL, so no token)."""
    return f"{type(error).__name__}: {error}"
