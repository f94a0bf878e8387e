"""Read knowledge/*.yaml safely, check it, and build the frozen model; every problem is reported, not just the first."""
from __future__ import annotations

import re

from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.model import (
    LANGS, OFFICE_TYPES, SKILL_KINDS, SUBJECTS, IntentSpec, KnowledgeBase, OfficeType, Question, Role, Skill, Text,
    Topic,
)
from bot.nlu.normalize import fold

# libyaml's loader is as safe as safe_load and ten times faster; fall back where libyaml is missing.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = "tag:yaml.org,2002:bool"


class DuplicateKey(yaml.YAMLError):
    """A key given twice in one mapping: YAML would silently keep the last, hiding the first from the editor."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.lines = key, (first.line + 1, second.line + 1)


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys, with booleans as in YAML 1.2 (true/false only): in word lists
    "no", "on", "yes" are words (a negator, the Polish "he"), which YAML 1.1 would silently turn into false/true."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, yaml.Mark] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                if key in seen:
                    raise DuplicateKey(key, seen[key], key_node.start_mark)
                seen[key] = key_node.start_mark
            except TypeError:
                pass  # an unhashable key: the base constructor reports it
        return super().construct_mapping(node, deep=deep)


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}
_SafeLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
MAX_FILE_BYTES = 2_000_000
MIN_DUTIES, MIN_SKILLS, MIN_QUESTIONS = 4, 6, 6


class _Reader:
    """Typed access to one YAML document that records problems instead of raising at the first one."""

    def __init__(self, file: str, errors: list[KnowledgeError]) -> None:
        self.file, self.errors = file, errors

    def fail(self, key: str, why: str) -> None:
        self.errors.append(KnowledgeError(self.file, key, why))

    def mapping(self, node: Any, key: str) -> dict:
        if isinstance(node, dict):
            return node
        self.fail(key, f"expected a mapping, got {type(node).__name__}")
        return {}

    def string(self, node: dict, key: str, path: str) -> str:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(path, "missing" if value is None else f"expected non-empty text, got {type(value).__name__}")
        return ""

    def text(self, node: Any, path: str) -> Text:
        node = self.mapping(node, path)
        values = {lang: self.string(node, lang, f"{path}.{lang}") for lang in LANGS}
        return Text(**values)

    def texts(self, node: Any, path: str, minimum: int = 1) -> tuple[Text, ...]:
        items = self.items(node, path, minimum)
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(items))

    def items(self, node: Any, path: str, minimum: int = 0) -> list:
        if not isinstance(node, list):
            self.fail(path, "missing" if node is None else f"expected a list, got {type(node).__name__}")
            return []
        if len(node) < minimum:
            self.fail(path, f"needs at least {minimum} items, has {len(node)}")
        return node

    def words(self, node: Any, path: str, minimum: int = 1) -> dict[str, tuple[str, ...]]:
        """Per-language lists of phrases (aliases, fit words, cues)."""
        node = self.mapping(node, path)
        out: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            items = self.items(node.get(lang), f"{path}.{lang}", minimum)
            good = [str(x).strip() for x in items
                    if isinstance(x, (str, int)) and not isinstance(x, bool) and str(x).strip()]
            if len(good) != len(items):
                self.fail(f"{path}.{lang}", "every item must be non-empty text")
            out[lang] = tuple(good)
        return out

    def skills(self, node: Any, path: str, minimum: int) -> tuple[Skill, ...]:
        out = []
        for i, item in enumerate(self.items(node, path, minimum)):
            item = self.mapping(item, f"{path}[{i}]")
            kind = item.get("kind")
            if kind not in SKILL_KINDS:
                self.fail(f"{path}[{i}].kind", f"must be one of {', '.join(SKILL_KINDS)}, got {kind!r}")
            out.append(Skill(kind=str(kind), text=self.text(item, f"{path}[{i}]")))
        return tuple(out)

    def questions(self, node: Any, path: str, minimum: int) -> tuple[Question, ...]:
        out = []
        for i, item in enumerate(self.items(node, path, minimum)):
            item = self.mapping(item, f"{path}[{i}]")
            out.append(Question(self.text(item, f"{path}[{i}]"),
                                self.text(item.get("good_answer"), f"{path}[{i}].good_answer")))
        return tuple(out)


def read_yaml(path: Path, errors: list[KnowledgeError]) -> Any:
    """Parse one file with the safe loader; size and syntax problems become KnowledgeErrors."""
    name = _display(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            errors.append(KnowledgeError(name, "-", f"file is larger than {MAX_FILE_BYTES} bytes"))
            return None
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        errors.append(KnowledgeError(name, "-", "file is missing"))
    except DuplicateKey as exc:
        first, second = exc.lines
        errors.append(KnowledgeError(name, str(exc.key), f"defined twice (lines {first} and {second}); keep one"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        errors.append(KnowledgeError(name, where, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(KnowledgeError(name, "-", f"cannot read: {exc}"))
    return None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _role(doc: Any, path: Path, errors: list[KnowledgeError]) -> Role | None:
    r = _Reader(_display(path), errors)
    doc = r.mapping(doc, "-")
    if not doc:
        return None
    slug = r.string(doc, "slug", "slug")
    if slug and slug != path.stem:
        r.fail("slug", f"must equal the file name {path.stem!r}")
    office = doc.get("office")
    if office not in OFFICE_TYPES:
        r.fail("office", f"must be one of {', '.join(OFFICE_TYPES)}, got {office!r}")
    also = tuple(r.items(doc.get("also_office", []), "also_office"))
    for extra in also:
        if extra not in OFFICE_TYPES or extra == office:
            r.fail("also_office", f"{extra!r} is not another office type")
    return Role(
        slug=slug, office=str(office), also_office=also,
        name=r.text(doc.get("names"), "names"),
        aliases=r.words(doc.get("aliases"), "aliases"),
        why=r.text(doc.get("why"), "why"),
        description=r.text(doc.get("description"), "description"),
        duties=r.texts(doc.get("duties"), "duties", MIN_DUTIES),
        skills=r.skills(doc.get("skills"), "skills", MIN_SKILLS),
        interview=r.questions(doc.get("interview"), "interview", MIN_QUESTIONS),
        fit=r.words(doc.get("fit"), "fit"),
        related=tuple(str(x) for x in r.items(doc.get("related", []), "related")),
        source=r.file,
    )


def _office_type(doc: Any, r: _Reader, key: str) -> OfficeType:
    doc = r.mapping(doc, key)
    slug = doc.get("slug")
    if slug not in OFFICE_TYPES:
        r.fail(f"{key}.slug", f"must be one of {', '.join(OFFICE_TYPES)}, got {slug!r}")
    return OfficeType(
        slug=str(slug), name=r.text(doc.get("names"), f"{key}.names"),
        aliases=r.words(doc.get("aliases"), f"{key}.aliases"),
        definition=r.text(doc.get("definition"), f"{key}.definition"),
        purpose=r.text(doc.get("purpose"), f"{key}.purpose"),
        client_contact=r.text(doc.get("client_contact"), f"{key}.client_contact"),
        duties=r.texts(doc.get("duties"), f"{key}.duties", MIN_DUTIES),
        skills=r.skills(doc.get("skills"), f"{key}.skills", MIN_SKILLS),
        computer_scope=r.text(doc.get("computer_scope"), f"{key}.computer_scope"),
        interview=r.questions(doc.get("interview"), f"{key}.interview", MIN_QUESTIONS),
        fit=r.words(doc.get("fit"), f"{key}.fit"),
        article_examples=tuple(str(x) for x in r.items(doc.get("article_examples", []), f"{key}.article_examples")),
    )


def _intents(doc: Any, r: _Reader) -> dict[str, IntentSpec]:
    out = {}
    for name, spec in r.mapping(doc, "-").items():
        spec = r.mapping(spec, name)
        flat = lambda key: tuple(p for ps in r.words(spec.get(key, {"en": [], "pl": []}), f"{name}.{key}", 0).values() for p in ps)
        unknown = set(spec) - {"subject", "follows_up", "answer", "cue_group", "strong", "cues", "examples"}
        if unknown:
            r.fail(str(name), f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
        group = spec.get("cue_group") is True
        subject = spec.get("subject", "none")
        if not group and subject not in SUBJECTS:
            r.fail(f"{name}.subject", f"must be one of {', '.join(SUBJECTS)}, got {subject!r}")
        if not group and not isinstance(spec.get("answer"), str):
            r.fail(f"{name}.answer", "missing: the answer method that answers this intent")
        if not isinstance(spec.get("follows_up", False), bool):
            r.fail(f"{name}.follows_up", "must be true or false")
        out[str(name)] = IntentSpec(name=str(name), strong=flat("strong"), cues=flat("cues"),
                                    examples=r.words(spec.get("examples"), f"{name}.examples"),
                                    subject=str(subject), follows_up=spec.get("follows_up") is True,
                                    answer=str(spec.get("answer", "")), cue_group=group)
    return out


def _topics(doc: Any, r: _Reader, ui: dict[str, Text]) -> dict[str, Topic]:
    out = {}
    for name, spec in r.mapping(doc, "-").items():
        spec = r.mapping(spec, str(name))
        unknown = set(spec) - {"answer", "needs", "wins", "phrases"}
        if unknown:
            r.fail(str(name), f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
        answer = r.string(spec, "answer", f"{name}.answer")
        if answer and answer not in ui:
            r.fail(f"{name}.answer", f"no text {answer!r} in ui.yaml")
        needs = spec.get("needs", "")
        if needs not in ("", "unknown_job", "no_role"):
            r.fail(f"{name}.needs", f"must be unknown_job or no_role, got {needs!r}")
        if not isinstance(spec.get("wins", False), bool):
            r.fail(f"{name}.wins", "must be true or false")
        phrases = tuple(p for ps in r.words(spec.get("phrases"), f"{name}.phrases").values() for p in ps)
        out[str(name)] = Topic(name=str(name), phrases=phrases, answer=answer, needs=str(needs),
                               wins=spec.get("wins") is True)
    return out


def _ui(doc: Any, r: _Reader) -> tuple[dict[str, Text], dict[str, dict[str, tuple[str, ...]]]]:
    strings, lists = {}, {}
    for key, node in r.mapping(doc, "-").items():
        if isinstance(node, dict) and any(isinstance(v, list) for v in node.values()):
            lists[str(key)] = r.words(node, str(key))
        else:
            strings[str(key)] = r.text(node, str(key))
    return strings, lists


def _check_references(kb_roles: dict[str, Role], errors: list[KnowledgeError]) -> None:
    """Cross-file rules: related roles exist, and no alias names two roles."""
    owner: dict[str, str] = {}
    for role in kb_roles.values():
        for slug in role.related:
            if slug not in kb_roles:
                errors.append(KnowledgeError(role.source, "related", f"unknown role {slug!r}"))
        for lang, aliases in role.aliases.items():
            for alias in aliases:
                key = " ".join(fold(alias).split())
                other = owner.setdefault(key, role.slug)
                if other != role.slug:
                    errors.append(KnowledgeError(role.source, f"aliases.{lang}",
                                                 f"{alias!r} is also an alias of {other!r}"))


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate a knowledge directory; raises KnowledgeErrors listing every problem."""
    root = Path(directory) if directory else DEFAULT_DIR
    errors: list[KnowledgeError] = []
    roles: dict[str, Role] = {}
    role_files = sorted((root / "roles").glob("*.yaml"))
    if not role_files:
        errors.append(KnowledgeError(_display(root / "roles"), "-", "no role files"))
    for path in role_files:
        role = _role(read_yaml(path, errors), path, errors)
        if role and role.slug:
            if role.slug in roles:
                errors.append(KnowledgeError(_display(path), "slug", f"duplicate slug {role.slug!r}"))
            roles[role.slug] = role
    _check_references(roles, errors)

    r = _Reader(_display(root / "office_types.yaml"), errors)
    offices_doc = r.mapping(read_yaml(root / "office_types.yaml", errors) or {}, "-")
    offices = {}
    for i, node in enumerate(r.items(offices_doc.get("office_types"), "office_types", 3)):
        office = _office_type(node, r, f"office_types[{i}]")
        if office.slug in offices:
            r.fail(f"office_types[{i}].slug", f"duplicate slug {office.slug!r}")
        offices[office.slug] = office
    overview = r.text(offices_doc.get("overview"), "overview")
    comparison = r.texts(offices_doc.get("comparison"), "comparison")

    ri = _Reader(_display(root / "intents.yaml"), errors)
    intents = _intents(read_yaml(root / "intents.yaml", errors) or {}, ri)
    ru = _Reader(_display(root / "ui.yaml"), errors)
    ui, lists = _ui(read_yaml(root / "ui.yaml", errors) or {}, ru)
    rt = _Reader(_display(root / "topics.yaml"), errors)
    topics = _topics(read_yaml(root / "topics.yaml", errors) or {}, rt, ui)
    rl = _Reader(_display(root / "language.yaml"), errors)
    language_doc = rl.mapping(read_yaml(root / "language.yaml", errors) or {}, "-")
    language = {str(k): tuple(str(w) for w in rl.items(v, str(k))) for k, v in language_doc.items()}
    rs = _Reader(_display(root / "settings.yaml"), errors)
    settings = {str(k): float(v) for k, v in rs.mapping(read_yaml(root / "settings.yaml", errors) or {}, "-").items()
                if isinstance(v, (int, float)) and not isinstance(v, bool) or rs.fail(str(k), "must be a number")}
    if errors:
        raise KnowledgeErrors(errors)
    return KnowledgeBase(roles=roles, office_types=offices, overview=overview, comparison=comparison,
                         intents=intents, ui=ui, lists=lists, language=language, settings=settings,
                         topics=topics)
