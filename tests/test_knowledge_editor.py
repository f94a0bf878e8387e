"""Adding a phrasing to the YAML files: only that list changes, the result is checked, bad changes are undone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge.editor import add_phrasing
from bot.knowledge.errors import KnowledgeErrors
from bot.knowledge.loader import DEFAULT_DIR


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, copy)
    return copy


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=False) if old != new]


def test_an_alias_is_appended_to_its_list_and_nothing_else_changes(knowledge: Path) -> None:
    path = knowledge / "roles" / "bookkeeper.yaml"
    before = path.read_text()
    kb = add_phrasing(knowledge, "role", "bookkeeper", "en", "numbers person")
    assert "numbers person" in kb.roles["bookkeeper"].aliases["en"]
    after = path.read_text()
    [(old, new)] = changed_lines(before, after)
    assert new == old[:-1] + ", numbers person]"
    assert len(after.splitlines()) == len(before.splitlines())  # comments and wrapping untouched


def test_an_intent_example_is_added_in_its_language(knowledge: Path) -> None:
    kb = add_phrasing(knowledge, "intent", "skills", "pl", "co musi umieć kasjer")
    assert kb.intents["skills"].examples["pl"][-1] == "co musi umieć kasjer"


@pytest.mark.parametrize("text", ["what's a PA: really?", "a, b], c", "#hashtag job", "yes", "\"quoted\" [x]"])
def test_text_yaml_would_misread_is_quoted(knowledge: Path, text: str) -> None:
    kb = add_phrasing(knowledge, "intent", "help", "en", text)
    assert kb.intents["help"].examples["en"][-1] == text
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the knowledge loader's (it reads "office?," as text)
    document = yaml.load((knowledge / "intents.yaml").read_text(), Loader=loader)  # noqa: S506
    assert document["help"]["examples"]["en"][-1] == text


def test_a_phrasing_already_there_changes_nothing(knowledge: Path) -> None:
    path = knowledge / "roles" / "bookkeeper.yaml"
    before = path.read_bytes()
    assert add_phrasing(knowledge, "role", "bookkeeper", "en", "Book-Keeper ") is None
    assert path.read_bytes() == before


def test_an_invalid_result_restores_the_file_and_says_why(knowledge: Path) -> None:
    path = knowledge / "roles" / "bookkeeper.yaml"
    before = path.read_bytes()
    with pytest.raises(KnowledgeErrors, match="also an alias"):
        add_phrasing(knowledge, "role", "bookkeeper", "en", "cashier")
    assert path.read_bytes() == before


@pytest.mark.parametrize(("target", "name", "lang"), [("role", "no-such-role", "en"), ("intent", "no_such", "en"),
                                                      ("role", "bookkeeper", "de")])
def test_an_unknown_target_or_language_is_an_error(knowledge: Path, target: str, name: str, lang: str) -> None:
    with pytest.raises(KnowledgeErrors):
        add_phrasing(knowledge, target, name, lang, "something")
