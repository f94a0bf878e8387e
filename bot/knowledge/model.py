"""The knowledge base as frozen dataclasses: what the matcher and the answers read, never YAML dicts."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "pl")
OFFICE_TYPES = ("front-office", "middle-office", "back-office")
SKILL_KINDS = ("soft", "hard", "computer")
SUBJECTS = ("role", "office", "either", "none")  # what an intent is asked about (intents.yaml `subject`)


DETAIL_SEPARATOR = " — "  # a skill's shared wording, then the role's own detail: "Accuracy — every entry traced"


@dataclass(frozen=True)
class Text:
    """One sentence in both languages."""

    en: str
    pl: str

    def get(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en


@dataclass(frozen=True)
class Skill:
    """A skill as answers show it. In a role: the skills.yaml wording, plus " — " and the role's detail when it
    has one, with the vocabulary id (so checklists can compare roles by id); an office type's skills have no id."""

    kind: str
    text: Text
    id: str = ""


@dataclass(frozen=True)
class AlsoOffice:
    """Another office type a role counts as, and when ("in banks, where ...")."""

    office: str
    when: Text


@dataclass(frozen=True)
class Question:
    text: Text
    good_answer: Text


@dataclass(frozen=True)
class Role:
    slug: str
    isco: str  # ISCO-08 unit group (isco.yaml)
    department: str  # departments.yaml
    office: str
    also_office: tuple[AlsoOffice, ...]
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
        """The office type that fits most users first, then the others it also counts as."""
        return (self.office, *(also.office for also in self.also_office))


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
    typical_roles: tuple[str, ...] = ()  # its most common jobs, most common first


@dataclass(frozen=True)
class IntentSpec:
    """One intent of intents.yaml: what it is about, how follow-ups treat it, its answer, and how people phrase it
    (cue phrases, strong ones weighing more, and whole example messages). A cue group (`correction`) has cues but
    is no intent: nothing is ever answered as it."""

    name: str
    strong: tuple[str, ...]
    cues: tuple[str, ...]
    examples: dict[str, tuple[str, ...]]
    subject: str = "none"
    follows_up: bool = False
    answer: str = ""
    cue_group: bool = False
    staged: bool = False  # decided by a reading stage (job_ad: a pasted ad), never by the fitted model


@dataclass(frozen=True)
class Topic:
    """A question next to the bot's topic it declines honestly (pay, labour law, people...): topics.yaml."""

    name: str
    phrases: tuple[str, ...]
    answer: str  # the ui.yaml text the bot declines with
    needs: str = ""  # "unknown_job" / "no_role": only when the message names such a job / no role
    wins: bool = False  # declined even beside an office-role request
    listing: tuple[str, ...] = ()  # also the topic's, but printed in ad titles ("– B2B", "(umowa o pracę)")


@dataclass(frozen=True)
class Occupation:
    """A job that is not office work (occupations.yaml): recognised so the bot can say so, and point to office roles
    near it, instead of "I don't know that role"."""

    slug: str
    major: str  # ISCO-08 major group (isco.yaml)
    name: Text
    aliases: dict[str, tuple[str, ...]]
    near: tuple[str, ...]  # role slugs


@dataclass(frozen=True)
class AdCheck:
    """A point of the ad check (job_ads.yaml): the phrases or pattern that raise it, and the text with its rule."""

    name: str
    phrases: tuple[str, ...]
    pattern: str | None
    text: Text


@dataclass(frozen=True)
class JobAdRules:
    """How a pasted job ad is read and checked (job_ads.yaml); None in a knowledge base without the file."""

    detect: dict[str, int]
    sections: dict[str, tuple[str, ...]]  # section -> headings, both languages
    bullets: tuple[str, ...]
    currencies: tuple[str, ...]
    pay_words: tuple[str, ...]
    vague_pay: tuple[str, ...]
    contracts: tuple[str, ...]
    place_markers: tuple[str, ...]
    place_modes: tuple[str, ...]
    not_questions: tuple[str, ...]
    role_from_duties_lead: float
    role_from_duties_lines: float
    title_extras: tuple[str, ...]
    requirement_fillers: tuple[str, ...]
    neutral_title_markers: tuple[str, ...]
    gendered_words_en: tuple[str, ...]
    checks: tuple[AdCheck, ...]


@dataclass(frozen=True)
class Isco:
    """The ISCO-08 groups the knowledge base uses (isco.yaml), code -> name."""

    major_groups: dict[str, Text] = field(default_factory=dict)
    unit_groups: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class KnowledgeBase:
    roles: dict[str, Role]
    office_types: dict[str, OfficeType]
    overview: Text
    comparison: tuple[Text, ...]
    intents: dict[str, IntentSpec]  # the intents and the cue groups, by name
    ui: dict[str, Text]
    lists: dict[str, dict[str, tuple[str, ...]]]  # UI lists (example questions...) per language
    language: dict[str, tuple[str, ...]]  # word lists the matcher needs (stopwords, negators...)
    settings: dict[str, float] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)  # the shared vocabulary (skills.yaml), by id
    isco: Isco = field(default_factory=Isco)
    departments: dict[str, Text] = field(default_factory=dict)  # departments.yaml, by id
    occupations: dict[str, Occupation] = field(default_factory=dict)  # non-office jobs (occupations.yaml), by slug
    job_ads: JobAdRules | None = None  # job_ads.yaml: how a pasted job ad is read

    @property
    def intent_names(self) -> tuple[str, ...]:
        """The intents the fitted model tells apart, in intents.yaml's order (cue groups and staged intents excluded:
        a pasted job ad is recognised by its own stage)."""
        return tuple(name for name, spec in self.intents.items() if not spec.cue_group and not spec.staged)

    def intents_about(self, *subjects: str) -> tuple[str, ...]:
        """The intents asked about one of these subjects ("role", "office", "either", "none")."""
        return tuple(n for n, s in self.intents.items() if not s.cue_group and s.subject in subjects)

    def text(self, key: str, lang: str, **values: object) -> str:
        """An interface string in `lang`, with {placeholders} filled."""
        template = self.ui[key].get(lang)
        return template.format(**values) if values else template

    def roles_in(self, office: str) -> list[Role]:
        return [r for r in self.roles.values() if r.office == office]

    def roles_also_in(self, office: str) -> list[Role]:
        """Roles of another office type that also count as `office` in some firms (their `also_office`)."""
        return [r for r in self.roles.values() if office in r.offices[1:]]
