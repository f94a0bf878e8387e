"""End to end, one bot process: the interactive flows against the fake Bot API server, as a user would go."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from fake_bot_api import FakeBotApi

CHAT_ID, GROUP_ID, USER_ID = 778, -1002, 779
START_TIMEOUT = 12.0
REPLY_TIMEOUT = 5.0

pytestmark = pytest.mark.slow  # a bot process through every flow


def keyboard(params: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in params["reply_markup"]["inline_keyboard"] for b in row]


async def test_flows_end_to_end(fake_api: FakeBotApi, project_root: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake_api.token, "TELEGRAM_BASE_URL": fake_api.base_url,
           "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "bot.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=project_root, env=env,
                                                       stdout=out, stderr=out)

    async def until(condition, timeout: float = REPLY_TIMEOUT) -> None:
        await fake_api.wait_while_running(process, condition, timeout, log.read_text)

    async def tap(data: str, message_id: int) -> None:
        fake_api.push_callback(CHAT_ID, data, message_id)

    try:
        # A group message not addressed to the bot, then a deep link in private: only the link is answered.
        fake_api.push_group_text(GROUP_ID, USER_ID, "is a bookkeeper back office?")
        fake_api.push_text(CHAT_ID, "/start role-bookkeeper")
        await until(lambda: len(fake_api.sent) >= 1, START_TIMEOUT)
        [card] = fake_api.sent
        assert card["chat_id"] == CHAT_ID and card["text"].startswith("<b>Bookkeeper: Back office</b>")

        # Checklist: open it, tick three skills (the message is edited each time), finish.
        await tap("skills:bookkeeper", card["message_id"])
        await until(lambda: len(fake_api.sent) >= 2)
        checklist = fake_api.sent[-1]
        items = keyboard(checklist)
        for ticks, index in enumerate((0, 3, 5), 1):
            await tap(items[index]["callback_data"], checklist["message_id"])
            await until(lambda ticks=ticks: len(fake_api.edits()) >= ticks)
            items = keyboard(fake_api.edits()[-1])
        assert fake_api.edits()[-1]["text"].count("✅") == 3
        await tap(items[-1]["callback_data"], checklist["message_id"])
        await until(lambda: len(fake_api.sent) >= 3)
        assert "You have 3 of the 7 skills on the list." in fake_api.sent[-1]["text"]

        # Interview kit: open, page on.
        await tap("interview:bookkeeper", card["message_id"])
        await until(lambda: len(fake_api.sent) >= 4)
        kit = fake_api.sent[-1]
        await tap(keyboard(kit)[0]["callback_data"], kit["message_id"])
        await until(lambda: len(fake_api.edits()) >= 4)
        assert "Questions 4–6 of" in fake_api.edits()[-1]["text"]

        # Browse: /roles, then an office type (edited in place).
        fake_api.push_text(CHAT_ID, "/roles")
        await until(lambda: len(fake_api.sent) >= 5)
        menu = fake_api.sent[-1]
        await tap(keyboard(menu)[0]["callback_data"], menu["message_id"])
        await until(lambda: len(fake_api.edits()) >= 5)
        assert "Roles I know in the" in fake_api.edits()[-1]["text"]

        # Inline mode, in Polish.
        fake_api.push_inline_query(USER_ID, "recepcjonistka", user_lang="en")
        await until(lambda: bool(fake_api.inline_answers))
        [result] = fake_api.inline_answers[0]["results"]
        assert result["title"].startswith("Recepcjonista")

        assert all(m["chat_id"] != GROUP_ID for m in fake_api.sent)
        process.terminate()
        assert await asyncio.wait_for(process.wait(), REPLY_TIMEOUT) == 0, log.read_text()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert "Traceback" not in log.read_text() and fake_api.token not in log.read_text()
