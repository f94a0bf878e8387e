"""Job words the knowledge base does not know: which roles carry the word in their names, or look like it.

"clerk", "specjalista" or "doradca" alone is part of several role names, so the bot asks which one; a title no
name carries ("revenue operations specialist", "koordynator dotacji unijnych") gets the roles nearest to it by
meaning: the words it shares with their names, duties and department (describe.py's index). Never a fixed list.
"""

from __future__ import annotations

from bot.knowledge.model import KnowledgeBase
from bot.nlu.describe import RoleDescriptions
from bot.nlu.message import Normaliser
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import PhraseMatcher

NameWords = dict[str, dict[str, tuple[bool, int]]]  # a word key of role names -> role -> (in its main name, how often)


class UnknownJobs:
    def __init__(
        self, kb: KnowledgeBase, entities: PhraseMatcher, descriptions: RoleDescriptions, normaliser: Normaliser
    ) -> None:
        self.kb, self.descriptions, self.normaliser = kb, descriptions, normaliser
        self.owner = {  # every alias, folded, -> its role ("and a medical one?" + "recepcjonistka")
            " ".join(fold(alias).split()): role.slug
            for role in kb.roles.values()
            for aliases in role.aliases.values()
            for alias in aliases
        }
        self.name_words = name_words(kb, entities)
        self.choices = int(kb.settings.get("partial_name_choices", 6))
        self.near = int(kb.settings.get("unknown_title_nearest", 3))
        self.title_words = {fold(w) for w in kb.language.get("title_words", ())}
        self.office_share = float(kb.settings.get("unknown_title_office_share", 0.8))

    def named_partly(self, word: str, lang: str | None) -> list[str]:
        """Roles whose names contain the word; roles whose main name has it come first, and only they when there
        are any."""
        keys = self.normaliser.keys([word], lang)[0] | {fold(word)}
        found: dict[str, tuple[bool, int]] = {}
        for key in keys:
            for slug, (in_main, count) in self.name_words.get(key, {}).items():
                found[slug] = max(found.get(slug, (False, 0)), (in_main, count))
        if any(in_main for in_main, _ in found.values()):
            found = {slug: rank for slug, rank in found.items() if rank[0]}
        ranked = sorted(found, key=lambda slug: found[slug], reverse=True)
        return ranked[: self.choices]

    def qualified(self, word: str, role: str) -> str | None:
        """The role that `word` plus the chat's role names: "and a medical one?" after a question about the
        receptionist is the medical receptionist ("recepcjonistka medyczna": the word may come after, too)."""
        word = fold(word)
        for aliases in self.kb.roles[role].aliases.values():
            for alias in aliases:
                name = " ".join(fold(alias).split())
                found = self.owner.get(f"{word} {name}") or self.owner.get(f"{name} {word}")
                if found and found != role:
                    return found
        return None

    def nearest(self, title: str, lang: str | None) -> list[str]:
        """The roles nearest to a title by meaning (its words shared with their names, duties, department)."""
        return self.descriptions.nearest(self._telling(title, lang), self.near)

    def likely_office(self, title: str, lang: str | None) -> str | None:
        """The office type of a title nothing knows, when the roles sharing its meaning lean one way: of all they
        share with it (rare words weigh more), that office type's roles hold at least `unknown_title_office_share`
        (settings.yaml), and every word of it means something to some role. "specjalista ds. rozrachunków" shares
        its words with payables, receivables and settlements, all back office; "onboarding specialist" with customer
        success (front) and HR (back), and "growth hacker" has a word no role knows: both left open."""
        mass: dict[str, float] = {}
        for keys in self._telling(title, lang):
            scores, _shared = self.descriptions.shared([keys])
            if not scores:
                return None
            for slug, score in scores.items():
                office = self.kb.roles[slug].office
                mass[office] = mass.get(office, 0.0) + score
        total = sum(mass.values())
        if not total:
            return None
        office = max(mass, key=lambda o: mass[o])
        return office if mass[office] >= self.office_share * total else None

    def _telling(self, title: str, lang: str | None) -> list[frozenset[str]]:
        telling = [w for w in tokens(title) if fold(w) not in self.title_words]  # "specjalista", "ds." say nothing
        return self.normaliser.keys(telling, lang)


def name_words(kb: KnowledgeBase, entities: PhraseMatcher) -> NameWords:
    """Each word key of the roles' names -> the roles it names: (is it in the role's main name, in how many of
    its names it occurs)."""
    main = {
        slug: {fold(w) for name in (role.name.en, role.name.pl) for w in name.split()}
        for slug, role in kb.roles.items()
    }
    index: NameWords = {}
    for phrase in entities.phrases:
        kind, slug = phrase.payload
        if kind != "role":
            continue
        for keys in phrase.words:
            in_main = bool(keys & main[slug])
            for key in keys:
                roles = index.setdefault(key, {})
                was_main, count = roles.get(slug, (False, 0))
                roles[slug] = (was_main or in_main, count + 1)
    return index
