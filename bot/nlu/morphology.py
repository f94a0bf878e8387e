"""Polish inflection through Morfeusz 2 (the SGJP analyser): lemmas of a word, and every form of a lemma."""

from __future__ import annotations

from functools import lru_cache

import morfeusz2


class Morphology:
    """A thin, cached wrapper; Morfeusz knows millions of forms, which no suffix list could match."""

    def __init__(self) -> None:
        # Two instances: analysis is needed for every message; generation (~10 MB more) only while the
        # matchers are compiled, which a warm cache skips, so the generator is made on first use.
        self._morfeusz = morfeusz2.Morfeusz(expand_tags=False, generate=False)
        self._generator: morfeusz2.Morfeusz | None = None
        self.analyse = lru_cache(maxsize=50_000)(self._analyse)
        self.forms = lru_cache(maxsize=20_000)(self._forms)

    def _analyse(self, word: str) -> tuple[tuple[str, str], ...]:
        """(lemma, tag) pairs of one word as typed; empty when Morfeusz does not know it."""
        found: list[tuple[str, str]] = []
        for _start, _end, (_form, lemma, tag, *_rest) in self._morfeusz.analyse(word):
            if tag == "ign" or tag.startswith("aglt") or lemma[:1].isupper() or (lemma, tag) in found:
                continue  # unknown, the "-em" of "pytałem" (a form of "być"), or a proper name
            found.append((lemma, tag))
        return tuple(found)

    def lemmas(self, word: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lemma for lemma, _tag in self.analyse(word)))

    def person_noun(self, word: str, feminine_endings: tuple[str, ...] = ()) -> str | None:
        """The base form of a noun that can name a person ("hydraulikiem" -> "hydraulik", "baristę" ->
        "barista"); None for things and animals ("rok", "pies"): they are no jobs. Masculine-personal nouns are
        tagged so; feminine ones are not, so they count when they end like women's job names ("pielęgniarka")."""
        found: dict[str, str] = {}
        for lemma, tag in self.analyse(word):
            parts = tag.split(":")
            genders = {g for part in parts[3:] for g in part.split(".")}
            if parts[0] == "depr" or (parts[0] == "subst" and "m1" in genders):
                found.setdefault("person", base(lemma))  # "hydraulika": the plumber, not hydraulics
            elif parts[0] == "subst" and "f" in genders and base(lemma).endswith(feminine_endings):
                found.setdefault("feminine", base(lemma))
        return found.get("person") or found.get("feminine")

    def _forms(self, lemma: str) -> frozenset[str]:
        """Every inflected form of a lemma (as Morfeusz spells it, e.g. "księgowy:A")."""
        if self._generator is None:
            self._generator = morfeusz2.Morfeusz(expand_tags=False, analyse=False)
        try:
            return frozenset(form for form, *_rest in self._generator.generate(lemma))
        except RuntimeError:
            return frozenset()


def base(lemma: str) -> str:
    """Morfeusz marks homonyms as "lemma:A"; the part before the colon is the word."""
    return lemma.split(":", 1)[0]
