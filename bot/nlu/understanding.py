"""The result of reading one message: what the user wants, about which role or office type, and how sure we are."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bot.knowledge.model import INTENTS  # noqa: F401  (re-exported: the intents an understanding can have)

ROLE_INTENTS = ("classify", "duties", "skills", "interview")


@dataclass
class Understanding:
    intent: str
    lang: str
    confidence: float
    role: str | None = None
    category: str | None = None
    roles: list[str] = field(default_factory=list)          # every known role named (comparisons)
    offices: list[str] = field(default_factory=list)        # every office type named, in order
    suggestions: list[str] = field(default_factory=list)    # role slugs, best first
    reasons: dict[str, list[str]] = field(default_factory=dict)  # slug -> the user's words that matched
    avoid: list[str] = field(default_factory=list)           # what the user would rather not do ("phone calls")
    also: list[str] = field(default_factory=list)           # further intents asked in the same message
    unknown_role: str | None = None                          # a role-like word we do not know ("pilot")
    look_alike: bool = False                                 # suggestions are roles whose names look like it
    partial_name: bool = False                               # suggestions are roles whose names contain it
    negated: bool = False                                    # "isn't a cashier back office?"
    from_context: bool = False                               # role or office type taken from earlier messages
    fallback: bool = False                                   # too unsure: offer help instead of an answer
    ranking: list[tuple[str, float]] = field(default_factory=list)  # competing readings (intent, share), best first
    choices: list[str] = field(default_factory=list)         # readings too close to pick one: ask "did you mean"
    about_user: bool = False                                 # the user described themselves ("I like numbers")

    def public(self) -> dict:
        """The fields `python -m bot parse` prints."""
        return {"intent": self.intent, "role": self.role, "category": self.category, "lang": self.lang,
                "confidence": round(self.confidence, 3), "suggestions": list(self.suggestions)}

    def full(self) -> dict:
        return asdict(self)
