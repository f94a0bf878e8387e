"""`python -m bot run` with every answer known in advance: its Engine answers each (text, language) the second
time without understanding it. Not the bot (it ignores the chat's context), but everything around the engine as
the bot runs it: PTB, aiohttp, the per-chat processor, the limits, state, the question log, rendering and the
lean sending. For throughput.py --kinds ...,adapter: adapter - fast is what the Telegram side costs beyond the echo
bot's, bot - adapter is what understanding and answering cost.

    python bench/answers_known.py        # in the bot's tree, as `python -m bot run`
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

import common  # noqa: F401  (puts the project root on sys.path, for -m bot)
from bot.core import Engine, Turn


def main() -> None:
    understood = Engine.handle
    known: dict[tuple[str, str | None], Turn] = {}

    def handle(self: Engine, text: str, state: Any, user_lang: str | None = None) -> Turn:
        key = (text, user_lang)
        if key not in known:
            known[key] = understood(self, text, state, user_lang)
        return known[key]

    Engine.handle = handle  # type: ignore[method-assign]
    sys.argv = ["bot", "run"]
    runpy.run_module("bot", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
