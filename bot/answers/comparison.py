"""Two roles compared as a practitioner would: what differs (office type and when the other one applies, client
contact, department, ISCO-08 unit group), the skills they share and those only one needs, and the duties that set
each apart — not two cards stacked.

Skills are compared by their skills.yaml ids, so "in common" and "only the bookkeeper" are exact. Duties are
free text per role: the ones shown are those sharing the fewest words with the other role's duties.
"""

from __future__ import annotations

from bot.answers.model import Block
from bot.knowledge.model import KnowledgeBase, Role, Skill, Text
from bot.nlu.normalize import fold, tokens

DUTIES_SHOWN = 3  # distinctive duties per role: enough to see the difference, short enough to read
SHORT_WORD = 3  # words this short say little about what a duty is ("do", "w", "the")


def in_sentence(name: str) -> str:
    """A display name inside a sentence: "Bookkeeper" -> "bookkeeper", but "HR manager" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


class Comparison:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._stopwords = {fold(w) for w in kb.language.get("stopwords", ())}

    def blocks(self, a: Role, b: Role, lang: str) -> list[Block]:
        """The comparison's text: facts side by side, then skills, then duties."""
        facts = [
            self._offices(a, b, lang),
            *self._also(a, lang),
            *self._also(b, lang),
            self._contact(a, b, lang),
            self._department(a, b, lang),
            self._isco(a, b, lang),
        ]
        return [
            Block("list", items=tuple(facts)),
            *self._skills(a, b, lang),
            *self._duties(a, b, lang),
            *self._duties(b, a, lang),
        ]

    # -- facts ------------------------------------------------------------------------------------------------
    def _offices(self, a: Role, b: Role, lang: str) -> str:
        if a.office == b.office:
            return self.kb.text("cmp_office_same", lang, office=self._office(a.office, lang))
        return self.kb.text(
            "cmp_office_differ",
            lang,
            first=a.name.get(lang),
            second=b.name.get(lang),
            first_office=self._office(a.office, lang),
            second_office=self._office(b.office, lang),
        )

    def _also(self, role: Role, lang: str) -> list[str]:
        """The other office types a role counts as, and when: a comparison is often about exactly that."""
        return [
            self.kb.text(
                "cmp_also",
                lang,
                role=role.name.get(lang),
                office=self._office(also.office, lang),
                when=also.when.get(lang).rstrip("."),
            )
            for also in role.also_office
        ]

    def _contact(self, a: Role, b: Role, lang: str) -> str:
        """Client contact follows the office type (office_types.yaml `client_contact`)."""
        first, second = (self.kb.office_types[r.office].client_contact.get(lang) for r in (a, b))
        if a.office == b.office:
            return self.kb.text("cmp_contact_same", lang, contact=first)
        return self.kb.text(
            "cmp_contact_differ",
            lang,
            first=a.name.get(lang),
            second=b.name.get(lang),
            first_contact=first,
            second_contact=second,
        )

    def _department(self, a: Role, b: Role, lang: str) -> str:
        first, second = (self._name(self.kb.departments.get(r.department), r.department, lang) for r in (a, b))
        if a.department == b.department:
            return self.kb.text("cmp_department_same", lang, department=first)
        return self.kb.text(
            "cmp_department_differ",
            lang,
            first=a.name.get(lang),
            second=b.name.get(lang),
            first_department=first,
            second_department=second,
        )

    def _isco(self, a: Role, b: Role, lang: str) -> str:
        first, second = (self._name(self.kb.isco.unit_groups.get(r.isco), "", lang) for r in (a, b))
        if a.isco == b.isco:
            return self.kb.text("cmp_isco_same", lang, code=a.isco, title=first)
        return self.kb.text(
            "cmp_isco_differ",
            lang,
            first=a.name.get(lang),
            second=b.name.get(lang),
            first_code=a.isco,
            first_title=first,
            second_code=b.isco,
            second_title=second,
        )

    # -- skills and duties ------------------------------------------------------------------------------------
    def _skills(self, a: Role, b: Role, lang: str) -> list[Block]:
        """Skills both need, then those only one needs, by vocabulary id (the shared wording, without the role's
        own detail, so the lists stay short)."""
        ids_a, ids_b = {s.id for s in a.skills}, {s.id for s in b.skills}
        common = [self._skill(s, lang) for s in a.skills if s.id in ids_b]
        blocks = (
            [Block("text", self.kb.text("cmp_skills_common", lang)), Block("list", items=tuple(common))]
            if common
            else [Block("text", self.kb.text("cmp_skills_none", lang))]
        )
        for role, other in ((a, ids_b), (b, ids_a)):
            only = tuple(self._skill(s, lang) for s in role.skills if s.id not in other)
            if only:
                name = in_sentence(role.name.get(lang))
                blocks += [Block("text", self.kb.text("cmp_skills_only", lang, role=name)), Block("list", items=only)]
        return blocks

    def _skill(self, skill: Skill, lang: str) -> str:
        shared = self.kb.skills.get(skill.id)
        return (shared or skill).text.get(lang)

    def _duties(self, role: Role, other: Role, lang: str) -> list[Block]:
        """The role's duties least like any of the other's, in the role's own order."""
        theirs = [self._words(d.get(lang)) for d in other.duties]
        overlap = [max((len(self._words(d.get(lang)) & t) for t in theirs), default=0) for d in role.duties]
        chosen = sorted(sorted(range(len(role.duties)), key=lambda i: overlap[i])[:DUTIES_SHOWN])
        if not chosen:
            return []
        title = self.kb.text(
            "cmp_duties_only", lang, role=in_sentence(role.name.get(lang)), other=in_sentence(other.name.get(lang))
        )
        return [Block("text", title), Block("list", items=tuple(role.duties[i].get(lang) for i in chosen))]

    def _words(self, text: str) -> set[str]:
        """A duty's telling words: folded, without stopwords and short words."""
        return {w for w in (fold(t) for t in tokens(text)) if len(w) > SHORT_WORD and w not in self._stopwords}

    def _office(self, office: str, lang: str) -> str:
        return in_sentence(self.kb.office_types[office].name.get(lang))

    @staticmethod
    def _name(text: Text | None, fallback: str, lang: str) -> str:
        return text.get(lang) if text else fallback
