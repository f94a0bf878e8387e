"""Routes the interactive flows' buttons (checklists, interview kits, browsing, /lang) and deep links.

The Engine asks here first; None means "not one of these, or stale", and the Composer's own buttons or its
friendly "this button is out of date" menu take over.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answers import browse, checklist, interview_kit
from bot.answers.browse import Browser
from bot.answers.checklist import Checklist
from bot.answers.compose import Composer
from bot.answers.deeplinks import CHECKLIST, INTERVIEW, OFFICE, ROLE, DeepLink, office_slug
from bot.answers.interview_kit import MANAGER, InterviewKit
from bot.answers.model import Action, Answer, Block, Memory
from bot.knowledge.model import KnowledgeBase
from bot.nlu.skill_match import SkillMatcher

LANGS = ("en", "pl")
LANG_VERB = "lang"


class Flows:
    def __init__(self, kb: KnowledgeBase, composer: Composer, skills: SkillMatcher) -> None:
        self.kb, self.composer = kb, composer
        self.checklist = Checklist(kb, skills)
        self.kit = InterviewKit(kb)
        self.browser = Browser(kb, composer)

    def press(self, command: str, lang: str) -> Answer | None:
        """The answer to a flow button, or None when `command` is no flow's (or its data is stale)."""
        verb, _, rest = command.partition(":")
        parts = rest.split(":")
        if verb == LANG_VERB:
            return self.set_lang(rest)
        opener = self._open(verb, rest, lang)
        if opener is not None:
            return self._remember(rest, opener)
        if verb in (checklist.CHECK, checklist.DONE) and len(parts) in (2, 3):  # a third part: what an ad asks
            slug, mask, asked = parts[0], parts[1], parts[2] if len(parts) == 3 else "0"
            if verb == checklist.DONE:
                return self._remember(slug, self.checklist.result(slug, mask, lang, asked))
            return self._remember(
                slug, self.checklist.show(slug, mask, lang, edit=mask != "0" or asked == "0", asked=asked)
            )
        if verb == interview_kit.PAGE and len(parts) == 3:
            return self.kit.page(parts[2], parts[0], parts[1], lang, edit=True)
        if verb == interview_kit.FILE and len(parts) == 2:
            return self.kit.file(parts[1], parts[0], lang)
        return self._browse(verb, parts, lang)

    def _open(self, verb: str, slug: str, lang: str) -> Answer | None:
        """The buttons "Skills checklist", "Interview questions" and "All roles" open the interactive versions."""
        if verb == "roles":  # "All roles", or one office type's "browse by department" under a list answer
            return self.browser.office(slug, lang) if slug else self.browser.menu(lang)
        if verb in ("skills", "oskills"):
            return self.checklist.show(slug, "0", lang, edit=False)
        if verb in ("interview", "ointerview"):
            return self.kit.page(slug, MANAGER, "0", lang, edit=False)
        return None

    def _browse(self, verb: str, parts: list[str], lang: str) -> Answer | None:
        """Browsing buttons (browse.py's data formats); None when the data does not fit one of them."""
        if verb == browse.MENU and parts == [""]:
            return self.browser.menu(lang, edit=True)
        if verb == browse.OFFICE and len(parts) == 1:
            return self.browser.office(parts[0], lang, edit=True)
        if verb == browse.SHELF and len(parts) == 3:
            return self.browser.shelf(parts[0], parts[1], parts[2], lang)
        if verb == browse.ROLE and len(parts) in (1, 2):
            via = parts[1] if len(parts) == 2 else ""
            return self._remember(parts[0], self.browser.card(parts[0], lang, edit=True, via=via))
        if verb == browse.PICK and len(parts) in (1, 2):
            return self.browser.pick(parts[0], parts[1] if len(parts) == 2 else "0", lang)
        if verb == browse.COMPARE and len(parts) == 2:
            return self.browser.compare(parts[0], parts[1], lang)
        return None

    def deep_link(self, payload: str, lang: str) -> Answer | None:
        """What a t.me/<bot>?start=<payload> link opens; None for a payload that leads nowhere."""
        link = DeepLink.parse(payload)
        if link is None:
            return None
        if link.kind == OFFICE:
            office = office_slug(link.slug, self.kb.office_types)
            return self.browser.office(office, lang) if office else None
        if link.kind == ROLE:
            return self._remember(link.slug, self.browser.card(link.slug, lang))
        if link.kind == CHECKLIST:
            return self._remember(link.slug, self.checklist.show(link.slug, "0", lang, edit=False))
        if link.kind == INTERVIEW:
            return self._remember(link.slug, self.kit.page(link.slug, MANAGER, "0", lang, edit=False))
        return None

    def lang_menu(self, lang: str) -> Answer:
        """Buttons to choose the chat's language."""
        actions = tuple(Action(self.kb.text(f"button_lang_{code}", lang), f"{LANG_VERB}:{code}") for code in LANGS)
        return Answer((Block("text", self.kb.text("lang_menu", lang)),), actions, lang)

    def set_lang(self, code: str) -> Answer | None:
        """Keep `code` as the chat's language (the Engine remembers it) and say so in it, with examples to tap."""
        if code not in LANGS:
            return None
        return Answer(
            (Block("text", self.kb.text("lang_set", code)),),
            self.composer.buttons.examples(code, 3),
            code,
            memory=Memory(lang=code),
        )

    def _remember(self, slug: str, answer: Answer | None) -> Answer | None:
        """A role or office type opened by a button is what a follow-up question ("and the duties?") is about."""
        if answer is None:
            return None
        if slug in self.kb.roles:
            return replace(answer, memory=Memory(role=slug, category=self.kb.roles[slug].office))
        if slug in self.kb.office_types:
            return replace(answer, memory=Memory(category=slug))
        return answer
