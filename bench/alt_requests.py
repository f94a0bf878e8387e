"""python-telegram-bot requests that bench/with_request.py can force onto any bot, for throughput.py --request.

httpx       PTB's default: HTTPXRequest, pool of 256 (1 for getUpdates), as Application.builder() makes it
            when no request is given. Forced onto `python -m bot run`, it shows what the bot's own
            aiohttp request gains.
aiohttp     the bot's own request, bot.telegram.request.AiohttpRequest (JSON bodies); forced onto the
            echo bots, it compares them with the bot on the same HTTP client.
httpx-json  experiment, not used by anything: PTB's HTTPXRequest with a JSON body instead of a form,
            which skips urllib's per-byte quoting of every message text and keyboard. Files still go
            as multipart/form-data.
"""

from __future__ import annotations

import json

import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest

import common  # noqa: F401  (puts the project root on sys.path, for bot.telegram.request)
from bot.telegram.request import JSON_HEADERS, AiohttpRequest

KINDS = ("httpx", "aiohttp", "httpx-json")


class HTTPXJsonRequest(HTTPXRequest):
    """HTTPXRequest posting parameters as one JSON document when there are no files to upload."""

    async def do_request(
        self,
        url,
        method,
        request_data=None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ):
        if request_data is None or request_data.contains_files:
            return await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        timeouts = self._client.timeout
        timeout = httpx.Timeout(
            connect=timeouts.connect if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            read=timeouts.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=timeouts.write if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=timeouts.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )
        body = json.dumps(request_data.parameters).encode()
        try:
            response = await self._client.request(
                method=method,
                url=url,
                content=body,
                timeout=timeout,
                headers={"User-Agent": self.USER_AGENT, **JSON_HEADERS},
            )
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, response.content


def make(kind: str, get_updates: bool = False) -> BaseRequest:
    """A fresh request object of this kind (PTB needs two: one for getUpdates, one for the rest)."""
    if kind == "httpx":
        return HTTPXRequest(connection_pool_size=1 if get_updates else 256)  # ApplicationBuilder's defaults
    if kind == "aiohttp":
        return AiohttpRequest()  # as bot/telegram/app.py builds it, for both
    if kind == "httpx-json":
        return HTTPXJsonRequest(connection_pool_size=256)
    raise ValueError(f"unknown request kind {kind!r}: {', '.join(KINDS)}")
