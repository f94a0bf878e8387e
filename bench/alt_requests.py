"""Experimental python-telegram-bot requests, for throughput.py --request only: the bot does NOT use them.

  httpx-json  PTB's own HTTPXRequest, but a JSON body instead of a form: skips urllib's per-byte
              quoting of every message text and keyboard (the form encoding is PTB's default).
  aiohttp     a BaseRequest on aiohttp (already a test dependency), with JSON bodies.

Both send files as multipart/form-data, like PTB. Measured, not reviewed for production: read the
numbers in bench/README.md before deciding to adopt one.
"""
from __future__ import annotations

import asyncio
import json

import aiohttp
import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json"}


class HTTPXJsonRequest(HTTPXRequest):
    """HTTPXRequest posting parameters as one JSON document when there are no files to upload."""

    async def do_request(self, url, method, request_data=None, read_timeout=BaseRequest.DEFAULT_NONE,
                         write_timeout=BaseRequest.DEFAULT_NONE, connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE):
        if request_data is None or request_data.contains_files:
            return await super().do_request(url, method, request_data, read_timeout, write_timeout,
                                            connect_timeout, pool_timeout)
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
                method=method, url=url, content=body, timeout=timeout,
                headers={"User-Agent": self.USER_AGENT, **JSON_HEADERS},
            )
        except httpx.TimeoutException as error:
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, response.content


class AiohttpRequest(BaseRequest):
    """A BaseRequest on one aiohttp ClientSession; PTB's default timeouts (5 s), JSON bodies."""

    def __init__(self, connection_pool_size: int = 256, timeout: float = 5.0) -> None:
        self._pool_size = connection_pool_size
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size), headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url, method, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE, pool_timeout=BaseRequest.DEFAULT_NONE):
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_connect=self._timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            sock_read=self._timeout if isinstance(read_timeout, DefaultValue) else read_timeout,
        )
        headers, data = None, None
        if request_data is not None and request_data.contains_files:
            data = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                data.add_field(name, value)
            for name, (filename, content, mimetype) in request_data.multipart_data.items():
                data.add_field(name, content, filename=filename, content_type=mimetype)
        elif request_data is not None:
            headers, data = JSON_HEADERS, json.dumps(request_data.parameters).encode()
        try:
            async with self._session.request(method, url, data=data, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def make(kind: str) -> BaseRequest:
    """A fresh request object of this kind (PTB needs two: one for getUpdates, one for the rest)."""
    if kind == "httpx-json":
        return HTTPXJsonRequest(connection_pool_size=256)
    if kind == "aiohttp":
        return AiohttpRequest()
    raise ValueError(f"unknown request kind {kind!r}: httpx-json or aiohttp")
