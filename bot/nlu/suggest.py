"""Which roles fit a person who describes themselves ("I like numbers and hate phone calls").

The user's words are matched against each role's `fit` phrases and each office type's; a negated phrase
("nie lubię telefonów", "don't want to work with clients") counts against the roles it fits. Rarer phrases
weigh more, so "statistics" says more than "accuracy".
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.lexicon import Keys
from bot.nlu.phrases import Hit, PhraseMatcher

NEGATION_WINDOW = 4
NAMED_WEIGHT = 3.0
OFFICE_SHARE = 0.5


@dataclass(frozen=True)
class Suggestion:
    slug: str
    score: float
    matched: tuple[str, ...]      # the user's own words that matched


def add_fit_phrases(kb: KnowledgeBase, matcher: PhraseMatcher) -> None:
    """Every role's and office type's `fit` phrases, into the matcher the scorer reads."""
    for role in kb.roles.values():
        for phrases in role.fit.values():
            for phrase in phrases:
                matcher.add(phrase, ("role", role.slug))
    for office in kb.office_types.values():
        for phrases in office.fit.values():
            for phrase in phrases:
                matcher.add(phrase, ("office", office.slug))


class SuggestionScorer:
    def __init__(self, kb: KnowledgeBase, matcher: PhraseMatcher) -> None:
        """`matcher` holds the fit phrases (add_fit_phrases)."""
        self.kb, self.matcher = kb, matcher
        owners: dict[str, set[str]] = defaultdict(set)
        for role in kb.roles.values():
            for phrases in role.fit.values():
                for phrase in phrases:
                    owners[phrase.lower()].add(role.slug)
        total = max(1, len(kb.roles))
        self._weight = {p: math.log(1 + total / len(slugs)) for p, slugs in owners.items()}

    def suggest(self, words: list[str], keyed: list[Keys], folded: list[str], language: dict[str, set[str]],
                limit: int = 3, named: list[tuple[str, str]] = (), clauses: list[int] | None = None,
                ) -> tuple[list[Suggestion], list[str]]:
        """The best roles with the user's words that matched each, and what the user would rather avoid.
        `named` are roles the user's words name outright ("I study human resources"): strong evidence."""
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, list[str]] = defaultdict(list)
        avoided: list[str] = []
        for slug, said in named:
            scores[slug] += NAMED_WEIGHT
            matched[slug].append(said)
        for hit in self.matcher.find(keyed):
            kind, slug = hit.phrase.payload
            sign = -1.0 if negated(hit, folded, language, clauses) else 1.0
            said = " ".join(words[hit.start: hit.end + 1])
            if sign < 0:
                avoided = [other for other in avoided if other not in said]   # keep "phone calls", not "phone"
                if not any(said in other for other in avoided):
                    avoided.append(said)
            weight = self._weight.get(hit.phrase.text.lower(), 1.0) * len(hit.phrase.words)
            targets = [slug] if kind == "role" else [r.slug for r in self.kb.roles.values() if slug in r.offices]
            share = 1.0 if kind == "role" else OFFICE_SHARE
            for target in targets:
                scores[target] += sign * share * weight
                if sign > 0 and said not in matched[target]:
                    matched[target].append(said)
        ranked = sorted((s for s in scores.items() if s[1] > 0), key=lambda item: -item[1])
        return [Suggestion(slug, score, tuple(matched[slug])) for slug, score in ranked[:limit]], avoided


def negated(hit: Hit, folded: list[str], language: dict[str, set[str]], clauses: list[int] | None = None) -> bool:
    """A negator shortly before the phrase, in the same clause, unless the phrase itself carries it
    ("bez kontaktu z klientem") or the negation is cancelled ("I don't mind paperwork")."""
    negators = language.get("negators", set())
    if any(w in negators for w in folded[hit.start: hit.end + 1]):
        return False
    window: list[str] = []
    for position in range(hit.start - 1, max(-1, hit.start - NEGATION_WINDOW - 1), -1):
        if folded[position] in language.get("clause_breaks", set()):
            break
        if clauses and clauses[position] != clauses[hit.start]:
            break                                   # "Nie mam doświadczenia, szukam pierwszej pracy"
        window.append(folded[position])
    if any(w in language.get("negation_cancel", set()) for w in window):
        return False
    return any(w in negators for w in window)
