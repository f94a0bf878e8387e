"""Logging for a bot in service: text for people, JSON lines (LOG_FORMAT=json) for log collectors.

What must never reach a log at INFO: the bot token (httpx and aiohttp log request URLs, and the Bot API URL
contains the token, so they are held at WARNING) and what users write (our handlers never log message texts;
PTB logs update contents only at DEBUG).
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
QUIET = ("httpx", "httpcore", "aiohttp.access", "aiohttp.client")  # their INFO lines carry URLs with the token


def configure(log_format: str = "text", level: str = "INFO") -> None:
    """Send everything to stderr in the chosen format; replaces handlers set before (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
