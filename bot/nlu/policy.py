"""Stage 8 — answer, ask "did you mean…?", or fall back (Rasa's FallbackClassifier, thresholds in settings.yaml).

* fallback_threshold: below this probability the bot says what it can do instead of guessing;
* ambiguity_threshold: when the two likeliest readings of a request about a role are closer than this, the bot
  asks which one with a button for each;
* override_confidence: how sure a named override (overrides.py) is taken to be, when the model is less sure.
Thresholds are chosen on out-of-fold probabilities of the training set (`python -m bot train` prints the table),
never on a test set; `python -m bot eval FILE --sweep` shows what each value does to a labelled set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.model import KnowledgeBase
from bot.nlu.evidence import Evidence
from bot.nlu.overrides import Override
from bot.nlu.subject import Subject


@dataclass
class Verdict:
    confidence: float
    fallback: bool = False
    choices: list[str] = field(default_factory=list)


class Policy:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.settings = kb.settings  # read at every decision: `eval --sweep` changes them in place
        self.about_roles = set(kb.intents_about("role", "either"))

    def decide(self, e: Evidence, intent: str, override: Override | None, subject: Subject) -> Verdict:
        confidence = e.scores.get(intent, 0.0)
        if override:
            confidence = max(confidence, self.settings.get("override_confidence", 0.9))
        verdict = Verdict(confidence=confidence)
        if confidence < self.settings.get("fallback_threshold", 0.45):
            verdict.fallback = True
            return verdict
        (first, p1), (second, p2) = e.ranking()[:2]
        if (not override and subject.role and first == intent and {first, second} <= self.about_roles
                and p1 - p2 < self.settings.get("ambiguity_threshold", 0.2)):
            verdict.choices = [first, second]
        return verdict
