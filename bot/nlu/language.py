"""Which language a message is written in, from its diacritics and frequent words."""
from __future__ import annotations

from bot.nlu.normalize import fold

_POLISH_LETTERS = set("ąćęłńóśźż")


def detect(tokens: list[str], en_markers: set[str], pl_markers: set[str]) -> str | None:
    """"pl", "en", or None when the message gives no sign (then the chat's language applies)."""
    polish = sum(2 for t in tokens if _POLISH_LETTERS & set(t))
    folded = [fold(t) for t in tokens]
    polish += sum(1 for t in folded if t in pl_markers)
    english = sum(1 for t in folded if t in en_markers)
    if polish == english:
        return None
    return "pl" if polish > english else "en"
