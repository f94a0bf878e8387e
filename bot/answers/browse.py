"""Browsing: office types → their roles → a role card, with Back at each level; each step replaces the
menu message in place, like a native Telegram menu.

Button data: "br" (office types), "bro:<office>" (its roles), "brr:<role>" (the card), "cmp:<role>" (pick a
role to compare with), "cmp2:<role>:<role>" (the comparison; long slugs shortened to a unique prefix).
"""
from __future__ import annotations

from bot.answers.compose import Composer
from bot.answers.deeplinks import role_payload
from bot.answers.model import Action, Answer, Block
from bot.answers.subjects import resolve_slug
from bot.knowledge.model import KnowledgeBase

MENU, OFFICE, ROLE, PICK, COMPARE = "br", "bro", "brr", "cmp", "cmp2"
MAX_SLUG_IN_PAIR = 29            # "cmp2:" + two slugs + ":" within Telegram's 64 bytes of callback data


class Browser:
    def __init__(self, kb: KnowledgeBase, composer: Composer) -> None:
        self.kb, self.composer = kb, composer

    def menu(self, lang: str, edit: bool = False) -> Answer:
        """The office types as buttons."""
        actions = tuple(Action(self.kb.text("button_office", lang, office=t.name.get(lang)), f"{OFFICE}:{slug}")
                        for slug, t in self.kb.office_types.items())
        return Answer((Block("text", self.kb.text("roles_menu", lang)),), actions, lang, edit=edit)

    def office(self, office: str, lang: str, edit: bool = False) -> Answer | None:
        """One office type's roles as buttons (roles that also count under it included), and Back."""
        if office not in self.kb.office_types:
            return None
        roles = self.kb.roles_in(office) + self.kb.roles_also_in(office)
        name = self.kb.office_types[office].name.get(lang)
        blocks = (Block("title", self.kb.text("list_title", lang, office=name)),
                  Block("text", self.kb.office_types[office].definition.get(lang)))
        actions = [Action(self.kb.text("button_card", lang, role=r.name.get(lang)), f"{ROLE}:{r.slug}") for r in roles]
        actions.append(self._back(MENU, lang))
        return Answer(blocks, tuple(actions), lang, edit=edit)

    def card(self, slug: str, lang: str, edit: bool = False) -> Answer | None:
        """A role card: office type and why, duties, skills; buttons to go further, share it, and go back."""
        role = self.kb.roles.get(slug)
        if role is None:
            return None
        office = self.kb.office_types[role.office].name.get(lang)
        blocks = (Block("title", self.kb.text("classify_title", lang, role=role.name.get(lang), office=office)),
                  Block("text", role.why.get(lang)),
                  Block("text", self.kb.text("card_duties", lang)),
                  Block("list", items=tuple(d.get(lang) for d in role.duties)),
                  Block("text", self.kb.text("card_skills", lang)),
                  Block("list", items=tuple(s.text.get(lang) for s in role.skills)))
        actions = (Action(self.kb.text("button_checklist", lang), f"skills:{slug}"),
                   Action(self.kb.text("button_kit", lang), f"interview:{slug}"),
                   Action(self.kb.text("button_similar", lang), f"similar:{slug}"),
                   Action(self.kb.text("button_compare_role", lang), f"{PICK}:{slug}"),
                   Action(self.kb.text("button_share", lang), "", link=role_payload(slug)),
                   self._back(f"{OFFICE}:{role.office}", lang))
        return Answer(blocks, actions, lang, edit=edit)

    def pick(self, slug: str, lang: str) -> Answer | None:
        """Which role to compare `slug` with: related roles first, then the rest of its office type."""
        role = self.kb.roles.get(slug)
        if role is None:
            return None
        others = [s for s in role.related if s in self.kb.roles]
        others += [r.slug for r in self.kb.roles_in(role.office) if r.slug != slug and r.slug not in others]
        text = self.kb.text("compare_pick", lang, role=role.name.get(lang))
        actions = [Action(self.kb.text("button_card", lang, role=self.kb.roles[o].name.get(lang)),
                          f"{COMPARE}:{slug[:MAX_SLUG_IN_PAIR]}:{o[:MAX_SLUG_IN_PAIR]}") for o in others]
        actions.append(self._back(f"{ROLE}:{slug}", lang))
        return Answer((Block("text", text),), tuple(actions), lang, edit=True)

    def compare(self, first: str, second: str, lang: str) -> Answer | None:
        """Two roles side by side, with Back to the first one's card."""
        a, b = resolve_slug(self.kb, first), resolve_slug(self.kb, second)
        if a is None or b is None:
            return None
        answer = self.composer.compare_roles(a, b, lang)
        actions = (*(Action(x.label, f"{ROLE}:{x.command.partition(':')[2]}") for x in answer.actions),
                   self._back(f"{ROLE}:{a}", lang))
        return Answer(answer.blocks, actions, lang, edit=True)

    def _back(self, command: str, lang: str) -> Action:
        return Action(self.kb.text("button_back", lang), command)
