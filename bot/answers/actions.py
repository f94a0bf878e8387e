"""Buttons: what each one is called and the short command it sends back (fits 64-byte callback data)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.model import Action
from bot.knowledge.model import KnowledgeBase

ROLE_VERBS = ("card", "duties", "skills", "interview", "similar")
OFFICE_VERBS = ("office", "list", "oduties", "oskills", "ointerview")
OTHER_VERBS = ("compare", "roles", "example", "help")


@dataclass(frozen=True)
class Command:
    verb: str
    target: str = ""

    @classmethod
    def parse(cls, text: str) -> Command | None:
        verb, _, target = text.partition(":")
        if verb in ROLE_VERBS + OFFICE_VERBS + OTHER_VERBS:
            return cls(verb, target)
        return None

    def __str__(self) -> str:
        return f"{self.verb}:{self.target}" if self.target else self.verb


class Buttons:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def _action(self, key: str, lang: str, command: Command, **values: str) -> Action:
        return Action(label=self.kb.text(key, lang, **values), command=str(command))

    def for_role(self, slug: str, lang: str, skip: str = "") -> tuple[Action, ...]:
        buttons = [
            ("button_duties", "duties"),
            ("button_skills", "skills"),
            ("button_interview", "interview"),
            ("button_similar", "similar"),
        ]
        return tuple(self._action(key, lang, Command(verb, slug)) for key, verb in buttons if verb != skip)

    def for_intent(self, slug: str, intent: str, lang: str) -> Action:
        """The button that answers `intent` about the role (its office type, for a classification)."""
        verb = _verb_for(intent)
        return self._action("button_classify" if verb == "card" else f"button_{verb}", lang, Command(verb, slug))

    def role_card(self, slug: str, lang: str, intent: str = "classify") -> Action:
        """A button named after the role; it answers `intent` about it (the card, for a classification)."""
        return self._action(
            "button_card", lang, Command(_verb_for(intent), slug), role=self.kb.roles[slug].name.get(lang)
        )

    def for_office(self, office: str, lang: str, skip: str = "") -> tuple[Action, ...]:
        name = self.kb.office_types[office].name.get(lang)
        buttons = [
            ("button_list", "list"),
            ("button_skills", "oskills"),
            ("button_interview", "ointerview"),
            ("button_compare", "compare"),
        ]
        return tuple(
            self._action(key, lang, Command(verb, "" if verb == "compare" else office), office=name)
            for key, verb in buttons
            if verb != skip
        )

    def office(self, office: str, lang: str) -> Action:
        name = self.kb.office_types[office].name.get(lang)
        return self._action("button_office", lang, Command("list", office), office=name)

    def examples(self, lang: str, count: int = 3) -> tuple[Action, ...]:
        texts = self.kb.lists["examples"][lang][:count]
        return tuple(Action(label=text, command=str(Command("example", f"{lang}{i}"))) for i, text in enumerate(texts))


def _verb_for(intent: str) -> str:
    """The role verb that answers an intent: its own for duties/skills/interview, else the role's card."""
    return intent if intent in ("duties", "skills", "interview") else "card"
