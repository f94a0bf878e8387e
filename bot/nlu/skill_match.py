"""Which roles need the skills someone has: skill descriptions compared by their words' lemmas.

Every role words its skills differently ("basic accounting (double-entry bookkeeping)", "double-entry
bookkeeping"), so skills are compared by shared lemma keys (inflection folded away by the lexicon), each
weighted by how rare it is among all skills: "VAT" says more than "knowledge" or "rules".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from bot.knowledge.model import DETAIL_SEPARATOR, KnowledgeBase
from bot.nlu.lexicon import Lexicon
from bot.nlu.normalize import fold, tokens

STEM = 5  # letters of a word that stand for it when lemmas differ (another part of speech)
LINE_SHARE = 0.25  # of an ad requirement's words a skill must share to be one it asks for


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
        self.fillers = {fold(w) for w in kb.job_ads.requirement_fillers} if kb.job_ads else set()
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

    def asked_by(self, slug: str, lines: tuple[str, ...], lang: str) -> list[tuple[int, ...]]:
        """For each line of an ad's requirements, the role's skills (indices in role.skills) it asks for: those
        sharing the most of the line's words, when that is at least `LINE_SHARE` of them (requirements are short,
        skills long: "zaawansowany Excel" is the Excel skill; a skill is its shared wording, not the role's detail
        after the dash). Common words are left out, and the rest count alike:
        by rarity, one unusual word ("pacjentami") would outweigh the skill named beside it. Words compare by
        lemma and by stem, since an ad words a skill in another part of speech ("życzliwość", "życzliwe")."""
        named = [s.text.get(lang).split(DETAIL_SEPARATOR)[0] for s in self.kb.roles[slug].skills]  # not the detail
        skills = [frozenset().union(*(self._word_keys(w, lang) for w in tokens(text))) for text in named]
        found = []
        for line in lines:
            words = [keys for keys in (self._word_keys(w, lang) for w in tokens(line)) if keys]
            shared = [sum(1 for keys in words if keys & skill) for skill in skills]
            best = max(shared, default=0)
            asked = [
                i for i, count in enumerate(shared) if count and count >= LINE_SHARE * len(words) and count == best
            ]
            found.append(tuple(asked))
        return found

    def _word_keys(self, word: str, lang: str) -> frozenset[str]:
        """A word's lemma keys and its stem; nothing for a common word."""
        folded = fold(word)
        if folded in self.common or folded in self.fillers or len(folded) < 2:
            return frozenset()
        return frozenset(self.lexicon.keys(word, polish=lang == "pl") or {folded}) | _stems(word)


def _stems(text: str) -> frozenset[str]:
    """The first letters of each longer word, folded: "życzliwość" and "życzliwe" share "zyczl"."""
    return frozenset("~" + fold(word)[:STEM] for word in tokens(text) if len(word) >= STEM)
