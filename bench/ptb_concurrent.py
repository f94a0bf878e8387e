"""Run a bot with python-telegram-bot's own `concurrent_updates(True)` forced on, without touching its code.

    python bench/ptb_concurrent.py -m bot run        (from the tree whose `bot` should run)

For bench/scenarios.py: the bot as it was before per-chat processing, with PTB's switch alone, to show why that
switch is no fix (one chat's answers out of order, its state read and written by two updates at once).
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

from telegram.ext import ApplicationBuilder


def main() -> None:
    if sys.argv[1:3] != ["-m", "bot"]:
        raise SystemExit(__doc__)
    build = ApplicationBuilder.build

    def build_concurrent(self: ApplicationBuilder, *args: Any, **kwargs: Any) -> Any:  # type: ignore[type-arg]
        self.concurrent_updates(True)
        return build(self, *args, **kwargs)

    ApplicationBuilder.build = build_concurrent  # type: ignore[method-assign]
    sys.argv = ["bot", *sys.argv[3:]]
    sys.path.insert(0, "")  # the current directory's `bot`, as `python -m bot` would find it
    runpy.run_module("bot", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
