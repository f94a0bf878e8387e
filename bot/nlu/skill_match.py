"""Which roles need the skills someone has: skill descriptions compared by their words' lemmas.

Every role words its skills differently ("basic accounting (double-entry bookkeeping)", "double-entry
bookkeeping"), so skills are compared by shared lemma keys (inflection folded away by the lexicon), each
weighted by how rare it is among all skills: "VAT" says more than "knowledge" or "rules".
"""
from __future__ import annotations

import math
from collections import Counter

from bot.knowledge.model import KnowledgeBase
from bot.nlu.lexicon import Lexicon
from bot.nlu.normalize import fold, tokens


class SkillMatcher:
    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, common: set[str]) -> None:
        self.kb, self.lexicon, self.common = kb, lexicon, common
        self.share = kb.settings.get("checklist_fit_share", 0.5)
        self._skills = {lang: [(role.slug, self.keys(s.text.get(lang), lang))
                               for role in kb.roles.values() for s in role.skills] for lang in ("en", "pl")}
        self._weight = {}
        for lang, skills in self._skills.items():
            counts = Counter(key for _slug, keys in skills for key in keys)
            self._weight[lang] = {key: math.log(1 + len(skills) / n) for key, n in counts.items()}

    def keys(self, text: str, lang: str) -> frozenset[str]:
        """The lemma keys of a skill's words, common words left out."""
        found: set[str] = set()
        for word in tokens(text):
            folded = fold(word)
            if folded in self.common or len(folded) < 2:
                continue
            found |= self.lexicon.keys(word, polish=lang == "pl") or {folded}
        return frozenset(found)

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
                share = sum(weight.get(k, 1.0) for k in wanted & keys) / whole
                if share >= self.share:
                    best[slug] = max(best.get(slug, 0.0), share)
            totals.update(best)
        ranked = sorted(totals, key=lambda slug: (-totals[slug], slug != prefer))
        return ranked[:limit]
