"""Stage 1 — normalise a message once: sentences, tokens, their folded forms and lemma keys, its language.

Every later stage reads this `Message` and none normalises the text again. Chat shorthand is spelled out
("wat" -> "what"), and lower-case office-type abbreviations are read as such where they cannot be a word
("fo vs bo", "w bo"), so the stages after see the same words a careful writer would have typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from bot.knowledge.model import KnowledgeBase
from bot.nlu.language import detect
from bot.nlu.lexicon import Keys, Lexicon
from bot.nlu.matchers import folded_lists
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import Where, index

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


@dataclass(frozen=True)
class Message:
    """One message, read once."""

    text: str
    words: tuple[str, ...]  # tokens as typed, shorthand spelled out
    folded: tuple[str, ...]  # lower case, no diacritics
    keyed: tuple[Keys, ...]  # lemma keys of each token
    in_question: tuple[bool, ...]  # does the token stand in a sentence ending with "?"
    clauses: tuple[int, ...]  # the clause each token stands in (commas and dashes end clauses)
    lang: str | None  # "en", "pl", or None when the message does not tell

    @property
    def asks(self) -> bool:
        """Ends with a question mark."""
        return self.text.rstrip().endswith("?")

    @cached_property
    def joined(self) -> str:
        """The folded words joined by spaces: the text the intent model reads."""
        return " ".join(self.folded)

    @cached_property
    def where(self) -> Where:
        """Where each lemma key stands: built once, read by every phrase matcher."""
        return index(self.keyed)

    def __len__(self) -> int:
        return len(self.words)


class Normaliser:
    """Tokenise, spell out shorthand, find the language and the lemma keys of every word."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, morphology: Morphology) -> None:
        self.lexicon, self.morphology = lexicon, morphology
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.shorthands = {lang: _pairs(kb.language.get(f"shorthands_{lang}", ())) for lang in ("en", "pl")}

    def read(self, text: str, correct: bool = True, lang: str | None = None) -> Message:
        """`correct=False`: edited text (a pasted job ad), read without typo correction; `lang`: its language,
        already known (an ad's line), so not detected again."""
        words, questions, clauses, lang = self._segment(text, lang)
        keyed = tuple(self.lexicon.keys(w, polish=lang != "en", correct=correct) for w in words)
        return Message(
            text=text,
            words=tuple(words),
            folded=tuple(fold(w) for w in words),
            keyed=keyed,
            in_question=tuple(questions),
            clauses=tuple(clauses),
            lang=lang,
        )

    def keys(self, words: Iterable[str], lang: str | None) -> list[Keys]:
        """Lemma keys of words outside a message (a user's earlier self-descriptions, a partial name)."""
        return [self.lexicon.keys(w, polish=lang != "en") for w in words]

    def language(self, words: list[str]) -> str | None:
        lists = self.lists
        return (
            detect(
                [w.lower() for w in words],
                lists["markers_en"],
                lists["markers_pl"],
                lists["markers_neutral"],
                self._polish,
                lists["markers_en_domain"],
            )
            if words
            else None
        )

    def _polish(self, word: str) -> bool:
        """A Polish word, also typed without its diacritics ("posrednik", "nieruchomosci")."""
        return bool(self.morphology.lemmas(word)) or self.lexicon.polish_without_diacritics(word)

    def _segment(self, text: str, known: str | None = None) -> tuple[list[str], list[bool], list[int], str | None]:
        sentences = [(s, s.rstrip().endswith("?")) for s in self._sentences(text)]
        lang = known or self.language([w for s, _q in sentences for w in tokens(s)])
        shorthands = self.shorthands["pl" if lang == "pl" else "en"]
        words: list[str] = []
        questions: list[bool] = []
        clauses: list[int] = []
        clause = 0
        for sentence, question in sentences:
            for part in _CLAUSE_BREAK.split(sentence):
                clause += 1
                for word in tokens(part):
                    for w in shorthands.get(word.lower(), (word,)):
                        words.append(w)
                        questions.append(question)
                        clauses.append(clause)
        return self._abbreviations(words, clauses), questions, clauses, lang

    def _sentences(self, text: str) -> list[str]:
        """Split after ".", "!" or "?", but not after an abbreviation ("specjalista ds. płac", "np.")."""
        sentences, start = [], 0
        for end in _SENTENCE_END.finditer(text):
            before = tokens(text[start : end.start()])
            if end.group().startswith(".") and before and fold(before[-1]) in self.lists["abbreviations"]:
                continue
            sentences.append(text[start : end.end()])
            start = end.end()
        return [s for s in (*sentences, text[start:]) if s.strip()] or [text]

    def _abbreviations(self, words: list[str], clauses: list[int]) -> list[str]:
        """ "fo vs bo": office-type abbreviations typed in lower case are meant as FO and BO when two stand together,
        or one stands where the word it could also be ("bo", because) cannot (see language.yaml)."""
        known = self.lists["office_abbreviations"]
        together = sum(w.lower() in known for w in words) >= 2
        return [
            w.upper() if w.lower() in known and (together or self._abbreviation_alone(words, clauses, i)) else w
            for i, w in enumerate(words)
        ]

    def _abbreviation_alone(self, words: list[str], clauses: list[int], i: int) -> bool:
        ends_clause = i + 1 == len(words) or clauses[i + 1] != clauses[i]
        after_preposition = i > 0 and words[i - 1].lower() in self.lists["office_abbreviation_prepositions"]
        return words[i].lower() in self.lists["office_abbreviations_alone"] or ends_clause or after_preposition


def _pairs(entries: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """ "wat what" -> {"wat": ("what",)}: a shorthand and the words it stands for."""
    out = {}
    for entry in entries:
        short, *full = entry.split()
        out[short.lower()] = tuple(full)
    return out
