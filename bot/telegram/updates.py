"""Polling that skips an update python-telegram-bot cannot read, instead of stalling on it forever.

PTB parses a getUpdates batch as a whole. If one update does not parse (a field PTB's version requires that
Telegram left out, or the reverse after an API change), the batch raises, the offset is never confirmed, and
PTB asks for the same batch again at once: the bot answers no one, spins a core and floods the log.

Checking every update twice would cost ~0.1 ms each (PTB's parsing is that slow), so this only steps in
when it sees the symptom: getUpdates asked again from the same offset right after it delivered updates
from there. Only an update PTB could not read makes it do that, so then (and only then) each update of the
batch is tried, and the unreadable ones are replaced by a bare {"update_id": N}, which PTB reads as an
update with nothing in it, matched by no handler, and confirms. The skipped update is logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.telegram.request import AiohttpRequest, Timeout

logger = logging.getLogger(__name__)

_NONE_DELIVERED = object()  # no updates were delivered by the last getUpdates


class UpdatesRequest(AiohttpRequest):
    """The getUpdates request: AiohttpRequest, plus skipping updates PTB failed to read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._delivered_from: object = _NONE_DELIVERED  # the offset of the last getUpdates, if it returned updates

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
        status, payload = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if status != 200 or not url.endswith("/getUpdates"):
            return status, payload
        offset = (request_data.parameters if request_data else {}).get("offset")
        asked_again = self._delivered_from is not _NONE_DELIVERED and offset == self._delivered_from
        self._delivered_from = offset if b'"update_id"' in payload else _NONE_DELIVERED
        return status, (readable(payload) if asked_again else payload)


def readable(payload: bytes) -> bytes:
    """The getUpdates answer with every update PTB cannot read replaced by a bare {"update_id": N}."""
    answer = json.loads(payload)
    updates = answer.get("result") or []
    for index, update in enumerate(updates):
        try:
            Update.de_json(update, None)
        except Exception as error:  # noqa: BLE001 - whatever PTB raised, this update cannot be served
            update_id = update.get("update_id") if isinstance(update, dict) else None
            logger.error(
                "Skipping update %s: python-telegram-bot cannot read it (%s: %s)",
                update_id,
                type(error).__name__,
                error,
            )
            updates[index] = {"update_id": update_id}
    return json.dumps(answer).encode()
