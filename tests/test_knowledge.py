"""The knowledge base loads, is complete in both languages, and broken files are reported as `file: key: reason`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.json_schema import stale
from bot.knowledge.loader import DEFAULT_DIR, load_knowledge

REQUIRED_ROLES = {
    "front-office": [
        "receptionist",
        "cashier",
        "sales-representative",
        "customer-service-representative",
        "call-center-agent",
        "bank-teller",
        "account-manager",
        "concierge",
        "medical-receptionist",
        "financial-advisor",
        "trader",
    ],
    "middle-office": ["risk-analyst", "compliance-officer"],
    "back-office": [
        "data-entry-clerk",
        "claims-processor",
        "accountant",
        "bookkeeper",
        "hr-manager",
        "hr-specialist",
        "legal-counsel",
        "payroll-specialist",
        "network-administrator",
        "it-support-specialist",
        "accounts-payable-clerk",
        "administrative-assistant",
        "procurement-specialist",
        "records-clerk",
        "tax-specialist",
        "health-and-safety-specialist",
    ],
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
        "receptionist",
        "cashier",
        "sales-representative",
        "customer-service-representative",
    }
    assert set(kb.office_types["back-office"].article_examples) == {
        "data-entry-clerk",
        "claims-processor",
        "accountant",
        "hr-manager",
        "legal-counsel",
    }


def test_office_types_carry_the_articles_computer_skills_point(kb):
    assert "network" in kb.office_types["back-office"].computer_scope.en.lower()


def test_a_role_between_office_types_says_when_each_other_one_applies(kb):
    [also] = kb.roles["compliance-officer"].also_office
    assert also.office == "back-office" and "outside banks" in also.when.en and "poza bankami" in also.when.pl


def test_a_roles_skill_is_the_vocabularys_wording_and_its_own_detail(kb):
    accuracy = next(s for s in kb.roles["bookkeeper"].skills if s.id == "accuracy")
    assert accuracy.kind == "soft"
    assert accuracy.text.en == "Accuracy and attention to detail — every entry traced to a document"
    assert accuracy.text.pl == "Dokładność i dbałość o szczegóły — każdy zapis poparty dokumentem"
    plain = next(s for s in kb.roles["bookkeeper"].skills if s.id == "ms-office")
    assert plain == kb.skills["ms-office"]  # no detail: the vocabulary's own wording


def test_every_role_names_a_known_isco_group_and_department(kb):
    for role in kb.roles.values():
        assert role.isco in kb.isco.unit_groups and role.department in kb.departments, role.slug
    assert kb.isco.unit_groups["3313"].en == "Accounting associate professionals"
    assert kb.departments["hr"].pl == "Kadry, płace i HR"  # the comma survived the import


def test_every_role_file_in_the_catalogue_format_is_loaded(kb):
    assert len(kb.roles) == len(list((DEFAULT_DIR / "roles").glob("*.yaml")))
    assert all(len(r.skills) >= 6 and len(r.interview) >= 6 for r in kb.roles.values())


def test_the_json_schemas_for_editors_are_current():
    assert stale(DEFAULT_DIR / "schema") == [], "run: python -m bot schema"


# -- broken knowledge bases -------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the real knowledge base, its occupations reduced to none (tests add the one they need)."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    (target / "occupations.yaml").write_text("# Occupations that are not office work.\n[]\n", encoding="utf-8")
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
        f"slug: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
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
    edit(copy / "settings.yaml", "fallback_threshold: 0.75", "fallback_threshold: high")
    assert any("settings.yaml: fallback_threshold: must be a number" in p for p in problems(copy))


def test_yes_no_and_on_in_word_lists_stay_words(kb):
    """YAML 1.1 would read them as booleans; "no" is a negator and "on" the Polish "he"."""
    assert "no" in kb.language["negators"]
    assert "on" in kb.language["anaphora"]
    assert "No, I meant the cashier" in kb.intents["correction"].examples["en"]


# -- typos: every file has a schema, so a misspelt key is an error naming the file and the key -------------

OCCUPATION = (
    '- {slug: nurse, major: "2", names: {en: Nurse, pl: Pielęgniarka}, '
    "aliases: {en: [nurse], pl: [pielęgniarka]}, near: [medical-receptionist]}"
)
TYPOS = [  # (file, old text, new text, the line expected)
    (
        "roles/cashier.yaml",
        "also_office:",
        "also_ofice:",
        "roles/cashier.yaml: also_ofice: unknown key; did you mean 'also_office'?",
    ),
    (
        "roles/cashier.yaml",
        "    good_answer:",
        "    good_anwser:",
        "roles/cashier.yaml: interview[0].good_anwser: unknown key",
    ),
    (
        "roles/cashier.yaml",
        "  - id: pos-till",
        "  - id: pos-till\n    detial: {en: a, pl: b}",
        "roles/cashier.yaml: skills[7].detial: unknown key; did you mean 'detail'?",
    ),
    (
        "settings.yaml",
        "fallback_threshold:",
        "fallback_treshold:",
        "settings.yaml: fallback_treshold: unknown key; did you mean 'fallback_threshold'?",
    ),
    (
        "office_types.yaml",
        "computer_scope:",
        "computer_scop:",
        "office_types.yaml: office_types[0].computer_scop: unknown key; did you mean 'computer_scope'?",
    ),
    (
        "intents.yaml",
        "  follows_up: true\n  answer: classify",
        "  folows_up: true\n  answer: classify",
        "intents.yaml: classify.folows_up: unknown key; did you mean 'follows_up'?",
    ),
    (
        "topics.yaml",
        "  answer: decline_pay",
        "  anwser: decline_pay",
        "topics.yaml: pay.anwser: unknown key; did you mean 'answer'?",
    ),
    ("ui.yaml", "help:\n  en:", "help:\n  eng:", "ui.yaml: help.eng: unknown key; did you mean 'en'?"),
    ("language.yaml", "stopwords:", "stopwrods:", "language.yaml: stopwrods: unknown key; did you mean 'stopwords'?"),
    (
        "skills.yaml",
        "accuracy:\n  kind: soft",
        "accuracy:\n  knid: soft",
        "skills.yaml: accuracy.knid: unknown key; did you mean 'kind'?",
    ),
    (
        "isco.yaml",
        "\nmajor_groups:",
        "\nmajor_grups:",
        "isco.yaml: major_grups: unknown key; did you mean 'major_groups'?",
    ),
    (
        "departments.yaml",
        "finance: {en:",
        "finance: {eng:",
        "departments.yaml: finance.eng: unknown key; did you mean 'en'?",
    ),
    (
        "occupations.yaml",
        "\n[]",
        "\n" + OCCUPATION.replace("near:", "nera:"),
        "occupations.yaml: [0].nera: unknown key; did you mean 'near'?",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), TYPOS, ids=[f"{t[0]}: {t[3].split(': ')[1]}" for t in TYPOS]
)
def test_a_misspelt_key_is_rejected_naming_the_file_and_the_key(copy, file, old, new, expected):
    edit(copy / file, old, new)
    found = problems(copy)
    assert any(p.endswith(expected) or expected in p for p in found), found
    meant = expected.split("did you mean ")[-1].strip("'?")
    assert not any(p.endswith(f".{meant}: missing") or p.endswith(f": {meant}: missing") for p in found), found


def test_a_problem_reads_as_yaml_words_not_as_pydantic(copy):
    edit(copy / "roles" / "cashier.yaml", "office: front-office", "office: [front-office]")
    edit(copy / "settings.yaml", "suggestions: 3", "suggestions: 2.5")
    found = problems(copy)
    assert any(
        p.endswith(
            "cashier.yaml: office: must be one of 'front-office', 'middle-office' or 'back-office', "
            "got ['front-office']"
        )
        for p in found
    ), found
    assert any(p.endswith("settings.yaml: suggestions: must be a whole number, got float") for p in found), found
    assert not any("Input should" in p or "pydantic" in p or "http" in p for p in found)


# -- what files must agree on (bot/knowledge/validate.py) ---------------------------------------------------

CROSS_FILE = [  # (file, old text, new text, the line expected)
    (
        "roles/cashier.yaml",
        "  - id: pos-till",
        "  - id: till-wizardry",
        "roles/cashier.yaml: skills[7].id: unknown skill 'till-wizardry'",
    ),
    (
        "roles/cashier.yaml",
        "  - id: pos-till",
        "  - id: pos-tills",
        "roles/cashier.yaml: skills[7].id: unknown skill 'pos-tills'; did you mean 'pos-till'?",
    ),
    (
        "roles/cashier.yaml",
        "  - id: pos-till",
        "  - id: cash-handling",
        "roles/cashier.yaml: skills[7].id: 'cash-handling' is listed twice",
    ),
    (
        "roles/cashier.yaml",
        "  - id: product-knowledge",
        "  - id: discretion\n  - id: organisation",
        "roles/cashier.yaml: skills: 5 generic soft skills",
    ),
    (
        "roles/cashier.yaml",
        "  - id: pos-till",
        "  - id: english",
        "roles/cashier.yaml: skills: needs at least 1 computer",
    ),
    (
        "roles/cashier.yaml",
        'isco: "5230"',
        'isco: "5231"',
        "roles/cashier.yaml: isco: '5231' is not a unit group in isco.yaml",
    ),
    ("roles/cashier.yaml", 'isco: "5230"', "isco: 5230", "roles/cashier.yaml: isco: expected non-empty text, got int"),
    (
        "roles/cashier.yaml",
        "department: sales",
        "department: sale",
        "roles/cashier.yaml: department: unknown department 'sale'; did you mean 'sales'?",
    ),
    (
        "roles/cashier.yaml",
        "related: [",
        "related: [cashier, ",
        "roles/cashier.yaml: related: a role is not related to itself",
    ),
    (
        "roles/bookkeeper.yaml",
        "related: [accountant",
        "related: [astronaut",
        "roles/bookkeeper.yaml: related: unknown role 'astronaut'",
    ),
    (
        "roles/cashier.yaml",
        "also_office: []",
        "also_office: [{office: front-office, when: {en: always, pl: zawsze}}]",
        "roles/cashier.yaml: also_office[0].office: repeats the role's office 'front-office'",
    ),
    (
        "occupations.yaml",
        "\n[]",
        "\n" + OCCUPATION.replace("[nurse]", "[nurse, bookkeeper]"),
        "occupations.yaml: [0].aliases.en: 'bookkeeper' is also an alias of 'bookkeeper'",
    ),
    (
        "occupations.yaml",
        "\n[]",
        "\n" + OCCUPATION.replace("[medical-receptionist]", "[surgeon]"),
        "occupations.yaml: [0].near: unknown role 'surgeon'",
    ),
    (
        "occupations.yaml",
        "\n[]",
        "\n" + OCCUPATION.replace("slug: nurse", "slug: cashier"),
        "occupations.yaml: [0].slug: 'cashier' is an office role",
    ),
    (
        "roles/cashier.yaml",
        "aliases:\n  en: [",
        "aliases:\n  en: [back office, ",
        "roles/cashier.yaml: aliases.en: 'back office' is the name of the office type 'back-office'",
    ),
    (
        "roles/cashier.yaml",
        "aliases:\n  en: [",
        "aliases:\n  en: [senior front office, ",
        "roles/cashier.yaml: aliases.en: 'senior front office' without its title words is 'front office'",
    ),
    (
        "topics.yaml",
        "answer: decline_pay",
        "answer: decline_salary",
        "topics.yaml: pay.answer: no text 'decline_salary' in ui.yaml",
    ),
    ("intents.yaml", "  answer: classify\n", "", "intents.yaml: classify.answer: missing"),
    (
        "language.yaml",
        "interviewer_roles: [hr-specialist",
        "interviewer_roles: [hr-guru",
        "language.yaml: interviewer_roles: unknown role 'hr-guru'",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), CROSS_FILE, ids=[t[3].split(": ", 1)[1][:60] for t in CROSS_FILE]
)
def test_a_reference_to_nothing_or_a_broken_cross_file_rule_is_rejected(copy, file, old, new, expected):
    edit(copy / file, old, new)
    found = problems(copy)
    assert any(expected in p for p in found), found


def test_an_occupation_in_an_unknown_isco_major_group_is_rejected(copy):
    edit(copy / "isco.yaml", '  "0": {en: Armed forces occupations, pl: Siły zbrojne}\n', "")
    edit(copy / "occupations.yaml", "\n[]", "\n" + OCCUPATION.replace('major: "2"', 'major: "0"'))
    assert any("occupations.yaml: [0].major: '0' is not a major group in isco.yaml" in p for p in problems(copy))


def test_occupations_load_when_they_are_right(copy):
    edit(copy / "occupations.yaml", "\n[]", "\n" + OCCUPATION)
    nurse = load_knowledge(copy).occupations["nurse"]
    assert nurse.near == ("medical-receptionist",) and nurse.name.pl == "Pielęgniarka"


def test_the_occupations_file_may_be_absent(copy):
    (copy / "occupations.yaml").unlink()
    assert load_knowledge(copy).occupations == {}


def test_a_broken_shared_file_does_not_hide_a_roles_own_mistakes(copy):
    edit(copy / "skills.yaml", "accuracy:\n  kind: soft", "accuracy:\n  kind: sotf")
    edit(copy / "roles" / "cashier.yaml", "department: sales", "department: sale")
    found = problems(copy)
    assert any("skills.yaml: accuracy.kind: must be one of" in p for p in found)
    assert any("cashier.yaml: department: unknown department 'sale'" in p for p in found)


def test_a_role_that_fails_its_schema_is_still_a_role_others_may_name(copy):
    edit(copy / "roles" / "cashier.yaml", "also_office:", "also_ofice:")
    found = problems(copy)
    assert not any("unknown role 'cashier'" in p for p in found), found


def test_the_same_cue_under_two_intents_is_a_warning_not_an_error(copy):
    edit(copy / "intents.yaml", "strong:\n    en: [which office,", "strong:\n    en: [job description, which office,")
    warnings: list[KnowledgeError] = []
    load_knowledge(copy, warnings=warnings)
    assert any(w.file.endswith("intents.yaml") and "'job description' is also a cue of" in w.why for w in warnings)


def test_the_same_example_under_two_intents_is_an_error(copy):
    edit(
        copy / "intents.yaml",
        "examples:\n    en: [Is a receptionist front office?,",
        "examples:\n    en: [What does a cashier do?, Is a receptionist front office?,",
    )
    assert any("'What does a cashier do?' is also an example of" in p for p in problems(copy))


# -- hostile knowledge: every kind of breakage, rejected as `file: key: reason`, nothing executed ----------

FIFTY_MB = 50 * 1024 * 1024
WRONG_TYPES = [  # (file, old text, new text, the problem expected)
    (
        "roles/cashier.yaml",
        "duties:\n",
        "duties: just a sentence\nold_duties:\n",
        "cashier.yaml: duties: expected a list, got str",
    ),
    (
        "roles/cashier.yaml",
        "names:\n",
        "names: [Cashier, Kasjer]\nold_names:\n",
        "cashier.yaml: names: expected a mapping, got list",
    ),
    ("roles/cashier.yaml", "slug: cashier", "slug: 12", "cashier.yaml: slug: expected non-empty text, got int"),
    (
        "roles/cashier.yaml",
        "related: [",
        "related: {accountant: yes}\nold_related: [",
        "cashier.yaml: related: expected a list, got dict",
    ),
    (
        "settings.yaml",
        "fallback_threshold: 0.75",
        "fallback_threshold: true",
        "settings.yaml: fallback_threshold: must be a number",
    ),
    (
        "settings.yaml",
        "fallback_threshold: 0.75",
        "fallback_threshold: [0.45]",
        "settings.yaml: fallback_threshold: must be a number",
    ),
    (
        "language.yaml",
        "stopwords:",
        "stopwords: {a: 1}\nold_stopwords:",
        "language.yaml: stopwords: expected a list, got dict",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), WRONG_TYPES, ids=[w[3].split(": ", 1)[1] for w in WRONG_TYPES]
)
def test_rejects_values_of_the_wrong_type(copy, file, old, new, expected):
    edit(copy / file, old, new)
    assert any(expected in p for p in problems(copy)), problems(copy)


def test_rejects_a_key_given_twice_naming_both_lines(copy):
    edit(copy / "roles" / "cashier.yaml", "office: front-office", "office: front-office\noffice: back-office")
    assert any("cashier.yaml: office: defined twice (lines" in p for p in problems(copy))


def test_rejects_two_office_types_with_the_same_slug(copy):
    path = copy / "office_types.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["office_types"].append(doc["office_types"][0])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert any("office_types.yaml: office_types[3].slug: duplicate slug" in p for p in problems(copy))


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_rejects_every_python_tag_without_running_it(copy, tmp_path, tag):
    marker = tmp_path / "executed"
    settings = copy / "settings.yaml"
    line = next(
        n
        for n, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("fallback_threshold:")
    )
    edit(settings, "fallback_threshold: 0.75", f"fallback_threshold: {tag} ['touch {marker}']")
    assert any(f"settings.yaml: line {line}: invalid YAML" in p for p in problems(copy))
    assert not marker.exists()


def test_rejects_a_50_mb_file_without_reading_it(copy):
    with (copy / "roles" / "huge.yaml").open("wb") as huge:
        huge.truncate(FIFTY_MB)  # sparse: 50 MB by its size, nothing to read
    assert any("huge.yaml: -: file is larger than" in p for p in problems(copy))


def broken_everywhere(copy: Path, marker: Path) -> list[str]:
    """One knowledge directory with a problem of every kind; returns the line each must produce."""
    (copy / "roles" / "receptionist.yaml").write_text("slug: receptionist\nnames: [unclosed\n", encoding="utf-8")
    edit(copy / "roles" / "cashier.yaml", "\n  pl:", "\n  xx:")
    edit(copy / "roles" / "bookkeeper.yaml", "office: back-office", "office: back-office\noffice: front-office")
    edit(copy / "roles" / "trader.yaml", "aliases:\n  en: [", "aliases:\n  en: [accountant, ")
    (copy / "roles" / "concierge.yaml").write_text(
        f"slug: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with (copy / "roles" / "huge.yaml").open("wb") as huge:
        huge.truncate(FIFTY_MB)
    edit(copy / "settings.yaml", "fallback_threshold: 0.75", "fallback_threshold: high")
    return [
        "receptionist.yaml: line 3: invalid YAML",
        "cashier.yaml: names.pl: missing",
        "bookkeeper.yaml: office: defined twice",
        "trader.yaml: aliases.en: 'accountant' is also an alias of",
        "concierge.yaml: line 1: invalid YAML",
        "huge.yaml: -: file is larger than",
        "settings.yaml: fallback_threshold: must be a number",
    ]


@pytest.mark.parametrize("command", [["check-kb", "{dir}"], ["--knowledge", "{dir}", "run"]], ids=["check-kb", "run"])
def test_the_command_line_rejects_a_broken_knowledge_base_line_by_line(copy, tmp_path, command):
    marker = tmp_path / "executed"
    expected = broken_everywhere(copy, marker)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123:TEST", "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", *[c.format(dir=copy) for c in command]],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for line in expected:
        assert any(line in printed and printed.startswith(str(copy)) for printed in output.splitlines()), (line, output)
    assert "Traceback" not in output and "123:TEST" not in output
    assert not marker.exists()
