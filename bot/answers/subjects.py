"""What a checklist, an interview kit or a deep link can be about: a role or an office type, by slug.

Both carry a name, skills and interview questions; the flows treat them alike, so one button format
("ck:back-office:0", "ck:bookkeeper:0") serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase, Question, Skill, Text


@dataclass(frozen=True)
class Subject:
    slug: str
    name: Text
    skills: tuple[Skill, ...]
    interview: tuple[Question, ...]
    is_role: bool

    def display(self, lang: str) -> str:
        return self.name.get(lang)


def find_subject(kb: KnowledgeBase, slug: str) -> Subject | None:
    """The role or office type called `slug`, or None (a stale button after the knowledge base changed)."""
    if slug in kb.roles:
        role = kb.roles[slug]
        return Subject(slug, role.name, role.skills, role.interview, True)
    if slug in kb.office_types:
        office = kb.office_types[slug]
        return Subject(slug, office.name, office.skills, office.interview, False)
    return None


def resolve_slug(kb: KnowledgeBase, prefix: str) -> str | None:
    """A role slug from itself or a unique prefix of it: long slugs are shortened to fit two into 64 bytes."""
    if prefix in kb.roles:
        return prefix
    matches = [slug for slug in kb.roles if prefix and slug.startswith(prefix)]
    return matches[0] if len(matches) == 1 else None
