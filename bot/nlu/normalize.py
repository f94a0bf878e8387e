"""Turn chat text into comparable tokens: diacritics folded, punctuation and invisible characters gone."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Invisible format characters (soft hyphen, zero-width space/joiners, direction marks and overrides, word joiner,
# BOM) would split "księ\u200bgowa" into two words; they are dropped before tokenising.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# ł has no Unicode decomposition, so NFD alone would keep it.
_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "æ": "ae"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Księgową" and "ksiegowa" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
_MARKS = re.compile("[\u0300-\u036f]")


def fold_text(text: str) -> str:
    """fold() for long texts (a pasted job ad and its lines): done in C, and kept out of fold()'s cache of short
    words, which whole ads would crowd."""
    lowered = text.translate(_POLISH).lower()
    return lowered if lowered.isascii() else _MARKS.sub("", unicodedata.normalize("NFD", lowered))


def tokens(text: str) -> list[str]:
    """Words as typed (case and diacritics kept: the analyser needs diacritics, "IT" differs from "it")."""
    return _TOKEN.findall(unicodedata.normalize("NFC", _INVISIBLE.sub("", text)))
