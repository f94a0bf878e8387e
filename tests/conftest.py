"""Shared fixtures: the fake Bot API server, the real knowledge-base Engine, the project root."""
from __future__ import annotations

import os
from collections.abc import AsyncIterator
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
    """Bot processes started by tests keep chat state in a temporary SQLite file, not the user's own."""
    os.environ["STATE_DB"] = str(tmp_path_factory.mktemp("state") / "state.sqlite3")
    os.environ.pop("REDIS_URL", None)


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
