"""Turn chat text into comparable tokens: diacritics folded, punctuation and invisible characters gone."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# ł has no Unicode decomposition, so NFD alone would keep it.
_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "æ": "ae"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Księgową" and "ksiegowa" compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Words as typed (case and diacritics kept: the analyser needs diacritics, "IT" differs from "it")."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))
