"""Last stage — answer, ask "did you mean…?", or fall back (Rasa's FallbackClassifier; thresholds in settings.yaml).

The confidence is the probability that the message was understood — intent, role, office type, suggestions that
keep the user's limits (which fair roles rank first is not the fallback's business) — not only the intent
model's probability of the intent: a small logistic regression over what the reading looks like
(the intent's probability and its lead over the next, which rule decided, a subject from the chat, an unknown job,
suggestions found by the user's words or only by their limits), fitted by `python -m bot train` on out-of-fold
readings of the training messages (`Calibration`). Without one, the intent's probability stands in.

* fallback_threshold: below this confidence the bot says what it can do instead of guessing;
* override_confidence: how sure a named override (a rule that must win) is taken to be, at least;
* ambiguity_threshold: when the two likeliest intents of a request about a role are closer than this, the bot
  asks which one, with a button for each.
Thresholds are chosen on out-of-fold confidences of the training messages (`python -m bot train` prints the
table), never on a test set; `python -m bot eval FILE --sweep` shows what each value does to a labelled set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.evidence import Evidence
from bot.nlu.understanding import Understanding


@dataclass(frozen=True)
class Calibration:
    """P(the reading is right) = sigmoid(intercept + Σ weight × feature), features from reading_features()."""

    weights: dict[str, float]
    intercept: float

    def confidence(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def reading_features(u: Understanding, e: Evidence, kb: KnowledgeBase) -> dict[str, float]:
    """What a reading looks like, as numbers for the calibration (computed before the policy decides)."""
    ranking = dict(u.ranking)
    first, second = (u.ranking + [("", 0.0), ("", 0.0)])[:2]
    about = kb.intents[u.intent].subject
    p = ranking.get(u.intent, 0.0)
    flags, values = e.features.flags, e.features.values
    features = {
        "p": p,
        f"p:{u.intent}": p,
        "p_squared": p * p,
        "margin": first[1] - second[1],
        "top_is_intent": float(first[0] == u.intent),
        f"rule:{u.decided_by}": 1.0,
        f"intent:{u.intent}": 1.0,
        "from_context": float(u.from_context),
        "unknown_role": float(bool(u.unknown_role)),
        "non_office_job": float(bool(u.occupation)),
        "two_roles": float(len(u.roles) >= 2),
        "no_subject": float(about in ("role", "either") and not (u.role or u.category or u.unknown_role)),
        "topic": float(bool(u.topic)),
        "short": float(flags.short),
        "long": values.get("len:13+", 0.0),
        "context": values.get("ctx", 0.0),
        "continues": float(flags.continues or flags.anaphora),
        "negated": float(flags.negated),
        "fits": values.get("fits", 0.0),
        "described": values.get("described", 0.0),
        "offices_named": float(len(e.entities.offices)),
        "unknown_words": float(bool(e.entities.unknown)),
        "strong_cue": float(e.cues.strong.get(u.intent, 0.0) > 0),
        "any_strong_cue": float(any(v for k, v in e.cues.strong.items() if k in kb.intents)),
    }
    if u.intent == "suggest":
        found = [s for s in u.suggestions if u.reasons.get(s)]
        features["suggest_by_words"] = len(found) / 3
        features["suggest_none"] = float(not u.suggestions)
        features["suggest_limits"] = float(bool(u.excluded or u.excluded_offices or u.current_job or u.avoid))
    return features


class Policy:
    def __init__(self, kb: KnowledgeBase, calibration: Calibration | None) -> None:
        self.kb, self.calibration = kb, calibration
        self.settings = kb.settings  # read at every decision: `eval --sweep` changes them in place
        self.about_roles = set(kb.intents_about("role", "either"))

    def _asks_which_role(self, u: Understanding, e: Evidence) -> bool:
        """ "and the skills?" in a new chat: plainly asked (a strong cue), about no role, office type or job. The
        answer asks which role is meant, and a question answers nothing wrongly, so the fallback adds nothing."""
        subjectless = not (u.role or u.category or u.unknown_role or u.occupation or u.roles or u.offices)
        return u.intent in self.about_roles and subjectless and bool(e.cues.strong.get(u.intent))

    def confidence(self, u: Understanding, e: Evidence) -> float:
        """The calibrated probability that the reading is right; a named override (a rule that must win) is taken
        to be at least `override_confidence` sure."""
        if self.calibration is None:
            confidence = dict(u.ranking).get(u.intent, 0.0)
        else:
            confidence = self.calibration.confidence(reading_features(u, e, self.kb))
        if u.decided_by != "model":
            confidence = max(confidence, self.settings.get("override_confidence", 0.8))
        return confidence

    def apply(self, u: Understanding, e: Evidence) -> None:
        """Set the reading's confidence, and whether to fall back or ask which of two readings was meant."""
        u.confidence = self.confidence(u, e)
        if u.confidence < self.settings.get("fallback_threshold", 0.45) and not self._asks_which_role(u, e):
            u.fallback = True
            return
        if len(u.ranking) < 2 or u.decided_by != "model" or not u.role:
            return
        (first, p1), (second, p2) = u.ranking[:2]
        if (
            first == u.intent
            and {first, second} <= self.about_roles
            and p1 - p2 < self.settings.get("ambiguity_threshold", 0.2)
        ):
            u.choices = [first, second]
