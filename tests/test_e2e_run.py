"""End to end: `python -m bot run` as a real process, polling the fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from fake_bot_api import FakeBotApi

CHAT_ID = 777
START_TIMEOUT = 12.0  # interpreter + telegram + knowledge base, without .pyc files
REPLY_TIMEOUT = 5.0

pytestmark = pytest.mark.slow  # bot processes


@pytest.mark.parametrize("store", ["sqlite", "memory"])
async def test_bot_process_answers_questions_and_buttons(
    fake_api: FakeBotApi, project_root: Path, tmp_path: Path, store: str
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": fake_api.token,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "PYTHONUNBUFFERED": "1",
    }
    if store == "memory":
        env["STATE_DB"] = "memory"  # else the test session's SQLite file (conftest)
    stdout_path, stderr_path = tmp_path / "stdout.txt", tmp_path / "stderr.txt"

    def output() -> str:
        return stdout_path.read_text() + stderr_path.read_text()

    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=project_root, env=env, stdout=stdout, stderr=stderr
        )
    try:
        fake_api.push_text(CHAT_ID, "is a bookkeeper back office?")
        await fake_api.wait_while_running(
            process, lambda: any("reply_markup" in m for m in fake_api.sent), START_TIMEOUT, output
        )
        answer = fake_api.sent
        assert "back office" in " ".join(m["text"] for m in answer).lower()
        assert all(m["chat_id"] == CHAT_ID and m["parse_mode"] == "HTML" for m in answer)
        methods = fake_api.methods()
        assert set(fake_api.commands) == {"en", "pl", ""}  # the command menus, set at start-up...
        assert methods.index("getUpdates") > max(i for i, m in enumerate(methods) if m == "setMyCommands")  # ...first
        question = next(m for m in answer if "reply_markup" in m)
        button = question["reply_markup"]["inline_keyboard"][0][0]

        before = len(fake_api.sent)
        fake_api.push_callback(CHAT_ID, button["callback_data"], question["message_id"])
        await fake_api.wait_while_running(process, lambda: len(fake_api.sent) > before, REPLY_TIMEOUT, output)
        assert "answerCallbackQuery" in fake_api.methods()
        assert fake_api.sent[before]["text"].strip()

        process.terminate()  # SIGTERM: python-telegram-bot stops polling and shuts down cleanly
        assert await asyncio.wait_for(process.wait(), REPLY_TIMEOUT) == 0, output()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert fake_api.token not in output(), output()
    assert "Traceback" not in output(), output()
