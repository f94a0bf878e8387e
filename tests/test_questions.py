"""What people ask: records keep no identity, and the report finds the top and the unanswered questions."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core import Engine
from bot.questions import Record, build_report, user_hash
from bot.state import ChatState
from bot.storage.sqlite import SqliteStore


def understood(engine: Engine, text: str, user: str = "u1") -> Record:
    return Record.of(engine.understand(text, ChatState()), text, user)


def test_a_user_is_recorded_as_a_keyed_hash_only() -> None:
    hashed = user_hash(123456789, b"salt")
    assert "123456789" not in hashed and len(hashed) == 16
    assert hashed == user_hash(123456789, b"salt") != user_hash(123456789, b"other salt")


def test_a_record_keeps_the_understanding(engine: Engine) -> None:
    record = understood(engine, "is a bookkeeper back office?")
    assert (record.intent, record.role, record.lang, record.fallback) == ("classify", "bookkeeper", "en", False)
    assert not record.unanswered
    assert understood(engine, "what is a zorblax flux capacitor").unanswered
    assert understood(engine, "what's the weather in Krakow").unanswered  # declined: out of scope
    growth = understood(engine, "is a growth hacker back office?")
    assert growth.unknown_role == "growth hacker" and growth.unanswered
    assert not understood(engine, "is a pilot back office?").unanswered  # not office work: answered as such


def test_the_report_counts_top_questions_and_groups_similar_unanswered_ones(engine: Engine) -> None:
    texts = ["Is a bookkeeper back office?"] * 3 + ["is a bookkeeper back office"] + ["skills of a cashier"] * 2 + [
        "how do I fix my printer", "how to fix my printer?", "how do i fix the printer",
        "what's the weather in Krakow"]
    report = build_report(understood(engine, text, f"u{i % 4}") for i, text in enumerate(texts))
    assert report.total == 10 and report.users == 4
    assert (report.top[0].example, report.top[0].count) == ("Is a bookkeeper back office?", 4)
    assert (report.top[1].example, report.top[1].count) == ("skills of a cashier", 2)
    printer = report.unanswered[0]
    assert printer.count == 3 and all("printer" in text for text in printer.texts)
    assert any("weather" in group.example for group in report.unanswered[1:])
    assert dict(report.intents)["classify"] == 4 and dict(report.languages) == {"en": 10}


def test_the_report_text_has_its_sections_in_both_languages(engine: Engine) -> None:
    report = build_report([understood(engine, "skills of a cashier"), understood(engine, "what is a zorblax")])
    english, polish = report.text(engine.kb, "en"), report.text(engine.kb, "pl")
    for key in ("report_top", "report_unanswered", "report_intents", "report_languages"):
        assert engine.kb.text(key, "en") in english and engine.kb.text(key, "pl") in polish
    assert "skills of a cashier" in english and "zorblax" in english
    assert build_report([]).text(engine.kb, "en") == engine.kb.text("report_empty", "en")


@pytest.mark.slow
def test_the_report_command_reads_the_state_database(engine: Engine, project_root: Path, tmp_path: Path) -> None:
    database = tmp_path / "state.sqlite3"

    async def fill() -> None:
        store = SqliteStore(database)
        for text in ["skills of a cashier", "skills of a cashier", "what is a zorblax"]:
            await store.add(understood(engine, text))
        await store.close()

    asyncio.run(fill())
    env = {**os.environ, "STATE_DB": str(database)}
    run = lambda *args: subprocess.run([sys.executable, "-m", "bot", "report", *args], cwd=project_root, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=60)
    text = run()
    assert text.returncode == 0, text.stderr
    assert "   2 × skills of a cashier" in text.stdout and "zorblax" in text.stdout
    data = json.loads(run("--json").stdout)
    assert data["total"] == 3 and data["unanswered"][0]["example"] == "what is a zorblax"


def test_the_report_command_without_a_database_says_nothing_is_recorded(engine: Engine, project_root: Path,
                                                                       tmp_path: Path) -> None:
    env = {**os.environ, "STATE_DB": str(tmp_path / "none.sqlite3")}
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--lang", "pl"], cwd=project_root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == engine.kb.text("report_empty", "pl")
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_group_counts_each_person_once(engine: Engine) -> None:
    texts = [("how do I fix my printer", "a"), ("how to fix my printer?", "a"), ("how do I fix my printer", "b")]
    [group] = build_report([understood(engine, text, user) for text, user in texts]).unanswered
    assert (group.count, group.users) == (3, 2)
