"""The shape of every knowledge file, as pydantic models that refuse unknown keys.

Why pydantic and `extra="forbid"`: a hand-edited YAML file fails quietly when a key is misspelt — `also_ofice:` or
`fallback_treshold:` used to load as if the key were absent. Here every key a file may hold is named and typed,
so a typo is an error naming the file and the key. The same models export the JSON schema editors use
(`python -m bot schema`).

Only the shape of one file is checked here; what files must agree on (a skill id exists, an alias names one role)
is bot/knowledge/validate.py's job, and turning the documents into the frozen model is bot/knowledge/build.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    StrictBool,
    StringConstraints,
    Tag,
)

Doc = TypeVar("Doc", bound=BaseModel)
Office = Literal["front-office", "middle-office", "back-office"]
SkillKind = Literal["soft", "hard", "computer"]
Subject = Literal["role", "office", "either", "none"]  # what an intent is asked about

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
ISCO_UNIT_PATTERN = r"^\d{4}$"
ISCO_MAJOR_PATTERN = r"^\d$"
PATTERN_NAMES = {  # what a pattern means, in the words an error message uses
    SLUG_PATTERN: "lower-case words joined by hyphens (kebab-case), e.g. bank-teller",
    NAME_PATTERN: "lower-case letters, digits and underscores, e.g. list_roles",
    ISCO_UNIT_PATTERN: 'four digits in quotes, e.g. "3313"',
    ISCO_MAJOR_PATTERN: 'one digit in quotes, e.g. "4"',
}


def _number_as_word(value: Any) -> Any:
    """A list of words may hold a number ("112", "1"): YAML reads it as int, the matcher wants text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Sentence = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
Word = Annotated[
    str, BeforeValidator(_number_as_word), StringConstraints(strict=True, strip_whitespace=True, min_length=1)
]
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
Name = Annotated[str, StringConstraints(strict=True, pattern=NAME_PATTERN)]
IscoUnit = Annotated[str, StringConstraints(strict=True, pattern=ISCO_UNIT_PATTERN)]
IscoMajor = Annotated[str, StringConstraints(strict=True, pattern=ISCO_MAJOR_PATTERN)]
Share = Annotated[float, Field(strict=True, ge=0, le=1)]
Cutoff = Annotated[float, Field(strict=True, ge=0, le=100)]
Count = Annotated[int, Field(strict=True, ge=1)]


class Strict(BaseModel):
    """Every model here: unknown keys are errors, and documents are read, never changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- shared pieces ----------------------------------------------------------------------------------------------


class Text(Strict):
    """One sentence in both languages."""

    en: Sentence
    pl: Sentence


class Words(Strict):
    """Per-language lists of phrases (aliases, fit words, example messages): at least one in each language."""

    en: list[Word] = Field(min_length=1)
    pl: list[Word] = Field(min_length=1)


class Phrases(Strict):
    """Per-language lists that may be empty or left out (an intent's cues in one language only)."""

    en: list[Word] = []
    pl: list[Word] = []


class Question(Strict):
    """An interview question and what a good answer shows."""

    en: Sentence
    pl: Sentence
    good_answer: Text


class SkillEntry(Strict):
    """A skill written out: a skills.yaml vocabulary entry, or an office type's own skill."""

    kind: SkillKind
    en: Sentence
    pl: Sentence


# -- roles/<slug>.yaml (format v2) -------------------------------------------------------------------------------


class AlsoOffice(Strict):
    """Another office type the role counts as, and when."""

    office: Office
    when: Text


class SkillRef(Strict):
    """A skill of skills.yaml by id, with an optional role-specific detail shown after a dash."""

    id: Slug
    detail: Text | None = None


class RoleFile(Strict):
    """One role: roles/<slug>.yaml. roles/bookkeeper.yaml is the commented template."""

    slug: Slug
    isco: IscoUnit = Field(description="ISCO-08 unit group, a key of isco.yaml's unit_groups")
    department: Slug = Field(description="a key of departments.yaml")
    office: Office
    also_office: list[AlsoOffice] = []
    names: Text
    aliases: Words
    why: Text
    description: Text
    duties: list[Text] = Field(min_length=4, max_length=8)
    skills: list[SkillRef] = Field(min_length=6, max_length=10)
    interview: list[Question] = Field(min_length=6, max_length=8)
    fit: Words
    related: list[Slug] = Field(min_length=1)


# -- office_types.yaml ---------------------------------------------------------------------------------------------


class OfficeType(Strict):
    slug: Office
    names: Text
    aliases: Words
    definition: Text
    purpose: Text
    client_contact: Text
    duties: list[Text] = Field(min_length=4)
    skills: list[SkillEntry] = Field(min_length=6)
    computer_scope: Text
    interview: list[Question] = Field(min_length=6)
    fit: Words
    article_examples: list[Slug] = []
    typical_roles: list[Slug] = []  # its most common jobs, most common first: what suggestions favour


class OfficeTypesFile(Strict):
    overview: Text
    office_types: list[OfficeType] = Field(min_length=3)
    comparison: list[Text] = Field(min_length=1)


# -- intents.yaml and topics.yaml ------------------------------------------------------------------------------------


class Intent(Strict):
    """One intent (or, with cue_group, a set of cues that is no intent): what it is about and how it is phrased."""

    subject: Subject = "none"
    follows_up: StrictBool = False
    answer: Name | None = Field(None, description="the Composer method answer_<answer> (bot/answers/compose.py)")
    cue_group: StrictBool = False
    staged: StrictBool = Field(False, description="decided by a reading stage (a pasted job ad), not the intent model")
    strong: Phrases = Phrases()
    cues: Phrases = Phrases()
    examples: Words


class IntentsFile(RootModel[dict[Name, Intent]]):
    pass


class Topic(Strict):
    """A question next to the bot's topic that it declines honestly."""

    answer: Name = Field(description="the ui.yaml text the bot declines with")
    needs: Literal["", "unknown_job", "no_role"] = ""
    wins: StrictBool = False
    phrases: Words
    listing: Phrases = Field(
        default=Phrases(),
        description="terms a job ad prints after its title (contract type, night shifts): about the ad, not asked, "
        "when set off from a named job and asking nothing",
    )


class TopicsFile(RootModel[dict[Name, Topic]]):
    pass


# -- ui.yaml: a text in both languages, or per-language lists (examples, help topics) -------------------------------


def _ui_kind(value: Any) -> str:
    lists = isinstance(value, dict) and any(isinstance(item, list) for item in value.values())
    return "<lists>" if lists else "<text>"


UiEntry = Annotated[Annotated[Text, Tag("<text>")] | Annotated[Words, Tag("<lists>")], Discriminator(_ui_kind)]


class UiFile(RootModel[dict[Name, UiEntry]]):
    pass


# -- language.yaml: the word lists the matcher reads, each by name ----------------------------------------------------


class LanguageFile(Strict):
    """Every word list the understanding code reads; a list it does not know is a typo."""

    stopwords: list[Word]
    filler: list[Word]
    common: list[Word]
    cue_filler: list[Word]
    short_fuzzy_targets: list[Word]
    articles: list[Word]
    title_words: list[Word]
    slang_noun_forms: list[Word]
    conditional_endings: list[Word]
    loanword_endings: list[Word]
    target_markers: list[Word]
    target_markers_after: list[Word]
    interviewer_roles: list[Slug] = Field(description="role slugs: who asks the interview questions")
    feminine_person_endings: list[Word]
    job_noun_endings_en: list[Word]
    not_job_nouns: list[Word]
    ambiguous_office_words: list[Word]
    description_markers: list[Word]
    reason_markers: list[Word]
    another_job_openers: list[Word]
    followup_markers: list[Word]
    office_abbreviations: list[Word]
    office_abbreviations_alone: list[Word]
    office_abbreviation_prepositions: list[Word]
    workplace_prepositions: list[Word]
    likeness_words: list[Word]
    title_heads: list[Word]
    unstemmed_en: list[Word]
    people_words: list[Word]
    exclusion_words: list[Word]
    anaphora: list[Word]
    negators: list[Word]
    dislike_words: list[Word]
    current_job_markers: list[Word]
    current_job_markers_after: list[Word]
    desire_markers: list[Word]
    markers_en: list[Word]
    markers_en_domain: list[Word]
    markers_pl: list[Word]
    abbreviations: list[Word]
    markers_neutral: list[Word]
    contact: list[Word]
    clause_breaks: list[Word]
    negation_cancel: list[Word]
    refusals_after: list[Word]
    refusals_before: list[Word]
    smalltalk_thanks: list[Word]
    smalltalk_bye: list[Word]
    smalltalk_who: list[Word]
    smalltalk_how: list[Word]
    shorthands_en: list[Word]
    shorthands_pl: list[Word]


# -- settings.yaml -----------------------------------------------------------------------------------------------------


class SettingsFile(Strict):
    """Every threshold and count, named and typed: `fallback_treshold:` is an unknown key, not a silent default."""

    fallback_threshold: Share
    ambiguity_threshold: Share
    override_confidence: Share | None = None
    typo_cutoff_4_letters: Cutoff
    typo_cutoff_5_letters: Cutoff
    typo_cutoff_6_7_letters: Cutoff
    typo_cutoff_longer: Cutoff
    example_match_cutoff: Cutoff
    unknown_title_nearest: Count
    unknown_title_office_share: Share
    longest_unknown_role: Count
    suggestions: Count
    partial_name_choices: Count
    interview_kit_page: Count
    checklist_fit_share: Share
    checklist_fit_roles: Count
    inline_results: Annotated[int, Field(strict=True, ge=1, le=50)]  # Telegram shows at most 50
    browse_page: Annotated[int, Field(strict=True, ge=1, le=20)]  # a page of roles, one button a row
    list_per_department: Count
    earlier_description_weight: Share
    suggest_typical_weight: Annotated[float, Field(ge=0, le=20)] = 4.0
    similar_roles: Count | None = None
    similar_weight_department: Share | None = None
    similar_weight_isco: Share | None = None
    similar_weight_office: Share | None = None


# -- the catalogue's shared files: skills.yaml, isco.yaml, departments.yaml, occupations.yaml ------------------------


class SkillsFile(RootModel[dict[Slug, SkillEntry]]):
    """The shared skill vocabulary: one skill, one wording; roles refer to it by id."""


class IscoFile(Strict):
    """ISCO-08 groups the knowledge base uses: major groups (first digit) and unit groups (four digits)."""

    major_groups: dict[IscoMajor, Text]
    unit_groups: dict[IscoUnit, Text]


class DepartmentsFile(RootModel[dict[Slug, Text]]):
    pass


class Occupation(Strict):
    """A job that is not office work, so the bot can say so instead of "I don't know that role"."""

    slug: Slug
    major: IscoMajor = Field(description="ISCO-08 major group, a key of isco.yaml's major_groups")
    names: Text
    aliases: Words
    near: list[Slug] = Field([], description="office roles a person in this job might look at instead")


class OccupationsFile(RootModel[list[Occupation]]):
    pass


# -- job_ads.yaml: reading a pasted job ad, and the ad check --------------------------------------------------------


class AdDetect(Strict):
    min_chars: Count
    min_sections: Count
    min_bullets: Count
    longest_title: Count
    longest_question: Count


class AdSections(Strict):
    """The headings of an ad's parts; company blurbs and "how to apply" are read so their words never choose
    the role."""

    duties: Words
    requirements: Words
    nice_to_have: Words
    offer: Words
    company: Words
    overview: Words
    apply: Words


class AdPlaces(Strict):
    markers: list[Word] = Field(min_length=1)
    modes: list[Word] = Field(min_length=1)


def _compiles(value: str | None) -> str | None:
    if value is not None:
        re.compile(value)  # a bad pattern is an error at load: re.error becomes a ValueError below
    return value


def _checked_pattern(value: Any) -> Any:
    try:
        return _compiles(value)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from error


class AdCheck(Strict):
    """One point of the ad check: the phrases (or pattern) that raise it, and what to say, with the rule."""

    phrases: Phrases = Phrases()
    pattern: Annotated[str | None, BeforeValidator(_checked_pattern)] = None
    en: Sentence
    pl: Sentence


class JobAdsFile(Strict):
    """How a pasted job ad is read (bot/jobads/) and checked."""

    detect: AdDetect
    sections: AdSections
    bullets: list[Word] = Field(min_length=1)
    currencies: list[Word] = Field(min_length=1)
    pay_words: list[Word] = Field(min_length=1)
    vague_pay: list[Word] = Field(min_length=1)
    contracts: Words
    places: AdPlaces
    not_questions: list[Word] = Field(min_length=1)
    role_from_duties_lead: Annotated[float, Field(strict=True, ge=1)]
    role_from_duties_lines: Share
    title_extras: list[Word] = Field(min_length=1)
    requirement_fillers: list[Word] = Field(min_length=1)
    neutral_title_markers: list[Word] = Field(min_length=1)
    gendered_words_en: list[Word] = Field(min_length=1)
    checks: dict[Name, AdCheck]


FILES: dict[str, type[BaseModel]] = {  # every knowledge file but the role files, by name
    "office_types.yaml": OfficeTypesFile,
    "intents.yaml": IntentsFile,
    "topics.yaml": TopicsFile,
    "ui.yaml": UiFile,
    "language.yaml": LanguageFile,
    "settings.yaml": SettingsFile,
    "skills.yaml": SkillsFile,
    "isco.yaml": IscoFile,
    "departments.yaml": DepartmentsFile,
    "occupations.yaml": OccupationsFile,
    "job_ads.yaml": JobAdsFile,
}
OPTIONAL_FILES = {"occupations.yaml", "job_ads.yaml"}  # absent means empty (no ads read)


@dataclass
class Documents:
    """Every file of one knowledge directory as read: what the cross-file checks and the model builder take.

    A file whose schema failed is None here (its problems are already reported), so later checks skip it
    instead of piling consequences on the first mistake; what other files refer to in it (its skill ids, ISCO
    codes, department ids, role files) is still known from `raw` and `role_files`, so a role's own mistakes are
    reported in the same run.
    """

    roles: list[tuple[str, str, RoleFile]] = dataclass_field(default_factory=list)  # (file shown, file stem, doc)
    role_files: set[str] = dataclass_field(default_factory=set)  # every roles/<stem>.yaml, even a broken one
    files: dict[str, BaseModel | None] = dataclass_field(default_factory=dict)  # "intents.yaml" -> doc
    raw: dict[str, Any] = dataclass_field(default_factory=dict)  # "isco.yaml" -> the data as YAML read it
    shown: dict[str, str] = dataclass_field(default_factory=dict)  # "intents.yaml" -> name shown

    def get(self, name: str, model: type[Doc]) -> Doc | None:
        """The document of file `name` when it passed its schema."""
        doc = self.files.get(name)
        return doc if isinstance(doc, model) else None
