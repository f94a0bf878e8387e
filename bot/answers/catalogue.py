"""The catalogue as shelves: an office type's departments, each department's roles in one useful order, and
pages of them.

With 157 roles no answer can show them all, so /roles, the list answer, inline search and the admin's
/unanswered keyboard all go office type → department → a page of roles. They share this module so that every
place orders the roles the same way: the office type's typical roles first (office_types.yaml `typical_roles`,
most common first: what people look for), then the rest by name, then the roles that count under the office
type only in some firms (their `also_office`), marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from bot.answers.deeplinks import office_slug
from bot.knowledge.model import KnowledgeBase
from bot.nlu.normalize import fold

DEFAULT_PAGE = 8


def non_office_text(kb: KnowledgeBase, occupation: str, lang: str) -> str:
    """ "X is not an office job (ISCO-08 major group N: ...)" and why the office split does not apply to it: for
    a question about the job and for a pasted ad for it alike."""
    job = kb.occupations[occupation]
    group = kb.isco.major_groups.get(job.major)
    return kb.text(
        "non_office_job", lang, job=job.name.get(lang), major=job.major, group=group.get(lang) if group else job.major
    )


@dataclass(frozen=True)
class Shelf:
    """One department's roles under one office type, in display order."""

    office: str
    department: str
    roles: tuple[str, ...]
    also: frozenset[str]  # those whose main office type is another: they count here only in some firms


@dataclass(frozen=True)
class Page:
    """One page of a longer list; `number` counts from 0, as the button data does."""

    items: tuple[str, ...]
    number: int
    count: int  # pages in all
    total: int  # items in all
    start: int  # how many items come before the page

    @property
    def first(self) -> int:
        """The 1-based position of the page's first item, as "Roles 9–16 of 20" says it."""
        return self.start + 1

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 0 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number + 1 < self.count else None


def page_of(items: list[str] | tuple[str, ...], number_text: str, size: int) -> Page | None:
    """Page `number_text` of `items`, or None when the number is malformed or past the end (stale button data)."""
    if not number_text.isdigit() or not items:
        return None
    number, count = int(number_text), -(-len(items) // size)
    if number >= count:
        return None
    return Page(tuple(items[number * size : (number + 1) * size]), number, count, len(items), number * size)


def short_office(office: str) -> str:
    """The short form of an office type in button data ("back" for "back-office"): it leaves room for slugs."""
    return office.removesuffix("-office")


class Catalogue:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.page_size = max(1, int(kb.settings.get("browse_page", DEFAULT_PAGE)))
        self._typical = {
            office: {slug: i for i, slug in enumerate(t.typical_roles) if slug in kb.roles}
            for office, t in kb.office_types.items()
        }
        # The views below depend on the knowledge base alone, which does not change while the bot runs; a list
        # answer asks for every department's shelf, so they are built once per office type and language.
        self._roles: dict[tuple[str, str], tuple[str, ...]] = {}
        self._shelves: dict[tuple[str, str], tuple[Shelf, ...]] = {}

    def office(self, code: str) -> str | None:
        """An office type from button data: its slug or its short form."""
        return office_slug(code, self.kb.office_types)

    def typical(self, office: str) -> list[str]:
        """The office type's typical roles, most common first (those the knowledge base has)."""
        return list(self._typical.get(office, {}))

    def popular(self) -> list[str]:
        """Typical roles of every office type taken in turn (front, back, middle, front...), so a short list of
        popular roles shows each office type."""
        turns = zip_longest(*(self.typical(office) for office in self.kb.office_types))
        return list(dict.fromkeys(slug for turn in turns for slug in turn if slug))

    def ordered(self, slugs: list[str], office: str, lang: str) -> list[str]:
        """`slugs` with the office type's typical roles first (most common first), then the others by name."""
        rank = self._typical.get(office, {})
        return sorted(slugs, key=lambda s: (rank.get(s, len(rank)), fold(self.kb.roles[s].name.get(lang))))

    def roles(self, office: str, lang: str) -> list[str]:
        """Every role under an office type: its own in order, then those that count under it only sometimes."""
        key = (office, lang)
        if office not in self.kb.office_types:
            return []  # stale button data: nothing is under it (and nothing unbounded is cached)
        if key not in self._roles:
            own = self.ordered([r.slug for r in self.kb.roles_in(office)], office, lang)
            self._roles[key] = (*own, *self.ordered([r.slug for r in self.kb.roles_also_in(office)], office, lang))
        return list(self._roles[key])

    def shelves(self, office: str, lang: str) -> list[Shelf]:
        """The office type's departments, the fullest first (departments.yaml's order between equals)."""
        key = (office, lang)
        if office not in self.kb.office_types:
            return []
        if key not in self._shelves:
            self._shelves[key] = self._shelves_of(office, lang)
        return list(self._shelves[key])

    def _shelves_of(self, office: str, lang: str) -> tuple[Shelf, ...]:
        order = list(self.kb.departments)
        departments = {self.kb.roles[s].department for s in self.roles(office, lang)}
        shelves = [self._shelf_of(office, d, lang) for d in departments]
        return tuple(
            sorted(
                (s for s in shelves if s),
                key=lambda s: (-len(s.roles), order.index(s.department) if s.department in order else len(order)),
            )
        )

    def shelf(self, office: str, department: str, lang: str) -> Shelf | None:
        """One department's roles under an office type; None when it has none there (stale button data)."""
        return next((s for s in self.shelves(office, lang) if s.department == department), None)

    def _shelf_of(self, office: str, department: str, lang: str) -> Shelf | None:
        also = {r.slug for r in self.kb.roles_also_in(office)}
        roles = tuple(s for s in self.roles(office, lang) if self.kb.roles[s].department == department)
        return Shelf(office, department, roles, frozenset(also & set(roles))) if roles else None

    def page_number(self, shelf: Shelf, slug: str) -> int:
        """The page of the shelf that holds `slug` (the first page when it is not there)."""
        return shelf.roles.index(slug) // self.page_size if slug in shelf.roles else 0

    def department_name(self, department: str, lang: str) -> str:
        name = self.kb.departments.get(department)
        return name.get(lang) if name else department
