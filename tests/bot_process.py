"""`python -m bot run` as a real process against the fake Bot API server, for end-to-end tests."""
from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fake_bot_api import FakeBotApi

START_TIMEOUT = 15.0  # interpreter + telegram + knowledge base, without .pyc files, on a busy machine


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@asynccontextmanager
async def running_bot(server: FakeBotApi, project_root: Path, folder: Path, **settings: str
                      ) -> AsyncIterator[BotProcess]:
    """Start the bot (with extra environment `settings`), wait until it polls, yield it; then SIGTERM it and
    require a clean exit (code 0)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_BASE_URL": server.base_url,
           "PYTHONUNBUFFERED": "1", **settings}
    log = folder / "bot.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=project_root, env=env, stdout=output, stderr=output)
    bot = BotProcess(process, log)
    try:
        await server.wait_while_running(process, lambda: "getUpdates" in server.methods(), START_TIMEOUT, bot.output)
        yield bot
        if process.returncode is None:  # (a test may have stopped it itself)
            process.terminate()  # SIGTERM: python-telegram-bot stops polling and shuts down cleanly
        assert await asyncio.wait_for(process.wait(), 10) == 0, bot.output()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
