"""N instances behind one webhook, for real: two `python -m bot run` processes share one redis-server, and a
conversation sent alternately to each is followed as if one bot answered it all."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.core import Engine
from bot.state import ChatState
from bot.telegram.render import render_messages
from bot.telegram.webhook import SECRET_HEADER
from fake_bot_api import FakeBotApi, text_update

SECRET = "two-instances_1"
CHAT_ID = 4711
START_TIMEOUT = 15.0

pytestmark = pytest.mark.slow  # two bot processes and a Redis server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def instance(
    fake_api: FakeBotApi, project_root: Path, log: Path, redis_url: str, prefix: str
) -> AsyncIterator[str]:
    """One bot process in webhook mode; yields its webhook URL once it answers /healthz, SIGTERMs it after."""
    port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": fake_api.token,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "WEBHOOK_URL": "https://bot.example.com/hook",
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "WEBHOOK_SECRET": SECRET,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": prefix,
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=project_root, env=env, stdout=output, stderr=output
        )
    try:
        await healthy(f"http://127.0.0.1:{port}/healthz", process, log)
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def healthy(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    deadline = asyncio.get_running_loop().time() + START_TIMEOUT
    async with aiohttp.ClientSession() as session:
        while asyncio.get_running_loop().time() < deadline:
            assert process.returncode is None, log.read_text()
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"no /healthz within {START_TIMEOUT} s:\n{log.read_text()}")


async def test_two_processes_sharing_redis_follow_one_conversation(
    fake_api: FakeBotApi, engine: Engine, project_root: Path, tmp_path: Path, redis_server: str
) -> None:
    prefix = f"two-{uuid.uuid4().hex[:8]}:"
    conversation = ["czy księgowa to back office?", "a jakie umiejętności?", "and interview questions?"]
    async with (
        instance(fake_api, project_root, tmp_path / "a.log", redis_server, prefix) as first,
        instance(fake_api, project_root, tmp_path / "b.log", redis_server, prefix) as second,
    ):
        async with aiohttp.ClientSession() as session:
            for number, (text, url) in enumerate(zip(conversation, [first, second, first], strict=True), start=1):
                before = len(fake_api.sent)
                update = text_update(number, number, CHAT_ID, text, user_lang="pl")
                async with session.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response:
                    assert response.status == 200
                await fake_api.wait_until(
                    lambda before=before: len(fake_api.sent) > before, 10, f"the answer to {text!r}"
                )
                await asyncio.sleep(0.2)  # a long answer comes in several messages
    state = ChatState()
    expected = [render_messages(engine.reply(text, state, "pl")) for text in conversation]
    sent = [m["text"] for m in fake_api.sent if m["chat_id"] == CHAT_ID]
    assert sent == [html for answer in expected for html in answer]
    # and those answers needed the earlier messages: without them the follow-ups would be answered otherwise
    assert expected[1] != render_messages(engine.reply(conversation[1], ChatState(), "pl"))
    assert expected[2] != render_messages(engine.reply(conversation[2], ChatState(), "pl"))
