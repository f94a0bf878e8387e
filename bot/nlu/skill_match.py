"""Which roles need the skills someone has: skill descriptions compared by their words' lemmas.

Every role words its skills differently ("basic accounting (double-entry bookkeeping)", "double-entry
bookkeeping"), so skills are compared by shared lemma keys (inflection folded away by the lexicon), each
weighted by how rare it is among all skills: "VAT" says more than "knowledge" or "rules".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.lexicon import Lexicon
from bot.nlu.normalize import fold, tokens


@dataclass
class SkillIndex:
    """Every role's skills as lemma keys, and each key's weight (how rare it is among all skills), per language.
    Built with the matchers (compile_matchers), so it is in the on-disk cache: expanding 2,600 skill texts word
    by word costs half a second and 15 MB of lookup caches at every start otherwise."""

    skills: dict[str, list[tuple[str, tuple[str, ...]]]]  # a tuple per skill: 1/6 of a frozenset's memory
    weight: dict[str, dict[str, float]]

    @classmethod
    def build(cls, kb: KnowledgeBase, lexicon: Lexicon, common: set[str]) -> SkillIndex:
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # roles share skills.yaml's wording: one tuple each

        def keys(text: str, lang: str) -> tuple[str, ...]:
            found = tuple(sorted(skill_keys(lexicon, common, text, lang)))
            return shared.setdefault(found, found)

        skills = {
            lang: [(role.slug, keys(s.text.get(lang), lang)) for role in kb.roles.values() for s in role.skills]
            for lang in ("en", "pl")
        }
        weight = {}
        for lang, listed in skills.items():
            counts = Counter(key for _slug, keys in listed for key in keys)
            weight[lang] = {key: math.log(1 + len(listed) / n) for key, n in counts.items()}
        return cls(skills, weight)


def skill_keys(lexicon: Lexicon, common: set[str], text: str, lang: str) -> frozenset[str]:
    """The lemma keys of a skill's words, common words left out."""
    found: set[str] = set()
    for word in tokens(text):
        folded = fold(word)
        if folded in common or len(folded) < 2:
            continue
        found |= lexicon.keys(word, polish=lang == "pl") or {folded}
    return frozenset(found)


class SkillMatcher:
    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, common: set[str], index: SkillIndex) -> None:
        self.kb, self.lexicon, self.common = kb, lexicon, common
        self.share = kb.settings.get("checklist_fit_share", 0.5)
        self._skills, self._weight = index.skills, index.weight

    def keys(self, text: str, lang: str) -> frozenset[str]:
        """The lemma keys of a skill's words, common words left out."""
        return skill_keys(self.lexicon, self.common, text, lang)

    def best_roles(self, skills: list[str], lang: str, limit: int, prefer: str = "") -> list[str]:
        """Roles ranked by how many of `skills` they need: each skill counts its best match in each role,
        when at least `checklist_fit_share` of its weight is shared. On a tie `prefer` comes first."""
        weight = self._weight[lang]
        totals: Counter[str] = Counter()
        for skill in skills:
            wanted = self.keys(skill, lang)
            whole = sum(weight.get(k, 1.0) for k in wanted)
            if not whole:
                continue
            best: dict[str, float] = {}
            for slug, keys in self._skills[lang]:
                share = sum(weight.get(k, 1.0) for k in keys if k in wanted) / whole
                if share >= self.share:
                    best[slug] = max(best.get(slug, 0.0), share)
            totals.update(best)
        ranked = sorted(totals, key=lambda slug: (-totals[slug], slug != prefer))
        return ranked[:limit]
