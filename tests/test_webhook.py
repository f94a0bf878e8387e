"""Webhook mode: real HTTP requests to the bot's own server; only Telegram's secret gets an update processed."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from bot.core import Engine
from bot.telegram.app import build_application
from bot.telegram.webhook import SECRET_HEADER, WebhookServer
from fake_bot_api import FakeBotApi, text_update

SECRET = "s3cret-Token_1"
CHAT_ID = 606
START_TIMEOUT = 12.0


@pytest_asyncio.fixture
async def webhook(fake_api: FakeBotApi, engine: Engine) -> AsyncIterator[str]:
    """The Application started as `run` starts it in webhook mode; yields the webhook's URL."""
    app = build_application(fake_api.token, engine, base_url=fake_api.base_url)
    server = WebhookServer(app, "127.0.0.1", 0, "/telegram", SECRET)
    await app.initialize()
    await app.start()
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()
        await app.stop()
        await app.shutdown()


async def post(url: str, payload: object, secret: str | None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session, session.post(url, json=payload, headers=headers) as response:
        return response.status


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
async def test_a_request_without_the_right_secret_is_refused_and_changes_nothing(
    webhook: str, fake_api: FakeBotApi, secret: str | None
) -> None:
    assert await post(f"{webhook}/telegram", text_update(1, 1, CHAT_ID, "is a cashier front office?"), secret) == 403
    await asyncio.sleep(0.2)  # give a wrongly accepted update the time to be answered
    assert fake_api.sent == []


async def test_an_update_with_the_secret_is_answered(webhook: str, fake_api: FakeBotApi) -> None:
    assert await post(f"{webhook}/telegram", text_update(1, 1, CHAT_ID, "is a cashier front office?"), SECRET) == 200
    [*_, answer] = await fake_api.wait_for_messages(1)
    assert answer["chat_id"] == CHAT_ID and "front office" in answer["text"].lower()


async def test_a_chat_whose_answer_hangs_holds_up_no_other_chat(webhook: str, fake_api: FakeBotApi) -> None:
    """The same per-chat processing as polling: updates posted to the webhook of two chats, one answer held."""
    held = fake_api.hold_next("sendMessage", chat_id=CHAT_ID)
    for update_id, (chat, text) in enumerate([(CHAT_ID, "is a cashier front office?"), (CHAT_ID, "and the skills?"),
                                              (CHAT_ID + 1, "is a cashier front office?")], start=1):
        assert await post(f"{webhook}/telegram", text_update(update_id, update_id, chat, text), SECRET) == 200
    await fake_api.wait_until(lambda: any(m["chat_id"] == CHAT_ID + 1 for m in fake_api.sent), 30, "the other chat")
    assert not any(m["chat_id"] == CHAT_ID for m in fake_api.sent)
    held.release()
    await fake_api.wait_until(lambda: sum(m["chat_id"] == CHAT_ID for m in fake_api.sent) >= 2, 30, "both answers")
    first, second = [m["text"] for m in fake_api.sent if m["chat_id"] == CHAT_ID]
    assert "front office" in first.lower() and "skills" in second.lower()  # in the order they were asked


async def test_a_body_that_is_not_an_update_is_a_bad_request(webhook: str, fake_api: FakeBotApi) -> None:
    assert await post(f"{webhook}/telegram", ["not", "an", "update"], SECRET) == 400
    assert fake_api.sent == []


async def test_healthz_answers_200(webhook: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{webhook}/healthz") as response:
        assert response.status == 200


def test_a_secret_telegram_would_refuse_is_refused_at_start(engine: Engine) -> None:
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        WebhookServer(build_application("1:X", engine), "127.0.0.1", 0, "/", "has spaces")


@pytest.mark.slow
async def test_run_with_webhook_url_registers_serves_and_stops_on_sigterm(
    fake_api: FakeBotApi, project_root: Path, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake_api.token, "TELEGRAM_BASE_URL": fake_api.base_url,
           "WEBHOOK_URL": "https://bot.example.com/hook/path", "WEBHOOK_LISTEN": "127.0.0.1",
           "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET": SECRET, "LOG_FORMAT": "json",
           "STATE_DB": str(tmp_path / "state.sqlite3"), "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "log.txt"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=project_root,
                                                       env=env, stdout=output, stderr=output)
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        await fake_api.wait_while_running(process, lambda: "setWebhook" in fake_api.methods(), START_TIMEOUT,
                                          log.read_text)
        params = dict(fake_api.calls)["setWebhook"]
        assert params["url"] == env["WEBHOOK_URL"] and params["secret_token"] == SECRET
        async with aiohttp.ClientSession() as session:
            for _ in range(100):  # the listener opens just after setWebhook
                try:
                    async with session.get(healthz) as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        update = text_update(1, 1, CHAT_ID, "is a cashier front office?")
        assert await post(f"http://127.0.0.1:{port}/hook/path", update, SECRET) == 200
        process.send_signal(signal.SIGTERM)  # right away: the update in the queue must still be answered
        assert await asyncio.wait_for(process.wait(), 10) == 0, log.read_text()
        assert any("front office" in m["text"].lower() for m in fake_api.sent), log.read_text()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output_text = log.read_text()
    assert fake_api.token not in output_text and SECRET not in output_text and "Traceback" not in output_text
    assert output_text.lstrip().startswith("{"), output_text  # LOG_FORMAT=json: one JSON object per line
    assert "cashier" not in output_text  # no message text at INFO


@pytest.mark.slow
async def test_run_refuses_a_webhook_without_a_secret(project_root: Path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "1:X", "WEBHOOK_URL": "https://bot.example.com/hook"}
    env.pop("WEBHOOK_SECRET", None)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=project_root, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2 and b"WEBHOOK_SECRET" in stderr
