"""Map any typed word to the lemmas of the knowledge base's vocabulary.

Every word the knowledge base uses is expanded at load into all its inflected forms (Morfeusz), folded, and
indexed; a message word is then one dictionary lookup. Words the index lacks fall back, in order, to the
English Snowball stem ("helped" ~ "help"), to a Polish ending on an English loanword ("helpdesku",
"tradera"), and, for words that are not real words, to a fuzzy match (typos) over the vocabulary's forms.
"""
from __future__ import annotations

from collections import defaultdict

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.nlu.morphology import Morphology, base
from bot.nlu.normalize import fold

Keys = frozenset[str]
EMPTY: Keys = frozenset()
LOANWORD_ENDING = 3     # letters a Polish ending adds to an English word: "helpdesk-u", "trader-ami"


class Lexicon:
    def __init__(self, morphology: Morphology, stopwords: set[str], common: set[str],
                 fuzzy_cutoff: float = 80.0, fuzzy_cutoff_short: float = 85.0,
                 short_targets: frozenset[str] = frozenset(), loan_endings: frozenset[str] = frozenset()) -> None:
        self.morphology = morphology
        self.stopwords = stopwords          # folded function words: never fuzzy-matched, never expanded into
        self.common = common                # folded ordinary words: real words, so never "corrected"
        self.fuzzy_cutoff, self.fuzzy_cutoff_short = fuzzy_cutoff, fuzzy_cutoff_short
        self.short_targets = sorted(short_targets)   # 4-letter typos are only corrected to these ("frnt")
        self.loan_endings = loan_endings             # Polish case endings on English words ("helpdesk-u")
        self._forms: dict[str, set[str]] = defaultdict(set)
        self._stems: dict[str, set[str]] = defaultdict(set)      # English stem -> keys
        self._bases: dict[int, list[str]] = defaultdict(list)    # fuzzy candidates by length
        self._stemmer = snowballstemmer.stemmer("english")
        self._cache: dict[str, Keys] = {}
        self._added: dict[str, Keys] = {}
        self._forms_listed: set[str] = set()
        self._word_forms: dict[str, set[str]] = {}
        self._correctable: set[str] = set()
        self._foreign: set[str] = set()                          # knowledge-base words Morfeusz does not know

    # -- building -------------------------------------------------------------------------------------------
    def add_word(self, word: str, case_sensitive: bool = False, correctable: bool = True) -> Keys:
        """Register a knowledge-base word; returns the keys a message word must share to match it.

        `correctable` words are also targets of typo correction (names and cues); `fit` words are not, which
        keeps the fuzzy search small and fast."""
        known = self._added.get(word)
        if known is None:
            known = self._added[word] = self._add_word(word, case_sensitive)
        if correctable and word not in self._correctable:
            self._correctable.add(word)
            for form in self._word_forms.get(word, ()):
                if len(form) >= 4 and form not in self._forms_listed:
                    self._forms_listed.add(form)
                    self._bases[len(form)].append(form)
        return known

    def _add_word(self, word: str, case_sensitive: bool) -> Keys:
        if case_sensitive and word.isupper() and fold(word) in self.stopwords:
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
        forms = {folded}
        for lemma in lemmas:
            forms.update(fold(form) for form in self.morphology.forms(lemma))
        self._word_forms[word] = forms - self.stopwords
        for form in forms - self.stopwords:
            self._forms[form].update(keys)
        self._forms[folded].update(keys)
        if not lemmas and folded.isalpha():
            self._foreign.add(folded)
            self._stems[self._stemmer.stemWord(folded)].update(keys)
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
        if found and folded in self._foreign:
            found |= self._loanword(folded)         # "helpdesku" is also "helpdesk"
        if found or folded in self.stopwords:
            return frozenset(found)
        stem = self._stems.get(self._stemmer.stemWord(folded))
        if stem:
            return frozenset(stem)
        for lemma in self.morphology.lemmas(lower):
            known = self._forms.get(fold(base(lemma)))
            if known:
                return frozenset(known)
        return self._loanword(folded) or self._fuzzy(folded, lower)

    def _loanword(self, folded: str) -> Keys:
        """An English word of the knowledge base with a Polish case ending: "helpdesku", "compliance'u"."""
        for cut in range(1, LOANWORD_ENDING + 1):
            head, ending = folded[:-cut], folded[-cut:]
            if len(head) >= 4 and ending in self.loan_endings and head in self._foreign:
                return frozenset(self._forms[head])
        return EMPTY

    def _fuzzy(self, folded: str, lower: str) -> Keys:
        """A typo of a vocabulary word, but only for words that are not real words themselves."""
        if len(folded) < 4 or folded in self.common or self.morphology.lemmas(lower):
            return EMPTY
        if len(folded) == 4:
            match = process.extractOne(folded, self.short_targets, scorer=fuzz.ratio, processor=None,
                                       score_cutoff=self.fuzzy_cutoff_short)
            return frozenset(self._forms[match[0]]) if match and match[0] in self._forms else EMPTY
        cutoff = self.fuzzy_cutoff
        best: tuple[str, float] | None = None
        for length in (len(folded), len(folded) - 1, len(folded) + 1):
            choices = self._bases.get(length)
            if not choices:
                continue
            match = process.extractOne(folded, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
            if match and (best is None or match[1] > best[1]):
                best = (match[0], match[1])
        return frozenset(self._forms[best[0]]) if best else EMPTY
