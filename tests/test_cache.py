"""The compiled matcher is cached on disk; the cache never changes what the bot understands."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core import Engine
from bot.knowledge.loader import DEFAULT_DIR
from bot.state import ChatState

QUESTIONS = ["czy ksiegowej praca to back office?", "wat skils does a cashier need", "Is a pilot back office?",
             "lubię liczby i nie lubię telefonów, co dla mnie?"]

pytestmark = pytest.mark.slow  # each test starts bot processes that compile the matcher


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OFFICEBOT_CACHE_DIR", str(folder))
    return folder


def understood(engine: Engine) -> list[dict]:
    return [engine.understand(q, ChatState()).full() for q in QUESTIONS]


def test_a_restart_from_the_cache_understands_the_same(cache_dir: Path):
    built = Engine.load()
    assert len(list(cache_dir.glob("matcher-*.pickle"))) == 1
    assert understood(Engine.load()) == understood(built)


def test_a_changed_knowledge_base_is_compiled_afresh(cache_dir: Path, tmp_path: Path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, knowledge)
    Engine.load(knowledge)
    path = knowledge / "roles" / "trader.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  pl: [trader,", "  pl: [handlarz akcjami, trader,"),
                    encoding="utf-8")
    engine = Engine.load(knowledge)
    assert len(list(cache_dir.glob("matcher-*.pickle"))) == 2
    assert engine.understand("czy handlarz akcjami to front office?", ChatState()).role == "trader"


def test_a_broken_cache_file_is_rebuilt(cache_dir: Path):
    Engine.load()
    for path in cache_dir.glob("matcher-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert Engine.load().understand(QUESTIONS[0], ChatState()).role == "accountant"


def test_the_cache_can_be_switched_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OFFICEBOT_CACHE_DIR", "off")
    Engine.load()
    assert not cache_dir.exists()
