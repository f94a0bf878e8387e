"""Webhook mode: a small aiohttp server that Telegram (or a reverse proxy in front of it) POSTs updates to.

POST <path> checks Telegram's X-Telegram-Bot-Api-Secret-Token header against WEBHOOK_SECRET (403 and nothing
processed otherwise) and puts the update on the Application's queue; GET /healthz answers 200 for load
balancers and systemd/container health checks. Stopping closes the listener first, then lets the Application
finish the updates already queued (Application.stop processes pending updates), so none is lost on SIGTERM.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from typing import TYPE_CHECKING

from aiohttp import web
from telegram import Update

if TYPE_CHECKING:
    from bot.telegram.app import AnyApplication

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
HEALTH_PATH = "/healthz"
SHUTDOWN_TIMEOUT = 10.0  # seconds aiohttp waits for requests in progress when stopping


class WebhookServer:
    """Serve `application` on listen:port at `path`; start() and stop() around the Application's own."""

    def __init__(self, application: AnyApplication, listen: str, port: int, path: str, secret: str) -> None:
        if not SECRET_PATTERN.fullmatch(secret):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        self.application, self.listen, self.port = application, listen, port
        self.path = path or "/"
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post(self.path, self.receive)
        app.router.add_get(HEALTH_PATH, self.health)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app(), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # the real port when 0 asked for a free one
        logger.info("Serving the webhook on %s:%d", self.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def receive(self, request: web.Request) -> web.Response:
        """One update from Telegram: verify the secret, then queue it for the Application."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            logger.warning("Webhook request refused: missing or wrong secret token")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), self.application.bot)
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError):
            update = None
        if update is None:
            logger.warning("Webhook request refused: not an update")
            return web.Response(status=400)
        await self.application.update_queue.put(update)
        return web.Response(status=200)

    async def health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")
