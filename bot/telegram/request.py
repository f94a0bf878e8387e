"""python-telegram-bot's HTTP calls over aiohttp instead of its default httpx.

Measured here (bench/README.md): with the default request the bot reached 0.45-0.69 of a bare echo bot's rate,
most of the gap being httpx's per-byte form encoding of our longer HTML replies and keyboards; over aiohttp with
JSON bodies it reaches about 0.85. PTB accepts any BaseRequest, which must implement `read_timeout`,
`initialize`, `shutdown` and `do_request`.
"""

from __future__ import annotations

import json
from typing import TypeAlias

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json"}
DEFAULT_TIMEOUT = 5.0  # seconds, PTB's own default for connect and read
# A timeout do_request is given: seconds, None (no limit), or a DefaultValue standing for "the request's own"
# (PTB's ODVInput[float]).
Timeout: TypeAlias = float | DefaultValue[float] | DefaultValue[None] | None


class AiohttpRequest(BaseRequest):
    """One aiohttp session; parameters go as a JSON body, uploads (documents) as multipart/form-data."""

    def __init__(self, connection_pool_size: int = 256, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._pool_size = connection_pool_size
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        write_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        connect_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        pool_timeout: Timeout = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one Bot API call; network failures become PTB's NetworkError/TimedOut, which it retries."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_connect=self._timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            sock_read=self._timeout if isinstance(read_timeout, DefaultValue) else read_timeout,
        )
        headers, body = _body(request_data)
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _body(request_data: RequestData | None) -> tuple[dict[str, str] | None, bytes | aiohttp.FormData | None]:
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return JSON_HEADERS, json.dumps(request_data.parameters).encode()
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return None, form
