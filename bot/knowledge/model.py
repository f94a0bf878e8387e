"""The knowledge base as frozen dataclasses: what the matcher and the answers read, never YAML dicts."""
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "pl")
OFFICE_TYPES = ("front-office", "middle-office", "back-office")
SKILL_KINDS = ("soft", "hard", "computer")
INTENTS = ("classify", "duties", "skills", "interview", "suggest", "explain", "compare", "list_roles",
           "smalltalk", "help", "out_of_scope")
CUE_GROUPS = ("correction",)      # cue phrases the reading rules use that are no intent of their own


@dataclass(frozen=True)
class Text:
    """One sentence in both languages."""

    en: str
    pl: str

    def get(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en


@dataclass(frozen=True)
class Skill:
    kind: str
    text: Text


@dataclass(frozen=True)
class Question:
    text: Text
    good_answer: Text


@dataclass(frozen=True)
class Role:
    slug: str
    office: str
    also_office: tuple[str, ...]
    name: Text
    aliases: dict[str, tuple[str, ...]]
    why: Text
    description: Text
    duties: tuple[Text, ...]
    skills: tuple[Skill, ...]
    interview: tuple[Question, ...]
    fit: dict[str, tuple[str, ...]]
    related: tuple[str, ...]
    source: str = ""

    @property
    def offices(self) -> tuple[str, ...]:
        return (self.office, *self.also_office)


@dataclass(frozen=True)
class OfficeType:
    slug: str
    name: Text
    aliases: dict[str, tuple[str, ...]]
    definition: Text
    purpose: Text
    client_contact: Text
    duties: tuple[Text, ...]
    skills: tuple[Skill, ...]
    computer_scope: Text
    interview: tuple[Question, ...]
    fit: dict[str, tuple[str, ...]]
    article_examples: tuple[str, ...]


@dataclass(frozen=True)
class IntentSpec:
    """How people phrase one intent: cue phrases (strong ones weigh more) and whole example messages."""

    name: str
    strong: tuple[str, ...]
    cues: tuple[str, ...]
    examples: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class KnowledgeBase:
    roles: dict[str, Role]
    office_types: dict[str, OfficeType]
    overview: Text
    comparison: tuple[Text, ...]
    intents: dict[str, IntentSpec]
    ui: dict[str, Text]
    lists: dict[str, dict[str, tuple[str, ...]]]   # UI lists (example questions...) per language
    language: dict[str, tuple[str, ...]]           # word lists the matcher needs (stopwords, negators...)
    settings: dict[str, float] = field(default_factory=dict)

    def text(self, key: str, lang: str, **values: object) -> str:
        """An interface string in `lang`, with {placeholders} filled."""
        template = self.ui[key].get(lang)
        return template.format(**values) if values else template

    def roles_in(self, office: str) -> list[Role]:
        return [r for r in self.roles.values() if r.office == office]
