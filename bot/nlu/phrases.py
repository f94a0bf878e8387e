"""Find known multi-word phrases (role names, office types, intent cues) in a tokenised message.

A phrase matches when all its words occur in order, each within a small gap of the previous one, so
"specjalista do spraw płac" matches the alias "specjalista ds. płac" and "what does a cashier do" the cue
"what does * do". Overlapping matches are resolved longest-first, as a named-entity tagger would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from bot.nlu.lexicon import Keys, Lexicon
from bot.nlu.normalize import fold, tokens

WILDCARD = "*"
Where = dict[str, list[int]]  # a message's lemma keys -> the positions of the tokens carrying them


@dataclass(frozen=True)
class Phrase:
    text: str
    words: tuple[Keys, ...]
    gaps: tuple[int, ...]  # how many other tokens may stand before each word
    payload: Any
    any_order: bool = False  # names: "kasjer bankowy" is also "bankowy kasjer"


class Hit(NamedTuple):
    """A phrase found in a message. A named tuple, not a dataclass: a message makes dozens, and a frozen
    dataclass costs four times as much to build."""

    phrase: Phrase
    start: int
    end: int  # index of the last matched token
    positions: tuple[int, ...] = ()  # the tokens the phrase's words matched (gaps excluded)

    @property
    def size(self) -> int:
        return len(self.phrase.words)


class PhraseMatcher:
    def __init__(
        self, lexicon: Lexicon, filler: set[str], gap: int = 2, wildcard_gap: int = 7, correctable: bool = True
    ) -> None:
        self.lexicon, self.filler = lexicon, filler
        self.gap, self.wildcard_gap = gap, wildcard_gap
        self.correctable = correctable  # may a typo in a message be corrected to these phrases' words?
        self.phrases: list[Phrase] = []
        self._anchors: dict[str, list[int]] | None = None

    def add(self, text: str, payload: Any, any_order: bool = False, gap: int | None = None) -> Phrase | None:
        """Register a phrase; filler words ("ds.", "of") are optional in messages, "*" allows a longer gap; `gap`
        overrides the matcher's own for this phrase (0: its words side by side)."""
        gap = self.gap if gap is None else gap
        multi_word = len(tokens(text)) > 1
        words: list[Keys] = []
        gaps: list[int] = []
        pending: int | None = None
        for part in text.split():
            if part == WILDCARD:
                pending = self.wildcard_gap
                continue
            exact = "=" if part.startswith("=") else ""  # "=jestem": this form only, not every "jest"
            for token in tokens(part):
                if multi_word and fold(token) in self.filler:
                    continue
                words.append(
                    self.lexicon.add_word(exact + token, case_sensitive=not multi_word, correctable=self.correctable)
                )
                gaps.append(pending if pending is not None else (gap if len(words) > 1 else 0))
                pending = None
        if not words:
            return None
        phrase = Phrase(text=text, words=tuple(words), gaps=tuple(gaps), payload=payload, any_order=any_order)
        self.phrases.append(phrase)
        self._anchors = None
        return phrase

    def _anchor_index(self) -> dict[str, list[int]]:
        """Each phrase filed under the keys of its rarest word: a message only wakes the phrases whose rarest
        word it contains, so common words ("what", "office") cost nothing."""
        frequency: dict[str, int] = defaultdict(int)
        for phrase in self.phrases:
            for keys in phrase.words:
                for key in keys:
                    frequency[key] += 1
        anchors: dict[str, list[int]] = defaultdict(list)
        for number, phrase in enumerate(self.phrases):
            rarest = min(phrase.words, key=lambda keys: sum(frequency[k] for k in keys))
            for key in rarest:
                anchors[key].append(number)
        return dict(anchors)

    def find(self, keyed: Sequence[Keys], where: Where | None = None) -> list[Hit]:
        """Every phrase occurring in the message (keyed tokens), overlaps included. `where`: the message's
        `index(keyed)`, when the caller has it (each matcher would otherwise build the same one)."""
        if self._anchors is None:
            self._anchors = self._anchor_index()
        if where is None:
            where = index(keyed)
        anchors, phrases = self._anchors, self.phrases
        candidates = {number for key in where for number in anchors.get(key, ())}
        hits = []
        seen: dict[Keys, list[int]] = {}  # a word's positions, worked out once for all the phrases sharing it
        for number in sorted(candidates):  # phrase order, not set order: the same hits in every process
            phrase = phrases[number]
            positions = []
            for keys in phrase.words:
                found = seen.get(keys)
                if found is None:
                    found = seen[keys] = _positions(keys, where)
                if not found:
                    break
                positions.append(found)
            else:
                if len(positions) == 1:
                    first = positions[0][0]
                    hits.append(Hit(phrase, first, first, (first,)))
                    continue
                hit = self._place(phrase, positions) or (
                    phrase.any_order and len(positions) == 2 and self._window(phrase, positions)
                )
                if hit:
                    hits.append(hit)
        return hits

    @staticmethod
    def _place(phrase: Phrase, positions: list[list[int]]) -> Hit | None:
        gaps = phrase.gaps
        for start in positions[0]:
            matched = [start]
            previous = start
            for word in range(1, len(positions)):
                reach = previous + 1 + gaps[word]
                nxt = next((p for p in positions[word] if previous < p <= reach), None)
                if nxt is None:
                    break
                matched.append(nxt)
                previous = nxt
            else:
                return Hit(phrase, start, previous, tuple(matched))
        return None

    def _window(self, phrase: Phrase, positions: list[list[int]]) -> Hit | None:
        """Both words of a two-word name the other way round, side by side ("bankowy kasjer")."""
        reach = len(phrase.words) + 1
        for start in sorted({p for ps in positions for p in ps}):
            chosen = set()
            for word in range(len(phrase.words)):
                inside = [p for p in positions[word] if start <= p < start + reach and p not in chosen]
                if not inside:
                    break
                chosen.add(inside[0])
            else:
                return Hit(phrase, min(chosen), max(chosen), tuple(sorted(chosen)))
        return None


def index(keyed: Sequence[Keys]) -> Where:
    """Where each lemma key stands in a message (ascending positions): what `find` looks phrases up in."""
    where: Where = {}
    for position, keys in enumerate(keyed):
        for key in keys:
            found = where.get(key)
            if found is None:
                where[key] = [position]
            else:
                found.append(position)
    return where


def _positions(keys: Keys, where: Where) -> list[int]:
    """Where in the message a word with these keys stands (ascending)."""
    if len(keys) == 1:
        for key in keys:
            return where.get(key, [])
    return sorted({p for key in keys for p in where.get(key, ())})


def longest_first(hits: list[Hit]) -> list[Hit]:
    """Keep non-overlapping hits, preferring more words, then tighter spans; returned in message order."""
    chosen: list[Hit] = []
    taken: set[int] = set()
    for hit in sorted(hits, key=lambda h: (-h.size, h.end - h.start, h.start)):
        span = set(range(hit.start, hit.end + 1))
        if not span & taken:
            chosen.append(hit)
            taken |= span
    return sorted(chosen, key=lambda h: h.start)
