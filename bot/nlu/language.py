"""Which language a message is written in, from its diacritics, frequent words and the Polish dictionary."""

from __future__ import annotations

from collections.abc import Callable, Set

from bot.nlu.normalize import fold

_POLISH_LETTERS = set("ąćęłńóśźż")


def detect(
    words: list[str],
    en_markers: set[str],
    pl_markers: set[str],
    neutral: set[str],
    is_polish_word: Callable[[str], bool],
    en_domain: Set[str] = frozenset(),
) -> str | None:
    """ "pl", "en", or None when the message gives no sign (then the chat's language applies).

    Diacritics count double and frequent words once; English words of the office world that Polish speakers use
    too ("skills", "interview") count half. Only when that ties does the Polish dictionary decide: mostly words it
    knows (not counting words both languages use here, like "front") means Polish."""
    polish = english = 0.0
    for word in words:
        folded = fold(word)
        if _POLISH_LETTERS & set(word):
            polish += 2
        if folded in pl_markers:
            polish += 1
        elif folded in en_markers:
            english += 1
        elif folded in en_domain:
            english += 0.5
    if polish != english:
        return "pl" if polish > english else "en"
    telling = [w for w in words if fold(w) not in neutral and w.isalpha()]
    known = sum(1 for w in telling if is_polish_word(w))
    if not telling or known * 2 == len(telling):
        return None
    return "pl" if known * 2 > len(telling) else "en"
