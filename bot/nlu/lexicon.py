"""Map any typed word to the lemmas of the knowledge base's vocabulary.

Every word the knowledge base uses is expanded at load into all its inflected forms (Morfeusz), folded, and
indexed; a message word is then one dictionary lookup. Words the index lacks fall back, in order, to the
English Snowball stem ("helped" ~ "help"), to a Polish ending on an English loanword ("helpdesku",
"tradera"), to two swapped letters ("jets" ~ "jest"), and, for words that are not real words, to a fuzzy
match (typos) over the vocabulary's forms.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.nlu.morphology import Morphology, base
from bot.nlu.normalize import fold

Keys = frozenset[str]
EMPTY: Keys = frozenset()
LOANWORD_ENDING = 3  # letters a Polish ending adds to an English word: "helpdesk-u", "trader-ami"
MIN_FORM = 3  # shorter generated forms ("v" of "versus") are not indexed
ABBREVIATION = 6  # letters: an all-capitals word this short is an abbreviation, matched as it is
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours(row: int, column: int) -> str:
    """Keys touching this one: left and right, and the nearest ones on the rows above and below."""
    near = []
    for other in (row - 1, row, row + 1):
        if 0 <= other < len(_KEYBOARD):
            for j in (column - 1, column, column + 1):
                if (other, j) != (row, column) and 0 <= j < len(_KEYBOARD[other]):
                    near.append(_KEYBOARD[other][j])
    return "".join(near)


_NEIGHBOURS = {letter: _neighbours(r, c) for r, keys in enumerate(_KEYBOARD) for c, letter in enumerate(keys)}


def _link(table: dict[str, Keys], key: str, keys: Keys) -> None:
    """Add keys to an entry of a form or stem table (its sets are frozen: compact() shares them)."""
    known = table.get(key)
    table[key] = keys if known is None or known == keys else known | keys


_ACCENTS = {"a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó", "s": "ś", "z": "żź"}


@dataclass(frozen=True)
class Tolerance:
    """How far a typo may be from a known word (rapidfuzz ratio, 0-100), by the typo's length."""

    four_letters: float = 85.0  # only towards `short_targets`
    five_letters: float = 90.0
    six_seven_letters: float = 85.0
    longer: float = 80.0
    short_targets: frozenset[str] = frozenset()  # "frnt" -> "front"; "chef" is never "chief"
    loan_endings: frozenset[str] = frozenset()  # Polish case endings on English words ("helpdesk-u")
    conditional_endings: frozenset[str] = frozenset()  # "pasowałaby", "chciałbym": a past form + "by"
    paradigms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slang suffix -> its case forms
    unstemmed: frozenset[str] = frozenset()  # English words sharing a stem with another word ("customs": "customer")

    def cutoff(self, length: int) -> float:
        if length <= 5:
            return self.five_letters
        return self.six_seven_letters if length <= 7 else self.longer


class Lexicon:
    def __init__(
        self, morphology: Morphology, stopwords: set[str], common: set[str], tolerance: Tolerance = Tolerance()
    ) -> None:
        self.morphology = morphology
        self.stopwords = stopwords  # folded function words: never fuzzy-matched, never expanded into
        self.common = common  # folded ordinary words: real words, so never "corrected"
        self.tolerance = tolerance
        # form -> keys and stem -> keys hold frozensets, one shared object per distinct set (compact()): the forms
        # of one lemma share their keys, so 86,000 forms point at ~8,000 sets, which keeps the bot ~40 MB smaller
        self._forms: dict[str, Keys] = {}
        self._stems: dict[str, Keys] = {}  # English stem -> keys
        self._bases: dict[tuple[int, str], list[str]] = defaultdict(list)  # typo targets by length, first letter
        self._listed: set[str] = set()
        self._compacted = False
        self._word_forms: dict[str, tuple[str, ...]] = {}
        self._correctable: set[str] = set()
        self._foreign: set[str] = set()  # knowledge-base words Morfeusz does not know
        self._stemmer = snowballstemmer.stemmer("english")
        self._cache: dict[tuple[str, bool], Keys] = {}
        self._plain: dict[tuple[str, bool], Keys] = {}  # the same, without typo correction (pasted ads)
        self._added: dict[str, Keys] = {}

    def __getstate__(self) -> dict[str, Any]:
        """For the on-disk cache: the analyser and the stemmer are native objects, re-attached on load."""
        state = dict(self.__dict__)
        for native in ("morphology", "_stemmer"):
            state.pop(native, None)
        state["_cache"], state["_plain"] = {}, {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._stemmer = snowballstemmer.stemmer("english")

    def compact(self) -> None:
        """Share one frozenset among all entries with equal keys (the forms of one lemma), once the vocabulary is
        built: memory is mostly these sets, and most are copies of each other."""
        shared: dict[Keys, Keys] = {}

        def one(keys: Keys) -> Keys:
            found = shared.get(keys)
            if found is None:
                found = shared[keys] = frozenset(sys.intern(k) for k in keys)
            return found

        # one string object per form, however many tables list it (the pickle then stores each once, too)
        self._forms = {sys.intern(form): one(keys) for form, keys in self._forms.items()}
        self._stems = {stem: one(keys) for stem, keys in self._stems.items()}
        self._added = {word: one(keys) for word, keys in self._added.items()}
        self._word_forms = {}  # each word's forms, needed again only if a word becomes correctable (add_word)
        for listed in self._bases.values():
            listed[:] = [sys.intern(form) for form in listed]
        self._listed = set()  # only for building (the typo targets listed once); a word added later checks the list
        self._compacted = True

    def attach(self, morphology: Morphology) -> None:
        self.morphology = morphology

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
            if word not in self._word_forms and self._compacted:
                self._add_word(word, case_sensitive)  # its forms were let go (compact()): generate them again
            for form in self._word_forms.get(word, ()):
                if len(form) < 4 or form in self._listed:
                    continue
                targets = self._bases[(len(form), form[0])]  # a typo rarely changes the first letter
                if not self._compacted or form not in targets:  # compacted: the set is gone, the list tells
                    self._listed.add(form)
                    targets.append(form)
        self._cache.clear()
        self._plain.clear()
        return known

    def _add_word(self, word: str, case_sensitive: bool) -> Keys:
        if case_sensitive and word.isupper() and fold(word) in self.stopwords:
            key = "^" + word  # "IT" the department, never "it" the pronoun
            _link(self._forms, key, frozenset({key}))
            return frozenset({key})
        if word.startswith("=") and len(word) > 1:
            key = "=" + fold(word[1:])  # an exact form: "jestem" must not match every "jest"
            _link(self._forms, key[1:], frozenset({key}))
            return frozenset({key})
        if word.isalpha() and word.isupper() and len(word) <= ABBREVIATION:
            folded = fold(word)  # "KAM", "HRBP": in any case, but never inflected ("Jamie" is no "kamie")
            self._word_forms[word] = (folded,)
            _link(self._forms, folded, frozenset({folded}))
            return frozenset({folded})
        lower = word.lower()
        folded = fold(lower)
        lemmas = self.morphology.lemmas(lower)
        keys = frozenset({fold(base(lemma)) for lemma in lemmas} | {folded})
        forms = {folded}
        for lemma in lemmas:
            forms.update(f for f in (fold(form) for form in self.morphology.forms(lemma)) if len(f) >= MIN_FORM)
        if not lemmas:
            forms.update(self._paradigm(folded))
        forms -= self.stopwords
        self._word_forms[word] = tuple(forms)
        for form in forms | {folded}:
            _link(self._forms, form, keys)
        if folded.isalpha() and folded not in self.tolerance.unstemmed:
            _link(self._stems, self._stemmer.stemWord(folded), keys)  # also "administrator", a Polish word too
            if not lemmas:
                self._foreign.add(folded)
        return keys

    def _paradigm(self, folded: str) -> set[str]:
        """Case forms of a Polish chat word Morfeusz does not know, by its ending ("bhpowiec" -> "bhpowcem"):
        the endings come from language.yaml, for the few productive suffixes of job slang."""
        for ending, replacements in self.tolerance.paradigms.items():
            if folded.endswith(ending) and len(folded) > len(ending) + 1:
                head = folded[: -len(ending)]
                return {head + replacement for replacement in replacements}
        return set()

    # -- lookup ---------------------------------------------------------------------------------------------
    def keys(self, token: str, polish: bool = True, correct: bool = True) -> Keys:
        """Keys of one message word (cached: chat vocabulary repeats a lot). In a message that is not Polish,
        the Polish dictionary does not veto typo correction ("suport" is a Polish word, but not here). Edited
        text (a pasted job ad) skips typo correction (`correct=False`): the costly part, and seldom needed there."""
        cache = self._cache if correct else self._plain
        cached = cache.get((token, polish))
        if cached is None:
            cached = cache[(token, polish)] = self._lookup(token, polish, correct)
            if len(cache) > 100_000:
                cache.clear()
        return cached

    def _lookup(self, token: str, polish: bool, correct: bool = True) -> Keys:
        lower = token.lower()
        folded = fold(lower)
        exact = self._forms.get("^" + token, EMPTY) | self._forms.get(folded, EMPTY)
        related: set[str] = set()
        if folded.isalpha() and folded not in self.tolerance.unstemmed and (folded in self._foreign or not exact):
            related |= self._stems.get(self._stemmer.stemWord(folded), EMPTY)  # "bookkeeping" ~ "bookkeeper"
            related |= self._loanword(folded)  # "helpdesku" ~ "helpdesk"
        if exact or folded in self.stopwords:
            return frozenset(exact | related)
        conditional = self._conditional(folded)
        if conditional:
            return frozenset(conditional | related)
        for lemma in self.morphology.lemmas(lower):
            related |= self._forms.get(fold(base(lemma)), EMPTY)
        if polish and self.morphology.lemmas(lower) or folded in self.common or not correct:
            return frozenset(related)  # a real word is never "corrected"
        return frozenset(related | self._typo(folded, lower, polish))

    def _typo(self, folded: str, lower: str, polish: bool) -> Keys:
        """A mistyped vocabulary word: by similarity, or for short words (where similarity says little) by two
        swapped letters or one neighbouring key."""
        if polish and self.polish_without_diacritics(lower):
            return EMPTY  # "mowi" is "mówi", not a typo of "nowi"
        corrected = self._fuzzy(folded, lower, polish)
        if corrected or len(folded) > 5:
            return corrected
        return self._swapped(folded) or self._neighbour_key(folded)

    def _loanword(self, folded: str) -> Keys:
        """An English word of the knowledge base with a Polish case ending: "helpdesku", "tradera"."""
        for cut in range(LOANWORD_ENDING, 0, -1):  # the longest ending first: "traderowi" is trader-owi
            head, ending = folded[:-cut], folded[-cut:]
            if len(head) >= 4 and ending in self.tolerance.loan_endings and head in self._foreign:
                return self._forms[head]
        return EMPTY

    def _conditional(self, folded: str) -> Keys:
        """A past form with the conditional "by" written on ("pasowalaby", "chcialbym"): Morfeusz splits it
        when the accents are typed, but without them only the past form is in the index."""
        for ending in self.tolerance.conditional_endings:
            head = folded[: -len(ending)]
            if folded.endswith(ending) and len(head) >= 3 and head in self._forms:
                return self._forms[head]
        return EMPTY

    def _swapped(self, folded: str) -> Keys:
        """Two neighbouring letters typed the wrong way round ("jets", "dose", "ksiegwoa")."""
        if len(folded) < 4:
            return EMPTY
        for i in range(len(folded) - 1):
            candidate = folded[:i] + folded[i + 1] + folded[i] + folded[i + 2 :]
            if candidate != folded and candidate in self._forms:
                return self._forms[candidate]
        return EMPTY

    def polish_without_diacritics(self, lower: str) -> bool:
        """ "kupic" is "kupić" typed without its accent: a real word, so not a typo of "kupiec"."""
        for i, letter in enumerate(lower):
            for accented in _ACCENTS.get(letter, ""):
                if self.morphology.lemmas(lower[:i] + accented + lower[i + 1 :]):
                    return True
        return False

    def _neighbour_key(self, folded: str) -> Keys:
        """One letter replaced by its neighbour on the keyboard, the commonest phone typo ("bavk", "BHO", "dara")."""
        if len(folded) < 3:
            return EMPTY
        for i, letter in enumerate(folded):
            for near in _NEIGHBOURS.get(letter, ""):
                candidate = folded[:i] + near + folded[i + 1 :]
                keys = self._forms.get(candidate)
                if keys and candidate not in self.stopwords:
                    return keys
        return EMPTY

    def _fuzzy(self, folded: str, lower: str, polish: bool) -> Keys:
        """The vocabulary form most similar to the typo, above the cut-off for its length."""
        if len(folded) < 4:
            return EMPTY
        if len(folded) == 4:
            match = process.extractOne(
                folded,
                sorted(self.tolerance.short_targets),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=self.tolerance.four_letters,
            )
            return self._forms[match[0]] if match and match[0] in self._forms else EMPTY
        cutoff = self.tolerance.cutoff(len(folded))
        best: tuple[str, float] | None = None
        for length in (len(folded), len(folded) - 1, len(folded) + 1):
            choices = self._bases.get((length, folded[0]))
            if not choices:
                continue
            match = process.extractOne(folded, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
            if match and (best is None or match[1] > best[1]):
                best = (match[0], match[1])
        return self._forms[best[0]] if best else EMPTY
