"""The knowledge base loads, is complete in both languages, and broken files are reported as `file: key: reason`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge.errors import KnowledgeErrors
from bot.knowledge.loader import DEFAULT_DIR, load_knowledge

REQUIRED_ROLES = {
    "front-office": ["receptionist", "cashier", "sales-representative", "customer-service-representative",
                     "call-center-agent", "bank-teller", "account-manager", "concierge", "medical-receptionist",
                     "financial-advisor", "trader"],
    "middle-office": ["risk-analyst", "compliance-officer"],
    "back-office": ["data-entry-clerk", "claims-processor", "accountant", "bookkeeper", "hr-manager", "hr-specialist",
                    "legal-counsel", "payroll-specialist", "network-administrator", "it-support-specialist",
                    "accounts-payable-clerk", "administrative-assistant", "procurement-specialist", "records-clerk",
                    "tax-specialist", "health-and-safety-specialist"],
}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize("office, slug", [(o, s) for o, slugs in REQUIRED_ROLES.items() for s in slugs])
def test_every_required_role_is_there_with_its_office_type(kb, office, slug):
    assert kb.roles[slug].office == office


@pytest.mark.parametrize("slug", [s for slugs in REQUIRED_ROLES.values() for s in slugs])
def test_every_role_is_complete_enough_to_prepare_an_interview(kb, slug):
    role = kb.roles[slug]
    assert len(role.duties) >= 4 and len(role.skills) >= 6 and len(role.interview) >= 6
    assert {s.kind for s in role.skills} >= {"soft", "hard", "computer"}
    assert all(q.good_answer.en and q.good_answer.pl for q in role.interview)
    assert role.aliases["en"] and role.aliases["pl"] and role.related


def test_roles_between_office_types_say_so(kb):
    assert kb.roles["compliance-officer"].offices == ("middle-office", "back-office")


def test_the_articles_examples_are_kept(kb):
    assert set(kb.office_types["front-office"].article_examples) == {
        "receptionist", "cashier", "sales-representative", "customer-service-representative"}
    assert set(kb.office_types["back-office"].article_examples) == {
        "data-entry-clerk", "claims-processor", "accountant", "hr-manager", "legal-counsel"}


def test_office_types_carry_the_articles_computer_skills_point(kb):
    assert "network" in kb.office_types["back-office"].computer_scope.en.lower()


# -- broken knowledge bases -------------------------------------------------------------------------------

@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeErrors) as caught:
        load_knowledge(directory)
    return [str(e) for e in caught.value.errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_reports_a_missing_translation_with_file_and_key(copy):
    edit(copy / "roles" / "cashier.yaml", "\n  pl:", "\n  xx:")
    assert any("cashier.yaml: " in p and ".pl: missing" in p for p in problems(copy))


def test_reports_invalid_yaml_with_its_line(copy):
    (copy / "roles" / "cashier.yaml").write_text("slug: cashier\nnames: [unclosed\n", encoding="utf-8")
    assert any("cashier.yaml: line" in p and "invalid YAML" in p for p in problems(copy))


def test_rejects_python_object_tags_without_running_them(copy, tmp_path):
    marker = tmp_path / "executed"
    (copy / "roles" / "cashier.yaml").write_text(
        f"slug: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    assert any("cashier.yaml" in p for p in problems(copy))
    assert not marker.exists()


def test_rejects_an_alias_shared_by_two_roles(copy):
    edit(copy / "roles" / "cashier.yaml", "aliases:\n  en: [", "aliases:\n  en: [bookkeeper, ")
    assert any("'bookkeeper' is also an alias of 'bookkeeper'" in p for p in problems(copy))


def test_rejects_a_wrong_office_type(copy):
    edit(copy / "roles" / "cashier.yaml", "office: front-office", "office: side-office")
    assert any("cashier.yaml: office: must be one of" in p for p in problems(copy))


def test_rejects_a_role_with_too_few_interview_questions(copy):
    path = copy / "roles" / "cashier.yaml"
    role = yaml.safe_load(path.read_text(encoding="utf-8"))
    role["interview"] = role["interview"][:2]
    path.write_text(yaml.safe_dump(role, allow_unicode=True), encoding="utf-8")
    assert any("cashier.yaml: interview: needs at least 6 items" in p for p in problems(copy))


def test_rejects_two_files_with_the_same_slug(copy):
    shutil.copy(copy / "roles" / "cashier.yaml", copy / "roles" / "cashier2.yaml")
    found = problems(copy)
    assert any("cashier2.yaml: slug: must equal the file name" in p for p in found)


def test_rejects_an_unknown_related_role(copy):
    edit(copy / "roles" / "bookkeeper.yaml", "related: [accountant", "related: [astronaut")
    assert any("bookkeeper.yaml: related: unknown role 'astronaut'" in p for p in problems(copy))


def test_rejects_a_slug_that_differs_from_its_file_name(copy):
    edit(copy / "roles" / "cashier.yaml", "slug: cashier", "slug: kasjer")
    assert any("cashier.yaml: slug: must equal the file name" in p for p in problems(copy))


def test_rejects_a_file_too_large_to_be_a_knowledge_file(copy):
    (copy / "roles" / "huge.yaml").write_bytes(b"# " + b"x" * 3_000_000)
    assert any("huge.yaml: -: file is larger than" in p for p in problems(copy))


def test_rejects_a_threshold_that_is_not_a_number(copy):
    edit(copy / "settings.yaml", "fallback_threshold: 0.45", "fallback_threshold: high")
    assert any("settings.yaml: fallback_threshold: must be a number" in p for p in problems(copy))


def test_yes_no_and_on_in_word_lists_stay_words(kb):
    """YAML 1.1 would read them as booleans; "no" is a negator and "on" the Polish "he"."""
    assert "no" in kb.language["negators"]
    assert "on" in kb.language["anaphora"]
    assert "No, I meant the cashier" in kb.intents["correction"].examples["en"]
