"""The result of reading one message: what the user wants, about which role or office type, and how sure we are."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.jobads.reading import AdReading


@dataclass
class Understanding:
    intent: str
    lang: str
    confidence: float  # the model's probability that this reading is what was asked (0..1)
    role: str | None = None
    category: str | None = None  # the office type asked about, or the role's own; "non-office" for such a job
    roles: list[str] = field(default_factory=list)  # every known role named (comparisons)
    offices: list[str] = field(default_factory=list)  # every office type named, in order
    suggestions: list[str] = field(default_factory=list)  # role slugs, best first
    reasons: dict[str, list[str]] = field(default_factory=dict)  # slug -> the user's words that matched
    avoid: list[str] = field(default_factory=list)  # what the user would rather not do ("phone calls")
    excluded: list[str] = field(default_factory=list)  # roles a suggestion left out: named, current job...
    excluded_offices: list[str] = field(default_factory=list)  # office types the user ruled out
    current_job: str | None = None  # the job the user has and wants to leave ("I'm a cashier and want out")
    also: list[str] = field(default_factory=list)  # further intents asked in the same message
    unknown_role: str | None = None  # a role-like word we do not know ("UX writer")
    occupation: str | None = None  # a job that is not office work (occupations.yaml): category "non-office"
    near_by_meaning: bool = False  # suggestions are the roles nearest to it by name, duties and department
    office_by_nearest: bool = False  # the category is an unknown title's likely office type (unknown.py)
    partial_name: bool = False  # suggestions are roles whose names contain it
    negated: bool = False  # "isn't a cashier back office?": the office type asked about is negated
    from_context: bool = False  # role or office type taken from earlier messages
    fallback: bool = False  # too unsure: offer help instead of an answer
    ranking: list[tuple[str, float]] = field(default_factory=list)  # (intent, probability), best first
    choices: list[str] = field(default_factory=list)  # readings too close to pick one: ask "did you mean"
    about_user: bool = False  # the user described themselves ("I like numbers")
    topic: str | None = None  # a question next to the topic the bot declines (topics.yaml: pay, law...)
    offer_role: str | None = None  # the role named beside a declined question: what the bot can do for it
    similar_to: str | None = None  # suggestions are roles like this one ("similar roles?")
    decided_by: str = "model"  # the stage or named rule that chose the intent
    ad: AdReading | None = None  # a pasted job ad: its parts and the role behind it (bot/jobads/)

    def public(self) -> dict[str, Any]:
        """The fields `python -m bot parse` prints."""
        return {
            "intent": self.intent,
            "role": self.role,
            "category": self.category,
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "suggestions": list(self.suggestions),
            "decided_by": self.decided_by,
        }

    def full(self) -> dict[str, Any]:
        return asdict(self)
