"""Bring the office catalogue into knowledge/: role files, the merged skill vocabulary, ISCO groups, departments.

    .venv/bin/python scripts/import_catalogue.py /work/catalogue [--knowledge knowledge]

The catalogue is written in batches by several writers (roles/*.yaml, skills_base.yaml + skills/<batch>.yaml,
isco.yaml, plan.yaml's departments). Run again when more files arrive: it copies whatever is there now, replacing
knowledge/roles/ with the catalogue's roles, and merges the skill files into one knowledge/skills.yaml grouped by
kind. Two batches defining one id differently: the first definition is kept (skills_base.yaml, then batches in
name order) and the conflict is printed. Then run `python -m bot check-kb`.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("soft", "hard", "computer")
KIND_TITLES = {"soft": "Soft skills: how a person works with people and with their own work",
               "hard": "Hard skills: knowledge of a trade, its law, procedures and registers",
               "computer": "Computer skills: the programs and systems Polish firms use"}
SKILLS_HEADER = """\
# The shared skill vocabulary: one skill, one wording. A role refers to a skill by its id and may add a
# role-specific detail, shown after a dash ("Accuracy and attention to detail — every entry traced to a document").
#   <id>: {kind: soft | hard | computer, en: ..., pl: ...}; ids are kebab-case English.
# Add a new id only when no entry here says it (search for the words first); check with `python -m bot check-kb`.
# Merged from the catalogue's skill files by scripts/import_catalogue.py, grouped by kind, then by the section
# and batch each skill came from.
"""
DEPARTMENTS_HEADER = """\
# The departments a role belongs to (a role's `department:`), as the bot names them in both languages.
"""
# The template's comments name the catalogue's files; in knowledge/ they are these (comments only, never content).
COMMENT_NAMES = {"# one of plan.yaml's departments": "# an id of departments.yaml",
                 "ids from skills_base.yaml / skills/*.yaml;": "ids from skills.yaml;"}
SECTION = re.compile(r"^# -+ (.*?) -+\s*$")


@dataclass
class Entry:
    sid: str
    data: dict
    section: str
    source: str


def read_skill_file(path: Path, source: str) -> list[Entry]:
    """The entries of one skill file with the section comment each stands under."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sections: dict[str, str] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = SECTION.match(line)
        if match:
            section = match.group(1)
        elif re.match(r"^[a-z0-9-]+:", line):
            sections[line.split(":", 1)[0]] = section
    return [Entry(sid, value, _clean(sections.get(sid, ""), value.get("kind", "")), source)
            for sid, value in data.items()]


def _clean(section: str, kind: str) -> str:
    """"banking and credit (hard)" -> "banking and credit"; a section named after its kind says nothing more."""
    section = re.sub(r"\s*\((soft|hard|computer)\)$", "", section)
    section = re.sub(r"^(soft|hard|computer): ", "", section)
    if "soft" in section.split() and kind != "soft":
        return "general"          # numeracy (hard) stands among skills_base's generic soft skills
    return "" if section.split(" (")[0] in KINDS else section


def merge_skills(catalogue: Path) -> tuple[list[Entry], list[str]]:
    """Every skill once; the conflicts found (same id, different definition)."""
    files = [(catalogue / "skills_base.yaml", "skills_base")]
    files += [(p, f"batch {p.stem}") for p in sorted((catalogue / "skills").glob("*.yaml"))]
    kept: dict[str, Entry] = {}
    conflicts = []
    for path, source in files:
        for entry in read_skill_file(path, source):
            first = kept.get(entry.sid)
            if first is None:
                kept[entry.sid] = entry
            elif first.data != entry.data:
                conflicts.append(f"skill {entry.sid!r}: {first.source} {first.data} kept, "
                                 f"{entry.source} {entry.data} dropped")
    return list(kept.values()), conflicts


def skills_yaml(entries: list[Entry]) -> str:
    out = [SKILLS_HEADER]
    for kind in KINDS:
        of_kind = [e for e in entries if e.data.get("kind") == kind]
        out.append(f"\n# ==== {KIND_TITLES[kind]} ====\n")
        groups: dict[tuple[str, str], list[Entry]] = {}
        for entry in of_kind:
            groups.setdefault((entry.section, entry.source), []).append(entry)
        for (section, source), group in groups.items():
            out.append(f"# ---- {section + ' ' if section else ''}({source}) ----\n")
            for entry in group:
                out.append(f"{entry.sid}:\n  kind: {kind}\n  en: {_scalar(entry.data['en'])}\n"
                           f"  pl: {_scalar(entry.data['pl'])}\n")
    return "".join(out)


def _scalar(text: str) -> str:
    """A YAML scalar on one line: plain when it reads back as the same text, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...")


FLOW_LINE = re.compile(r"^(\s*)(\S+): \{en: (.*?), pl: (.*)\}\s*$")


def as_written(line: str) -> tuple[str, list[str]]:
    """A `key: {en: ..., pl: ...}` line that YAML reads as written; a comma inside an unquoted value ("pl: Kadry,
    płace i HR") would make YAML read extra keys, so such a value is quoted. Returns the line and what was fixed."""
    match = FLOW_LINE.match(line)
    if not match:
        return line, []
    indent, key, en, pl = match.groups()
    value = yaml.safe_load(line.split(": ", 1)[1])
    if isinstance(value, dict) and set(value) == {"en", "pl"}:
        return line, []
    flow = yaml.safe_dump({"en": en, "pl": pl}, allow_unicode=True, width=1_000_000, default_flow_style=True,
                          sort_keys=False).strip()
    return f"{indent}{key}: {flow}", [f"{key.strip(chr(34))}: YAML read {value}; taken as written: {en!r} / {pl!r}"]


def requoted(text: str) -> tuple[str, list[str]]:
    """`text` with every `key: {en: ..., pl: ...}` line readable as written, and the lines fixed."""
    lines, fixes = [], []
    for line in text.splitlines():
        line, fixed = as_written(line)
        lines.append(line)
        fixes += fixed
    return "\n".join(lines) + "\n", fixes


def plan_departments(plan_file: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """plan.yaml's departments, each line read as written (see as_written)."""
    text, fixes = requoted(plan_file.read_text(encoding="utf-8"))
    return yaml.safe_load(text)["departments"], fixes


def departments_yaml(departments: dict[str, dict[str, str]]) -> str:
    lines = [DEPARTMENTS_HEADER]
    for key, names in departments.items():
        flow = yaml.safe_dump({"en": names["en"], "pl": names["pl"]}, allow_unicode=True, width=1_000_000,
                              default_flow_style=True, sort_keys=False)
        lines.append(f"{key}: {flow}")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args(argv)
    catalogue, knowledge = args.catalogue, args.knowledge

    roles = sorted((catalogue / "roles").glob("*.yaml"))
    old = {p.name for p in (knowledge / "roles").glob("*.yaml")}
    for path in (knowledge / "roles").glob("*.yaml"):
        path.unlink()
    for path in roles:
        text = path.read_text(encoding="utf-8")
        for catalogue_name, knowledge_name in COMMENT_NAMES.items():
            text = text.replace(catalogue_name, knowledge_name)
        (knowledge / "roles" / path.name).write_text(text, encoding="utf-8")
    gone = sorted(old - {p.name for p in roles})
    print(f"roles: {len(roles)} copied" + (f"; no longer there: {', '.join(gone)}" if gone else ""))

    entries, conflicts = merge_skills(catalogue)
    text = skills_yaml(entries)
    assert yaml.safe_load(text) == {e.sid: e.data for e in entries}, "the merged file must read back as merged"
    (knowledge / "skills.yaml").write_text(text, encoding="utf-8")
    print(f"skills: {len(entries)} merged into skills.yaml")
    for conflict in conflicts:
        print(f"  conflict: {conflict}")

    departments, fixes = plan_departments(catalogue / "plan.yaml")
    text = departments_yaml(departments)
    assert yaml.safe_load(text) == departments, "departments.yaml must read back as written"
    (knowledge / "departments.yaml").write_text(text, encoding="utf-8")
    print(f"departments: {len(departments)} from plan.yaml")
    for fix in fixes:
        print(f"  plan.yaml {fix}")
    text, fixes = requoted((catalogue / "isco.yaml").read_text(encoding="utf-8"))
    (knowledge / "isco.yaml").write_text(text, encoding="utf-8")
    print("isco.yaml: copied")
    for fix in fixes:
        print(f"  isco.yaml {fix}")
    for name in ("office_types.yaml", "ARTICLE_FACTS.md"):
        if (catalogue / name).exists():
            shutil.copy2(catalogue / name, knowledge / name)
            print(f"{name}: copied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
