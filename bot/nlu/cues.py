"""Stage 2 — the words that say what is asked: intent cues (intents.yaml) and out-of-lane topics (topics.yaml).

Each intent scores the words its cues cover, strong cues weighing more; the scores are features for the intent
model, not decisions. A request word after "since"/"bo" gives a reason, not a request ("an HR manager must be
front office since they interview people?" asks about the office type, not for interview questions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.nlu.matchers import STRONG, WEAK
from bot.nlu.message import Message
from bot.nlu.phrases import Hit, PhraseMatcher

REASON_DROPS = ("skills", "interview", "duties")  # requests that a reason clause does not make
OPENING = "^"  # a topic phrase that counts only when it opens the message ("^who is": not "a guy who's tidy")


@dataclass(frozen=True)
class Cues:
    strong: dict[str, float]  # intent (or cue group) -> words covered by its strong cues
    weak: dict[str, float]  # intent -> half the words covered by its ordinary cues
    hits: tuple[Hit, ...]  # the intent cues found (reasons dropped)
    topic_hits: tuple[Hit, ...]  # out-of-lane topic phrases found (entities.py drops those inside role names)

    @property
    def positions(self) -> frozenset[int]:
        """Tokens some intent cue covers."""
        return frozenset(p for h in self.hits for p in h.positions)

    def score(self, intent: str) -> float:
        return self.strong.get(intent, 0.0) + self.weak.get(intent, 0.0)

    def strongest(self, intents: Iterable[str]) -> float:
        return max((self.strong.get(i, 0.0) for i in intents), default=0.0)


class CueFinder:
    def __init__(self, matcher: PhraseMatcher, reason_markers: set[str]) -> None:
        self.matcher, self.reason_markers = matcher, reason_markers

    def find(self, message: Message) -> Cues:
        hits = self.matcher.find(message.keyed, message.where)
        topics = tuple(
            h
            for h in hits
            if h.phrase.payload[0] == "topic" and (h.start == 0 or not h.phrase.text.startswith(OPENING))
        )
        requests = [h for h in hits if h.phrase.payload[0] != "topic" and not _inside_topic(h, topics)]
        intents = self._without_reasons(requests, message.folded)
        strong, weak = _scores(intents)
        return Cues(strong=strong, weak=weak, hits=tuple(intents), topic_hits=topics)

    def _without_reasons(self, hits: list[Hit], folded: tuple[str, ...]) -> list[Hit]:
        reason = next((i for i, f in enumerate(folded) if f in self.reason_markers), None)
        if reason is None:
            return hits
        return [h for h in hits if h.start < reason or h.phrase.payload[0] not in REASON_DROPS]


def _inside_topic(hit: Hit, topics: tuple[Hit, ...]) -> bool:
    """A cue made of words of a longer topic phrase is no request: "non-compete" is labour law, not a question about
    competences (as the words of a role's name never count for a topic)."""
    words = set(hit.positions)
    return any(words < set(topic.positions) for topic in topics)


def _scores(hits: list[Hit]) -> tuple[dict[str, float], dict[str, float]]:
    """Each intent scores the words its cues cover (a word counts once per intent, strong beating weak)."""
    covered: dict[str, dict[int, float]] = defaultdict(dict)
    for hit in hits:
        intent, weight = hit.phrase.payload
        per_word = covered[intent]
        for position in hit.positions:
            per_word[position] = max(per_word.get(position, 0.0), weight)
    strong = {i: float(sum(1 for w in ws.values() if w == STRONG)) for i, ws in covered.items()}
    weak = {i: WEAK * sum(1 for w in ws.values() if w == WEAK) for i, ws in covered.items()}
    return {i: s for i, s in strong.items() if s}, {i: s for i, s in weak.items() if s}
