"""Everything the first stages learned about one message, handed on to the stages that decide.

Each stage adds its part and passes the bundle forward; the deciding stages (overrides, subject, policy) read it
and never call back into the stages that made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlu.cues import Cues
from bot.nlu.entities import Entities
from bot.nlu.features import Context, Features
from bot.nlu.message import Message


@dataclass(frozen=True)
class Evidence:
    message: Message
    cues: Cues
    entities: Entities
    features: Features
    context: Context
    scores: dict[str, float]  # intent -> the model's probability

    def ranking(self) -> list[tuple[str, float]]:
        """(intent, probability), most likely first."""
        return sorted(self.scores.items(), key=lambda item: (-item[1], item[0]))
