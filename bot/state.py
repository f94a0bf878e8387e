"""Per-chat memory that lets follow-ups ("and the skills?") reuse what the chat talked about."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

HISTORY_LIMIT = 6
PROFILE_LIMIT = 4


@dataclass
class ChatState:
    lang: str | None = None  # language of the chat's last message (or chosen with /lang)
    chosen_lang: str | None = None  # chosen with /lang: commands, buttons and cards keep to it
    role: str | None = None  # last role talked about
    category: str | None = None  # last office type talked about
    intent: str | None = None  # last understood intent
    history: list[str] = field(default_factory=list)  # last user messages, oldest first
    profile: list[str] = field(default_factory=list)  # what the user said about themselves, for suggestions
    ad: str | None = None  # the last job ad pasted, for its buttons (interview kit, ad check...)

    def remember(self, text: str) -> None:
        self.history.append(text)
        del self.history[:-HISTORY_LIMIT]

    def describe(self, text: str) -> None:
        self.profile.append(text)
        del self.profile[:-PROFILE_LIMIT]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data, for stores that keep state outside this process (by hand: asdict's deep
        copy costs more than the rest of saving a chat's state)."""
        return {
            "lang": self.lang,
            "chosen_lang": self.chosen_lang,
            "role": self.role,
            "category": self.category,
            "intent": self.intent,
            "history": list(self.history),
            "profile": list(self.profile),
            "ad": self.ad,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatState:
        """Rebuild a state saved by to_dict(); unknown keys (from a newer version) are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
