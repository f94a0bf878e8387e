"""Inline mode ("@officebot recepcjonistka" in any chat): role cards matching what is typed so far, to share.

The query is read like a message (aliases, typos, inflection); while the user is still typing ("recep"), the
roles whose names start with the typed words are offered; an office type's name gets its typical roles first; an
empty query gets the popular roles of each office type in turn (bot/answers/catalogue.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.browse import Browser
from bot.answers.deeplinks import role_payload
from bot.answers.model import Action, Answer
from bot.knowledge.model import KnowledgeBase
from bot.nlu.features import Context
from bot.nlu.normalize import fold
from bot.nlu.pipeline import Pipeline


@dataclass(frozen=True)
class InlineCard:
    slug: str
    title: str
    description: str
    answer: Answer  # the card to post; its one action is a link back to the bot


class InlineSearch:
    def __init__(self, kb: KnowledgeBase, pipeline: Pipeline, browser: Browser) -> None:
        self.kb, self.pipeline, self.browser = kb, pipeline, browser
        self.limit = int(kb.settings.get("inline_results", 8))
        self._names = [
            (" ".join(fold(name).split()), role.slug)
            for role in kb.roles.values()
            for name in (role.name.en, role.name.pl, *(a for v in role.aliases.values() for a in v))
        ]
        self._popular = browser.catalogue.popular()

    def search(self, query: str, user_lang: str) -> list[InlineCard]:
        """Cards for the roles the query names (in the query's language), else those it begins to name."""
        text = query.strip()
        if not text:
            return self._cards(self._popular, user_lang)
        understanding = self.pipeline.understand(text, Context(), user_lang)
        lang = understanding.lang
        slugs = list(understanding.roles) or ([understanding.role] if understanding.role else [])
        if not slugs and understanding.category and not understanding.office_by_nearest:
            slugs = self.browser.catalogue.roles(understanding.category, lang)
        if not slugs:
            slugs = self._starting_with(text) or list(understanding.suggestions)
        return self._cards(list(dict.fromkeys(slugs)), lang)

    def _starting_with(self, text: str) -> list[str]:
        """Roles one of whose names starts with the typed text, or has a word that does."""
        typed = " ".join(fold(text).split())
        found = [
            slug
            for name, slug in self._names
            if name.startswith(typed) or any(word.startswith(typed) for word in name.split())
        ]
        return list(dict.fromkeys(found)) if len(typed) >= 3 else []

    def _cards(self, slugs: list[str], lang: str) -> list[InlineCard]:
        return [card for card in (self._card(slug, lang) for slug in slugs[: self.limit]) if card]

    def _card(self, slug: str, lang: str) -> InlineCard | None:
        role, card = self.kb.roles.get(slug), self.browser.card(slug, lang)
        if role is None or card is None:
            return None
        link = Action(self.kb.text("button_open_bot", lang), "", link=role_payload(slug))
        title = f"{role.name.get(lang)} · {self.kb.office_types[role.office].name.get(lang)}"
        return InlineCard(slug, title, role.description.get(lang), Answer(card.blocks, (link,), lang))
