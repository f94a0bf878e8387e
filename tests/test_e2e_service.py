"""End to end, as an operator runs it: `python -m bot run` as a process, SIGHUP reloading the knowledge base."""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_DIR
from fake_bot_api import FakeBotApi

CHAT_ID = 808
START_TIMEOUT = 12.0
RELOAD_TIMEOUT = 15.0

pytestmark = pytest.mark.slow  # a bot process, reloaded by SIGHUP


async def wait_for_line(path: Path, text: str, process: asyncio.subprocess.Process, timeout: float) -> None:
    """Wait until the bot's log has `text` (the fake server cannot tell: a reload makes no request)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while text not in path.read_text():
        assert process.returncode is None, path.read_text()
        assert asyncio.get_running_loop().time() < deadline, f"no {text!r} in:\n{path.read_text()}"
        await asyncio.sleep(0.05)


async def test_sighup_puts_an_edited_knowledge_base_in_service(
    fake_api: FakeBotApi, project_root: Path, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, knowledge)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake_api.token, "TELEGRAM_BASE_URL": fake_api.base_url,
           "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "log.txt"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--knowledge", str(knowledge), "run", cwd=project_root, env=env,
            stdout=output, stderr=output)
    try:
        async def ask(text: str) -> str:
            before = len(fake_api.sent)
            fake_api.push_text(CHAT_ID, text)
            await fake_api.wait_while_running(process, lambda: any("reply_markup" in m for m in fake_api.sent[before:]),
                                              START_TIMEOUT, log.read_text)
            return " ".join(m["text"] for m in fake_api.sent[before:])

        assert "Cashier" not in await ask("is a till wizard front office?")
        cashier = knowledge / "roles" / "cashier.yaml"
        cashier.write_text(cashier.read_text().replace("aliases:\n  en: [", "aliases:\n  en: [till wizard, ", 1))
        process.send_signal(signal.SIGHUP)
        await wait_for_line(log, "Knowledge base reloaded", process, RELOAD_TIMEOUT)
        assert "Cashier" in await ask("is a till wizard front office?")

        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0, log.read_text()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert "Traceback" not in log.read_text() and fake_api.token not in log.read_text()
