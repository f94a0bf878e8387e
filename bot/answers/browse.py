"""Browsing: office types → an office type's departments → a page of a department's roles → a role card, with
Back at each level; each step replaces the menu message in place, like a native Telegram menu.

Button data (all within Telegram's 64 bytes; office types in their short form, "back"):
  "br"                       the office types
  "bro:<office>"             an office type's departments, with role counts
  "brd:<office>:<dept>:<n>"  page n of a department's roles under an office type
  "brr:<role>[:<office>]"    a role card; Back leads to the page it was found on (under <office>)
  "cmp:<role>[:<n>]"         page n of the roles to compare it with
  "cmp2:<role>:<role>"       the comparison (long slugs shortened to a unique prefix)
"""

from __future__ import annotations

from bot.answers.catalogue import Catalogue, Page, Shelf, page_of, short_office
from bot.answers.comparison import in_sentence
from bot.answers.compose import Composer
from bot.answers.deeplinks import role_payload
from bot.answers.model import Action, Answer, Block
from bot.answers.subjects import resolve_slug
from bot.knowledge.model import KnowledgeBase

MENU, OFFICE, SHELF, ROLE, PICK, COMPARE = "br", "bro", "brd", "brr", "cmp", "cmp2"
MAX_SLUG_IN_PAIR = 29  # "cmp2:" + two slugs + ":" within Telegram's 64 bytes of callback data


class Browser:
    def __init__(self, kb: KnowledgeBase, composer: Composer) -> None:
        self.kb, self.composer = kb, composer
        self.catalogue: Catalogue = composer.catalogue

    def menu(self, lang: str, edit: bool = False) -> Answer:
        """The office types as buttons."""
        actions = tuple(
            Action(self.kb.text("button_office", lang, office=t.name.get(lang)), f"{OFFICE}:{slug}")
            for slug, t in self.kb.office_types.items()
        )
        return Answer((Block("text", self.kb.text("roles_menu", lang)),), actions, lang, edit=edit)

    def office(self, code: str, lang: str, edit: bool = False) -> Answer | None:
        """An office type's departments, the fullest first, each with its number of roles; and Back."""
        office = self.catalogue.office(code)
        if office is None:
            return None
        shelves = self.catalogue.shelves(office, lang)
        name = self.kb.office_types[office].name.get(lang)
        count = sum(len(s.roles) for s in shelves)
        blocks = (
            Block("title", self.kb.text("list_title", lang, office=name)),
            Block("text", self.kb.office_types[office].definition.get(lang)),
            Block("text", self.kb.text("browse_departments", lang, count=count, departments=len(shelves))),
        )
        actions = [self._shelf_button(shelf, lang) for shelf in shelves]
        actions.append(self._back(MENU, lang))
        return Answer(blocks, tuple(actions), lang, edit=edit, columns=1)

    def shelf(self, code: str, department: str, page_text: str, lang: str, edit: bool = True) -> Answer | None:
        """One page of a department's roles under an office type (one button a row: the names are long), with
        ⬅️/➡️ to the other pages and Back to the departments; None for stale data."""
        office = self.catalogue.office(code)
        shelf = self.catalogue.shelf(office, department, lang) if office else None
        page = page_of(shelf.roles, page_text, self.catalogue.page_size) if shelf else None
        if shelf is None or page is None:
            return None
        blocks = [
            Block("title", self._shelf_title(shelf, lang)),
            Block("text", self.kb.text("browse_page_line", lang, first=page.first, last=page.last, total=page.total)),
            Block("list", items=tuple(self._role_line(slug, shelf, lang) for slug in page.items)),
        ]
        if shelf.also & set(page.items):
            office_name = self.kb.office_types[shelf.office].name.get(lang)
            blocks.append(Block("text", self.kb.text("browse_also_note", lang, office=in_sentence(office_name))))
        roles = [self._role_button(slug, shelf, lang) for slug in page.items]
        turns = self._turns(page, f"{SHELF}:{short_office(shelf.office)}:{department}", lang)
        actions = (*roles, *turns, self._back(f"{OFFICE}:{shelf.office}", lang))
        return Answer(tuple(blocks), actions, lang, edit=edit, rows=(1,) * len(roles) + (len(turns),))

    def card(self, slug: str, lang: str, edit: bool = False, via: str = "") -> Answer | None:
        """A role card: office type and why, duties, skills; buttons to go further, share it, and go back to the
        page of roles it was found on (under office type `via`, else under its own)."""
        role = self.kb.roles.get(slug)
        office = self.catalogue.office(via) if via else role.office if role else None
        if role is None or office is None or office not in role.offices:
            return None
        name = self.kb.office_types[role.office].name.get(lang)
        blocks = (
            Block("title", self.kb.text("classify_title", lang, role=role.name.get(lang), office=name)),
            Block("text", role.why.get(lang)),
            *self._also_blocks(slug, lang),
            Block("text", self.kb.text("card_duties", lang)),
            Block("list", items=tuple(d.get(lang) for d in role.duties)),
            Block("text", self.kb.text("card_skills", lang)),
            Block("list", items=tuple(s.text.get(lang) for s in role.skills)),
        )
        actions = (
            Action(self.kb.text("button_checklist", lang), f"skills:{slug}"),
            Action(self.kb.text("button_kit", lang), f"interview:{slug}"),
            Action(self.kb.text("button_similar", lang), f"similar:{slug}"),
            Action(self.kb.text("button_compare_role", lang), f"{PICK}:{slug}"),
            Action(self.kb.text("button_share", lang), "", link=role_payload(slug)),
            self._back(self._page_of(slug, office, lang), lang),
        )
        return Answer(blocks, actions, lang, edit=edit)

    def pick(self, slug: str, page_text: str, lang: str) -> Answer | None:
        """A page of roles to compare `slug` with: its related roles, its department under its office type, the
        office type's typical roles, then its department elsewhere; ⬅️/➡️ and Back to its card."""
        role = self.kb.roles.get(slug)
        page = page_of(self._candidates(slug, lang), page_text, self.catalogue.page_size) if role else None
        if role is None or page is None:
            return None
        blocks = (
            Block("text", self.kb.text("compare_pick", lang, role=role.name.get(lang))),
            Block("text", self.kb.text("browse_page_line", lang, first=page.first, last=page.last, total=page.total)),
        )
        choices = [
            Action(
                self.kb.text("button_card", lang, role=self.kb.roles[o].name.get(lang)),
                f"{COMPARE}:{slug[:MAX_SLUG_IN_PAIR]}:{o[:MAX_SLUG_IN_PAIR]}",
            )
            for o in page.items
        ]
        turns = self._turns(page, f"{PICK}:{slug}", lang)
        actions = (*choices, *turns, self._back(f"{ROLE}:{slug}", lang))
        return Answer(blocks, actions, lang, edit=True, rows=(1,) * len(choices) + (len(turns),))

    def compare(self, first: str, second: str, lang: str) -> Answer | None:
        """What differs between two roles, with their cards to open and Back to the first one's card."""
        a, b = resolve_slug(self.kb, first), resolve_slug(self.kb, second)
        if a is None or b is None:
            return None
        answer = self.composer.compare_roles(a, b, lang)
        actions = (
            *(Action(x.label, f"{ROLE}:{x.command.partition(':')[2]}") for x in answer.actions),
            self._back(f"{ROLE}:{a}", lang),
        )
        return Answer(answer.blocks, actions, lang, edit=True)

    # -- pieces ---------------------------------------------------------------------------------------------
    def _candidates(self, slug: str, lang: str) -> list[str]:
        """Roles worth comparing with `slug`, the likeliest first: a few pages, never the whole catalogue."""
        role = self.kb.roles[slug]
        shelf = self.catalogue.shelf(role.office, role.department, lang)
        same_department = [r.slug for r in self.kb.roles.values() if r.department == role.department]
        found = [
            *role.related,
            *(shelf.roles if shelf else ()),
            *self.catalogue.typical(role.office),
            *self.catalogue.ordered(same_department, role.office, lang),
        ]
        return [s for s in dict.fromkeys(found) if s != slug and s in self.kb.roles]

    def _page_of(self, slug: str, office: str, lang: str) -> str:
        """The button data of the page that lists `slug` under `office`."""
        role = self.kb.roles[slug]
        shelf = self.catalogue.shelf(office, role.department, lang)
        if shelf is None:
            return f"{OFFICE}:{office}"
        return f"{SHELF}:{short_office(office)}:{role.department}:{self.catalogue.page_number(shelf, slug)}"

    def _also_blocks(self, slug: str, lang: str) -> list[Block]:
        """When the role counts as another office type too: which one, and when."""
        blocks = []
        for also in self.kb.roles[slug].also_office:
            office = in_sentence(self.kb.office_types[also.office].name.get(lang))
            blocks.append(
                Block("text", self.kb.text("also_office", lang, office=office, when=also.when.get(lang).rstrip(".")))
            )
        return blocks

    def _shelf_title(self, shelf: Shelf, lang: str) -> str:
        return self.kb.text(
            "browse_shelf_title",
            lang,
            office=self.kb.office_types[shelf.office].name.get(lang),
            department=self.catalogue.department_name(shelf.department, lang),
        )

    def _shelf_button(self, shelf: Shelf, lang: str) -> Action:
        label = self.kb.text(
            "button_department",
            lang,
            count=len(shelf.roles),
            department=self.catalogue.department_name(shelf.department, lang),
        )
        return Action(label, f"{SHELF}:{short_office(shelf.office)}:{shelf.department}:0")

    def _role_button(self, slug: str, shelf: Shelf, lang: str) -> Action:
        key = "button_card_also" if slug in shelf.also else "button_card"
        return Action(
            self.kb.text(key, lang, role=self.kb.roles[slug].name.get(lang)),
            f"{ROLE}:{slug}:{short_office(shelf.office)}",
        )

    def _role_line(self, slug: str, shelf: Shelf, lang: str) -> str:
        """A role in the page's text (the button may cut a long name): marked when it counts here only sometimes."""
        role = self.kb.roles[slug]
        if slug not in shelf.also:
            return role.name.get(lang)
        marked = self.kb.text("button_card_also", lang, role=role.name.get(lang))
        return f"{marked} ({self.kb.office_types[role.office].name.get(lang)})"

    def _turns(self, page: Page, prefix: str, lang: str) -> list[Action]:
        """⬅️/➡️ to the neighbouring pages (none on a single page)."""
        turns = []
        if page.previous is not None:
            turns.append(Action(self.kb.text("button_page_previous", lang), f"{prefix}:{page.previous}"))
        if page.next is not None:
            turns.append(Action(self.kb.text("button_page_next", lang), f"{prefix}:{page.next}"))
        return turns

    def _back(self, command: str, lang: str) -> Action:
        return Action(self.kb.text("button_back", lang), command)
