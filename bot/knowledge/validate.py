"""What the knowledge files must agree on, checked across files (after rasa/validator.py).

A schema sees one file; these rules need several: a role's skill ids are in skills.yaml, its ISCO code in
isco.yaml, its related roles exist, an alias names one role only. Each rule is a small function adding
`file: key: reason` lines, so a writer adding a role learns every mistake from one `python -m bot check-kb`.

Errors stop the bot from loading; warnings (the same cue phrase under two intents) are printed by check-kb but
let it load: such overlaps are sometimes meant, and the fitted intent model weighs them.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import Any, get_args

from bot.knowledge import schema
from bot.knowledge.errors import KnowledgeError
from bot.nlu.normalize import fold

# Skills every job asks for: a role naming more than three of them says little (content.md).
GENERIC_SOFT_SKILLS = frozenset(
    {
        "accuracy",
        "organisation",
        "communication",
        "active-listening",
        "conflict-handling",
        "discretion",
        "interpersonal",
        "stress-resistance",
        "teamwork",
        "independence",
        "problem-solving",
    }
)
MAX_GENERIC_SOFT = 3
MIN_SKILLS_OF_KIND = {"soft": 1, "hard": 2, "computer": 1}


def check(docs: schema.Documents, errors: list[KnowledgeError], warnings: list[KnowledgeError]) -> None:
    """Every cross-file rule. What other files refer to (role files, skill ids, ISCO codes, departments, ui texts)
    is taken from the files as YAML read them, so it is known even when such a file failed its own schema."""
    roles = docs.role_files
    isco = _mapping(docs.raw.get("isco.yaml"))
    unit_groups, major_groups = _keys(isco.get("unit_groups")), _keys(isco.get("major_groups"))
    departments, kinds = _keys(docs.raw.get("departments.yaml")), skill_kinds(docs.raw.get("skills.yaml"))
    for shown, _, doc in docs.roles:
        errors += role_problems(shown, doc, roles, kinds, unit_groups, departments)
    errors += alias_clashes(docs)
    language_raw = _mapping(docs.raw.get("language.yaml"))
    if offices_doc := docs.get("office_types.yaml", schema.OfficeTypesFile):
        dropped = _words(language_raw.get("title_words")) | _words(language_raw.get("filler"))
        errors += office_name_clashes(docs, offices_doc, dropped)
    if skills := docs.get("skills.yaml", schema.SkillsFile):
        errors += vocabulary_problems(docs.shown["skills.yaml"], skills)
    if occupations := docs.get("occupations.yaml", schema.OccupationsFile):
        errors += occupation_problems(docs.shown["occupations.yaml"], occupations, roles, major_groups)
    if offices := docs.get("office_types.yaml", schema.OfficeTypesFile):
        errors += office_type_problems(docs.shown["office_types.yaml"], offices, roles)
    if intents := docs.get("intents.yaml", schema.IntentsFile):
        errors += intent_problems(docs.shown["intents.yaml"], intents)
        warnings += shared_cues(docs.shown["intents.yaml"], intents)
    if topics := docs.get("topics.yaml", schema.TopicsFile):
        errors += topic_problems(docs.shown["topics.yaml"], topics, ui_texts(docs.raw.get("ui.yaml")))
    if language := docs.get("language.yaml", schema.LanguageFile):
        errors += [
            KnowledgeError(docs.shown["language.yaml"], "interviewer_roles", f"unknown role {slug!r}")
            for slug in language.interviewer_roles
            if slug not in roles
        ]


def skill_kinds(raw: object) -> dict[str, str] | None:
    """Skill id -> kind as skills.yaml has them, even when an entry there is broken; None without the file."""
    if not isinstance(raw, dict):
        return None
    return {str(sid): str(entry.get("kind")) if isinstance(entry, dict) else "" for sid, entry in raw.items()}


def ui_texts(raw: object) -> set[str] | None:
    """The ui.yaml keys holding a text (not per-language lists); None without the file."""
    if not isinstance(raw, dict):
        return None
    return {
        str(key)
        for key, value in raw.items()
        if not (isinstance(value, dict) and any(isinstance(v, list) for v in value.values()))
    }


def _words(raw: object) -> set[str]:
    """A word list as YAML read it, folded (empty when it is no list)."""
    return {_folded(str(w)) for w in raw} if isinstance(raw, list) else set()


def _mapping(raw: object) -> dict[Any, Any]:
    return raw if isinstance(raw, dict) else {}


def _keys(raw: object) -> set[str] | None:
    """The keys of a mapping as YAML read it (ISCO codes, department ids); None when it is no mapping."""
    return {str(key) for key in raw} if isinstance(raw, dict) else None


# -- roles ------------------------------------------------------------------------------------------------------------


def file_name_problems(file: str, stem: str, data: object) -> list[KnowledgeError]:
    """A role's slug is its file name: checked on the raw document, so it is said even when the schema failed."""
    slug = data.get("slug") if isinstance(data, dict) else None
    if isinstance(slug, str) and slug.strip() != stem:
        return [KnowledgeError(file, "slug", f"must equal the file name {stem!r}")]
    return []


def role_problems(
    file: str,
    role: schema.RoleFile,
    roles: set[str],
    skills: dict[str, str] | None,
    isco: set[str] | None,
    departments: set[str] | None,
) -> list[KnowledgeError]:
    """One role file against the shared files: role file names, skill id -> kind, ISCO unit groups, departments
    (None: that file is missing or unreadable, and its problem is reported already)."""
    out: list[KnowledgeError] = []

    def fail(key: str, why: str) -> None:
        out.append(KnowledgeError(file, key, why))

    if isco is not None and role.isco not in isco:
        fail("isco", f"{role.isco!r} is not a unit group in isco.yaml")
    if departments is not None and role.department not in departments:
        fail("department", f"unknown department {role.department!r}{_meant(role.department, departments)}")
    for i, also in enumerate(role.also_office):
        if also.office == role.office:
            fail(f"also_office[{i}].office", f"repeats the role's office {role.office!r}")
        elif also.office in (a.office for a in role.also_office[:i]):
            fail(f"also_office[{i}].office", f"{also.office!r} is given twice")
    if skills is not None:
        out += _skill_problems(file, role, skills)
    for slug, count in Counter(role.related).items():
        if slug == role.slug:
            fail("related", "a role is not related to itself")
        elif slug not in roles:
            fail("related", f"unknown role {slug!r}{_meant(slug, roles)}")
        if count > 1:
            fail("related", f"{slug!r} is given twice")
    for key in ("aliases", "fit"):
        words = getattr(role, key)
        for lang in ("en", "pl"):
            for word in _repeated(getattr(words, lang)):
                fail(f"{key}.{lang}", f"{word!r} is given twice (case and diacritics aside)")
    return out


def _skill_problems(file: str, role: schema.RoleFile, skills: dict[str, str]) -> list[KnowledgeError]:
    out: list[KnowledgeError] = []
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    for i, ref in enumerate(role.skills):
        if ref.id not in skills:
            meant = _meant(ref.id, skills) or ": add it to skills.yaml, or use an id that says the same"
            out.append(KnowledgeError(file, f"skills[{i}].id", f"unknown skill {ref.id!r}{meant}"))
            continue
        if ref.id in seen:
            out.append(KnowledgeError(file, f"skills[{i}].id", f"{ref.id!r} is listed twice"))
        seen.add(ref.id)
        kinds[skills[ref.id]] += 1
    generic = sorted(seen & GENERIC_SOFT_SKILLS)
    if len(generic) > MAX_GENERIC_SOFT:
        out.append(
            KnowledgeError(
                file,
                "skills",
                f"{len(generic)} generic soft skills ({', '.join(generic)}); "
                f"keep at most {MAX_GENERIC_SOFT}, the ones this job depends on",
            )
        )
    if len(seen) == len(role.skills):  # with an unknown id the kinds cannot be counted
        short = [f"{need} {kind}" for kind, need in MIN_SKILLS_OF_KIND.items() if kinds[kind] < need]
        if short:
            have = ", ".join(f"{kinds[k]} {k}" for k in MIN_SKILLS_OF_KIND)
            out.append(KnowledgeError(file, "skills", f"needs at least {', '.join(short)} (has {have})"))
    return out


def alias_clashes(docs: schema.Documents) -> list[KnowledgeError]:
    """An alias names one role only, and no non-office occupation: compared folded (case and diacritics aside)."""
    owner: dict[str, str] = {}
    out: list[KnowledgeError] = []
    for file, _, role in docs.roles:
        for lang in ("en", "pl"):
            for alias in getattr(role.aliases, lang):
                other = owner.setdefault(_folded(alias), role.slug)
                if other != role.slug:
                    out.append(KnowledgeError(file, f"aliases.{lang}", f"{alias!r} is also an alias of {other!r}"))
    occupations = docs.get("occupations.yaml", schema.OccupationsFile)
    for i, job in enumerate(occupations.root if occupations else []):
        for lang in ("en", "pl"):
            for alias in getattr(job.aliases, lang):
                other = owner.setdefault(_folded(alias), job.slug)
                if other != job.slug:
                    out.append(
                        KnowledgeError(
                            docs.shown["occupations.yaml"],
                            f"[{i}].aliases.{lang}",
                            f"{alias!r} is also an alias of {other!r}",
                        )
                    )
    return out


def office_name_clashes(
    docs: schema.Documents, offices: schema.OfficeTypesFile, dropped: set[str]
) -> list[KnowledgeError]:
    """A role alias must not be an office type's name, nor become one once the generic title words and fillers
    the matcher may leave out (language.yaml's title_words, filler) are dropped: "specjalista middle office"
    would make "what is middle office?" a question about that role."""
    names = {
        _folded(alias): office.slug
        for office in offices.office_types
        for lang in ("en", "pl")
        for alias in getattr(office.aliases, lang)
    }
    out: list[KnowledgeError] = []
    for file, _, role in docs.roles:
        for lang in ("en", "pl"):
            for alias in getattr(role.aliases, lang):
                words = _folded(alias.replace(".", " ")).split()
                core = " ".join(w for w in words if w not in dropped)
                if " ".join(words) in names:
                    out.append(
                        KnowledgeError(
                            file,
                            f"aliases.{lang}",
                            f"{alias!r} is the name of the office type {names[' '.join(words)]!r}",
                        )
                    )
                elif len(core.split()) >= 2 and core in names:
                    out.append(
                        KnowledgeError(
                            file,
                            f"aliases.{lang}",
                            f"{alias!r} without its title words is "
                            f"{core!r}, the office type {names[core]!r}: the matcher would read "
                            "that office type as this role",
                        )
                    )
    return out


# -- the shared files --------------------------------------------------------------------------------------------------


def vocabulary_problems(file: str, skills: schema.SkillsFile) -> list[KnowledgeError]:
    """One skill, one wording: two ids may not say the same; the generic soft skills the rule counts exist."""
    out: list[KnowledgeError] = []
    for lang in ("en", "pl"):
        said: dict[str, str] = {}
        for sid, entry in skills.root.items():
            other = said.setdefault(_folded(getattr(entry, lang)), sid)
            if other != sid:
                out.append(KnowledgeError(file, f"{sid}.{lang}", f"says the same as {other!r}: keep one id"))
    for sid in sorted(GENERIC_SOFT_SKILLS):
        generic = skills.root.get(sid)
        if generic is None or generic.kind != "soft":
            out.append(
                KnowledgeError(
                    file,
                    sid,
                    "missing: a generic soft skill the roles' rule counts "
                    "(bot/knowledge/validate.py GENERIC_SOFT_SKILLS)",
                )
            )
    return out


def occupation_problems(
    file: str, occupations: schema.OccupationsFile, roles: set[str], majors: set[str] | None
) -> list[KnowledgeError]:
    out: list[KnowledgeError] = []
    seen: set[str] = set()
    for i, job in enumerate(occupations.root):
        if job.slug in roles:
            out.append(KnowledgeError(file, f"[{i}].slug", f"{job.slug!r} is an office role (roles/{job.slug}.yaml)"))
        elif job.slug in seen:
            out.append(KnowledgeError(file, f"[{i}].slug", f"{job.slug!r} is given twice"))
        seen.add(job.slug)
        if majors is not None and job.major not in majors:
            out.append(KnowledgeError(file, f"[{i}].major", f"{job.major!r} is not a major group in isco.yaml"))
        out += [KnowledgeError(file, f"[{i}].near", f"unknown role {slug!r}") for slug in job.near if slug not in roles]
    return out


def office_type_problems(file: str, doc: schema.OfficeTypesFile, roles: set[str]) -> list[KnowledgeError]:
    out: list[KnowledgeError] = []
    seen: set[str] = set()
    for i, office in enumerate(doc.office_types):
        if office.slug in seen:
            out.append(KnowledgeError(file, f"office_types[{i}].slug", f"duplicate slug {office.slug!r}"))
        seen.add(office.slug)
        out += [
            KnowledgeError(file, f"office_types[{i}].{key}", f"unknown role {slug!r}")
            for key in ("article_examples", "typical_roles")
            for slug in getattr(office, key)
            if slug not in roles
        ]
    missing = [office for office in get_args(schema.Office) if office not in seen]
    if missing:
        out.append(KnowledgeError(file, "office_types", f"missing: {', '.join(missing)}"))
    return out


def intent_problems(file: str, intents: schema.IntentsFile) -> list[KnowledgeError]:
    """Every intent names its answer; one example message belongs to one intent."""
    out: list[KnowledgeError] = []
    owner: dict[str, str] = {}
    for name, spec in intents.root.items():
        if not spec.cue_group and spec.answer is None:
            out.append(KnowledgeError(file, f"{name}.answer", "missing: the answer method that answers this intent"))
        for lang in ("en", "pl"):
            for example in getattr(spec.examples, lang):
                other = owner.setdefault(_folded(example), name)
                if other != name:
                    out.append(
                        KnowledgeError(file, f"{name}.examples.{lang}", f"{example!r} is also an example of {other!r}")
                    )
    return out


def shared_cues(file: str, intents: schema.IntentsFile) -> list[KnowledgeError]:
    """The same cue phrase under two intents (cue groups aside): it counts for both, which is rarely meant."""
    owner: dict[str, str] = {}
    out: list[KnowledgeError] = []
    for name, spec in intents.root.items():
        if spec.cue_group:
            continue
        for key in ("strong", "cues"):
            for lang in ("en", "pl"):
                for phrase in getattr(getattr(spec, key), lang):
                    other = owner.setdefault(_folded(phrase), name)
                    if other != name:
                        out.append(
                            KnowledgeError(file, f"{name}.{key}.{lang}", f"{phrase!r} is also a cue of {other!r}")
                        )
    return out


def topic_problems(file: str, topics: schema.TopicsFile, texts: set[str] | None) -> list[KnowledgeError]:
    """A topic declines with a text of ui.yaml (`texts`: its keys holding a text; None: ui.yaml is unreadable)."""
    if texts is None:
        return []
    return [
        KnowledgeError(file, f"{name}.answer", f"no text {spec.answer!r} in ui.yaml")
        for name, spec in topics.root.items()
        if spec.answer not in texts
    ]


def _meant(word: str, known: Iterable[str]) -> str:
    """ "; did you mean 'finance'?" when a known word is close to `word`, else ""."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def _repeated(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        key = _folded(word)
        if key in seen:
            out.append(word)
        seen.add(key)
    return out
