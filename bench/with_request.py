"""Run a PTB bot with a request from alt_requests.py forced onto it, without touching the bot's code.

    python bench/with_request.py {httpx|aiohttp|httpx-json} -m bot run
    python bench/with_request.py {httpx|aiohttp|httpx-json} bench/echo_bot.py [--replies FILE]

Patches ExtBot.__init__ so that every bot (PTB's own, built by ApplicationBuilder, and officebot's OfficeBot,
built in bot/telegram/app.py) gets that request for getUpdates and for all other calls, replacing whatever the
bot's code set (e.g. officebot's AiohttpRequest), then runs the module or script as `__main__`.
For throughput.py --request.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

from telegram.ext import ExtBot

import common  # noqa: F401  (puts the project root on sys.path, for -m bot)
from alt_requests import KINDS, make


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    kind, target = sys.argv[1], sys.argv[2:]
    if kind not in KINDS:
        raise SystemExit(f"unknown request {kind!r}: {', '.join(KINDS)}")
    original_init = ExtBot.__init__

    def init_with_request(self: ExtBot, *args: Any, **kwargs: Any) -> None:
        kwargs["request"], kwargs["get_updates_request"] = make(kind), make(kind, get_updates=True)
        original_init(self, *args, **kwargs)

    ExtBot.__init__ = init_with_request  # type: ignore[method-assign]
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = target
        runpy.run_path(target[0], run_name="__main__")


if __name__ == "__main__":
    main()
