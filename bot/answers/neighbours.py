"""Roles like a given one, from the whole catalogue ("🔁 Similar roles").

A role's `related` list is chosen by hand and comes first; after it come the roles that share most with it,
out of all 157: the skills.yaml skills both need (by id, a rarer skill weighing more, as IDF), the same department,
the same ISCO-08 minor group (first three digits: "241" finance professionals) and the same office type, each
weighted in settings.yaml. So a role whose `related` list is short still gets a useful list, and the list follows
the catalogue as roles are added.
"""

from __future__ import annotations

import math
from functools import lru_cache

from bot.knowledge.model import KnowledgeBase, Role


class Neighbours:
    def __init__(self, kb: KnowledgeBase) -> None:
        settings = kb.settings
        self.kb = kb
        self.shown = int(settings.get("similar_roles", 6))
        self.weights = (
            float(settings.get("similar_weight_department", 1.0)),
            float(settings.get("similar_weight_isco", 1.0)),
            float(settings.get("similar_weight_office", 0.5)),
        )
        self.skills = {slug: frozenset(s.id for s in role.skills if s.id) for slug, role in kb.roles.items()}
        needed_by: dict[str, int] = {}
        for ids in self.skills.values():
            for skill in ids:
                needed_by[skill] = needed_by.get(skill, 0) + 1
        total = len(kb.roles)
        self.idf = {skill: math.log(total / count) for skill, count in needed_by.items()}
        self.of = lru_cache(maxsize=512)(self._of)

    def _of(self, slug: str) -> tuple[str, ...]:
        """Up to `similar_roles` roles like this one: its `related` first, then the closest others."""
        role = self.kb.roles[slug]
        chosen = [s for s in role.related if s in self.kb.roles and s != slug]
        scores = {
            other.slug: self.closeness(role, other)
            for other in self.kb.roles.values()
            if other.slug != slug and other.slug not in chosen
        }
        ranked = sorted((s for s, score in scores.items() if score > 0), key=lambda s: (-scores[s], s))
        return tuple([*chosen, *ranked][: max(self.shown, len(chosen))])

    def closeness(self, role: Role, other: Role) -> float:
        """Shared skills (by rarity), then the same department, ISCO-08 minor group and office type."""
        department, isco, office = self.weights
        shared = self.skills[role.slug] & self.skills[other.slug]
        return (
            sum(self.idf[skill] for skill in shared)
            + department * (role.department == other.department)
            + isco * (role.isco[:3] == other.isco[:3])
            + office * (role.office == other.office)
        )
