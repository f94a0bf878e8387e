"""Recognise a role described instead of named: "the person who pays suppliers", "ta pani, co wprowadza faktury".

Each role's own texts (duties, description, aliases, fit phrases, both languages) form a bag of lemma keys; a
description in a message is scored by the rare keys it shares with each bag (a word most roles share, like
"company" or "klient", says little). Only a clear winner counts. The same index ranks the roles nearest to a
title nothing knows ("koordynator dotacji unijnych"): by the words it shares with their names, duties and
department.
"""

from __future__ import annotations

import math
from collections import defaultdict

from bot.knowledge.model import KnowledgeBase, Role
from bot.nlu.lexicon import Keys, Lexicon
from bot.nlu.normalize import fold, tokens

MIN_WORD = 4  # letters: shorter words carry little meaning here
MIN_SHARED = 2  # distinct words the description must share with the role
LEAD = 1.5  # sharing as many words as the second, the best role must score this many times it


def _texts(role: Role, kb: KnowledgeBase) -> list[str]:
    texts = [role.description.en, role.description.pl, *(d.en for d in role.duties), *(d.pl for d in role.duties)]
    department = kb.departments.get(role.department)
    if department:
        texts.extend((department.en, department.pl))
    for phrases in (*role.aliases.values(), *role.fit.values()):
        texts.extend(phrases)
    return texts


class RoleDescriptions:
    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, stopwords: set[str]) -> None:
        self.stopwords = stopwords
        bags: dict[str, set[str]] = {}  # role -> its words' keys; only the index below is kept
        for role in kb.roles.values():
            bag: set[str] = set()
            for text in _texts(role, kb):
                for word in tokens(text):
                    if len(word) >= MIN_WORD and fold(word) not in stopwords:
                        bag |= lexicon.add_word(word, correctable=False)
            bags[role.slug] = bag
        counts: dict[str, int] = defaultdict(int)
        for bag in bags.values():
            for key in bag:
                counts[key] += 1
        total = len(bags)
        self.idf = {key: math.log(total / count) for key, count in counts.items()}
        postings: dict[str, list[str]] = defaultdict(list)  # key -> roles whose bag has it
        for slug, bag in bags.items():
            for key in bag:
                postings[key].append(slug)
        self.postings = {key: tuple(slugs) for key, slugs in postings.items()}

    def match(self, keyed: list[Keys], folded: list[str], skip: set[int]) -> str | None:
        """The role the message describes, when one clearly stands out."""
        words = [
            keys
            for i, keys in enumerate(keyed)
            if i not in skip and len(folded[i]) >= MIN_WORD and folded[i] not in self.stopwords and keys
        ]
        scores, shared = self.shared(words)
        # the role sharing the most of the description's words, then the rarest ones; a clear winner only
        ranked = sorted(
            ((shared[slug], s, slug) for slug, s in scores.items() if shared[slug] >= MIN_SHARED), reverse=True
        )
        if not ranked or ranked[0][1] <= 0:
            return None
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0] and ranked[0][1] < LEAD * ranked[1][1]:
            return None
        return ranked[0][2]

    def nearest(self, keyed: list[Keys], limit: int) -> list[str]:
        """The roles sharing the most meaning with a title's words (rare words weigh more), best first; none when
        no word is shared."""
        scores, _shared = self.shared(keyed)
        ranked = sorted(((s, slug) for slug, s in scores.items() if s > 0), key=lambda p: (-p[0], p[1]))
        return [slug for _s, slug in ranked[:limit]]

    def shared(self, words: list[Keys]) -> tuple[dict[str, float], dict[str, int]]:
        """Per role: the summed rarity of the words it shares with `words`, and how many it shares. Through the
        inverted index, so the cost follows the roles sharing a word, not the catalogue's size."""
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, int] = defaultdict(int)
        for keys in words:
            best: dict[str, float] = {}
            for key in keys:
                idf = self.idf.get(key, 0.0)
                for slug in self.postings.get(key, ()):
                    if best.get(slug, -1.0) < idf:
                        best[slug] = idf
            for slug, idf in best.items():
                scores[slug] += idf
                shared[slug] += 1
        return scores, shared
