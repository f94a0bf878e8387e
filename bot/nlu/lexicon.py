"""Map any typed word to the lemmas of the knowledge base's vocabulary.

Every word the knowledge base uses is expanded at load into all its inflected forms (Morfeusz), folded, and
indexed; a message word is then one dictionary lookup. Words the index lacks fall back to English plural
stripping and, for unknown words only, a fuzzy match (typos) over the vocabulary's base words.
"""
from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from bot.nlu.morphology import Morphology, base
from bot.nlu.normalize import fold

Keys = frozenset[str]
EMPTY: Keys = frozenset()
_ENGLISH_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""))


class Lexicon:
    def __init__(self, morphology: Morphology, stopwords: set[str], common: set[str],
                 fuzzy_cutoff: float = 80.0, fuzzy_cutoff_short: float = 85.0) -> None:
        self.morphology = morphology
        self.stopwords = stopwords          # folded function words: never fuzzy-matched, never expanded into
        self.common = common                # folded ordinary words: real words, so never "corrected"
        self.fuzzy_cutoff, self.fuzzy_cutoff_short = fuzzy_cutoff, fuzzy_cutoff_short
        self._forms: dict[str, set[str]] = defaultdict(set)
        self._bases: dict[int, list[str]] = defaultdict(list)
        self._cache: dict[str, Keys] = {}
        self._added: dict[str, Keys] = {}

    # -- building -------------------------------------------------------------------------------------------
    def add_word(self, word: str) -> Keys:
        """Register a knowledge-base word; returns the keys a message word must share to match it."""
        known = self._added.get(word)
        if known is None:
            known = self._added[word] = self._add_word(word)
        return known

    def _add_word(self, word: str) -> Keys:
        if _is_case_sensitive(word, self.stopwords):
            key = "^" + word                # "IT" the department, never "it" the pronoun
            self._forms[key].add(key)
            return frozenset({key})
        if word.startswith("=") and len(word) > 1:
            key = "=" + fold(word[1:])      # an exact form: "jestem" must not match every "jest"
            self._forms[key[1:]].add(key)
            return frozenset({key})
        lower = word.lower()
        folded = fold(lower)
        lemmas = self.morphology.lemmas(lower)
        keys = {fold(base(lemma)) for lemma in lemmas} | {folded}
        for lemma in lemmas:
            for form in self.morphology.forms(lemma):
                form_folded = fold(form)
                if form_folded not in self.stopwords:
                    self._forms[form_folded].update(keys)
        self._forms[folded].update(keys)
        if folded not in self._bases[len(folded)] and len(folded) >= 4:
            self._bases[len(folded)].append(folded)
        self._cache.clear()
        return frozenset(keys)

    # -- lookup ---------------------------------------------------------------------------------------------
    def keys(self, token: str) -> Keys:
        """Keys of one message word (cached: chat vocabulary repeats a lot)."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._cache[token] = self._lookup(token)
            if len(self._cache) > 100_000:
                self._cache.clear()
        return cached

    def _lookup(self, token: str) -> Keys:
        exact = self._forms.get("^" + token)
        lower = token.lower()
        folded = fold(lower)
        found = set(exact or ()) | self._forms.get(folded, set())
        if found or folded in self.stopwords:
            return frozenset(found)
        for ending, replacement in _ENGLISH_ENDINGS:
            if folded.endswith(ending) and len(folded) > len(ending) + 2:
                stem = self._forms.get(folded[: -len(ending)] + replacement)
                if stem:
                    return frozenset(stem)
        for lemma in self.morphology.lemmas(lower):
            known = self._forms.get(fold(base(lemma)))
            if known:
                return frozenset(known)
        return self._fuzzy(folded, lower)

    def _fuzzy(self, folded: str, lower: str) -> Keys:
        """A typo of a vocabulary word, but only for words that are not real words themselves."""
        if len(folded) < 4 or folded in self.common or self.morphology.lemmas(lower):
            return EMPTY
        cutoff = self.fuzzy_cutoff_short if len(folded) <= 4 else self.fuzzy_cutoff
        best: tuple[str, float] | None = None
        for length in (len(folded), len(folded) - 1, len(folded) + 1, len(folded) - 2, len(folded) + 2):
            choices = self._bases.get(length)
            if not choices:
                continue
            match = process.extractOne(folded, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
            if match and (best is None or match[1] > best[1]):
                best = (match[0], match[1])
        return frozenset(self._forms[best[0]]) if best else EMPTY


def _is_case_sensitive(word: str, stopwords: set[str]) -> bool:
    return word.isupper() and fold(word) in stopwords

