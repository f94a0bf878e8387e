"""The understanding pipeline: analyse the message, apply the reading rules, fill in language and subject."""
from __future__ import annotations

from itertools import islice
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.knowledge.model import KnowledgeBase
from bot.nlu import cache
from bot.nlu.analyzer import Analysis, Analyzer, compile_matchers
from bot.nlu.decide import decide
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import fold
from bot.nlu.understanding import INTENTS, Understanding
from bot.state import ChatState


class Reader:
    def __init__(self, kb: KnowledgeBase, knowledge_dir: Path | None = None) -> None:
        """With `knowledge_dir`, the compiled matchers come from (and go to) the on-disk cache."""
        self.kb = kb
        morphology = Morphology()
        build = lambda: compile_matchers(kb, morphology)  # noqa: E731
        matchers = cache.cached(knowledge_dir, build) if knowledge_dir else build()
        self.analyzer = Analyzer(kb, morphology, matchers)
        self.scorer = self.analyzer.suggester
        self.examples = [(" ".join(fold(e).split()), spec.name) for spec in kb.intents.values()
                         if spec.name in INTENTS for texts in spec.examples.values() for e in texts]
        self._example_texts = [text for text, _ in self.examples]
        self._aliases = [(fold(alias), role.slug) for role in kb.roles.values()
                         for aliases in role.aliases.values() for alias in aliases]
        self._alias_texts = [text for text, _ in self._aliases]
        self._name_words = _name_words(self.analyzer, kb)
        self.settings = kb.settings

    def understand(self, text: str, state: ChatState, user_lang: str | None = None) -> Understanding:
        """What one message means in this chat; `state` is read, never changed here."""
        analysis = self.analyzer.analyse(text)
        understanding = decide(analysis, state)
        if understanding.intent == "out_of_scope":
            understanding = self._nearest_example(analysis) or understanding
        understanding.lang = analysis.lang or state.lang or _short(user_lang) or "en"
        self._complete(understanding, analysis, state)
        return understanding

    def _complete(self, u: Understanding, a: Analysis, state: ChatState) -> None:
        if u.role:
            u.category = self.kb.roles[u.role].office
        if u.intent == "suggest":
            self._suggest(u, a, state)
        elif u.intent in ("out_of_scope", "smalltalk"):
            u.about_user = bool(self.scorer.matcher.find(a.keyed))   # kept for a later "which job suits me?"
        if u.unknown_role:
            u.suggestions, u.partial_name = self._roles_named_partly(u.unknown_role, a.lang), True
            if not u.suggestions:
                u.partial_name = False
                u.suggestions, u.look_alike = self._nearest_roles(u.unknown_role, a.offices)
        if u.confidence < self.settings.get("fallback_threshold", 0.45):
            u.fallback = True
        elif len(u.ranking) > 1 and u.ranking[0][1] - u.ranking[1][1] < self.settings.get("ambiguity_threshold", 0.2):
            u.choices = [intent for intent, _share in u.ranking[:2]]     # Rasa's ambiguity_threshold

    def _suggest(self, u: Understanding, a: Analysis, state: ChatState) -> None:
        said = " . ".join([*state.profile, a.text])
        words, _questions, clauses, lang = self.analyzer.segmented(said)
        keyed = self.analyzer.keys(words, lang)
        named = [(h.phrase.payload[1], " ".join(words[h.start: h.end + 1]))
                 for h in self.analyzer.entities.find(keyed) if h.phrase.payload[0] == "role"]
        now = len(a.words)                         # the message's own words end `words`; what came before weighs less
        earlier = float(self.settings.get("earlier_description_weight", 0.5))
        weights = [earlier] * max(0, len(words) - now) + [1.0] * min(now, len(words))
        limit = int(self.settings.get("suggestions", 3))
        found, u.avoid = self.scorer.suggest(words, keyed, [fold(w) for w in words], self.analyzer.lists,
                                             limit=limit if not a.offices else len(self.kb.roles), named=named,
                                             clauses=clauses, weights=weights)
        if a.offices:                              # "and if I prefer front office?": only that office type's roles
            preferred = [s for s in found if any(o in self.kb.roles[s.slug].offices for o in a.offices)]
            found = (preferred or found)[:limit]
        u.suggestions = [s.slug for s in found]
        u.reasons = {s.slug: list(s.matched) for s in found}
        offices = [self.kb.roles[s.slug].office for s in found]
        u.category = max(set(offices), key=offices.count) if offices else None

    def _nearest_example(self, a: Analysis) -> Understanding | None:
        """Whole-message similarity to an intent's examples, for short messages no cue explained."""
        text = " ".join(a.folded)
        match = process.extractOne(text, self._example_texts, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=self.settings.get("example_match_cutoff", 82.0))
        if not match:
            return None
        intent = self.examples[match[2]][1]
        if intent in ("classify", "duties", "skills", "interview", "list_roles", "explain", "compare"):
            return None                           # those need a subject the cues would have found
        return Understanding(intent=intent, lang="", confidence=match[1] / 100)

    def _roles_named_partly(self, word: str, lang: str | None) -> list[str]:
        """Roles whose names contain the word: "clerk", "specjalista", "doradca" alone are several roles (or
        one that needs its full name), so the bot asks which instead of guessing. Roles whose main name has
        the word come first, and only they when there are any."""
        keys = self.analyzer.keys([word], lang)[0] | {fold(word)}
        found: dict[str, tuple[bool, int]] = {}
        for key in keys:
            for slug, (in_main, count) in self._name_words.get(key, {}).items():
                found[slug] = max(found.get(slug, (False, 0)), (in_main, count))
        if any(in_main for in_main, _ in found.values()):
            found = {slug: rank for slug, rank in found.items() if rank[0]}
        ranked = sorted(found, key=lambda slug: found[slug], reverse=True)
        return ranked[: int(self.settings.get("partial_name_choices", 6))]

    def _nearest_roles(self, word: str, offices: list[str]) -> tuple[list[str], bool]:
        """Known roles whose names look like the unknown word, else some roles of the asked office type."""
        found = process.extract(fold(word), self._alias_texts, scorer=fuzz.ratio, processor=None, limit=10,
                                score_cutoff=self.settings.get("role_guess_cutoff", 70.0))
        slugs = list(dict.fromkeys(self._aliases[i][1] for _text, _score, i in found))
        if slugs:
            return slugs[:3], True
        return (list(islice((r.slug for r in self.kb.roles.values() if r.office == offices[0]), 3))
                if offices else []), False

    def remember(self, u: Understanding, text: str, state: ChatState) -> None:
        """Carry what this message was about into the chat's state, for the next follow-up."""
        state.remember(text)
        state.lang = u.lang
        if u.fallback:
            if u.role:                                  # unsure what was asked, but not whom it was about
                state.role, state.category = u.role, u.category
            return
        if u.intent not in ("smalltalk", "help", "out_of_scope"):
            state.intent = u.intent                 # "ok, thanks" does not end the topic: "a magazynier?"
        if u.role:
            state.role, state.category = u.role, u.category
        elif u.category and u.intent not in ("suggest",):
            state.category, state.role = u.category, None
        elif u.unknown_role:
            state.role = None
        if u.intent == "suggest" or u.about_user:
            state.describe(text)
        elif u.intent in ("classify", "duties", "skills", "interview", "explain", "list_roles", "compare"):
            state.profile.clear()


def _name_words(analyzer: Analyzer, kb: KnowledgeBase) -> dict[str, dict[str, tuple[bool, int]]]:
    """Each word key of the roles' names -> the roles it names: (is it in the role's main name, in how many of
    its names it occurs)."""
    main = {slug: {fold(w) for name in (role.name.get("en"), role.name.get("pl")) for w in name.split()}
            for slug, role in kb.roles.items()}
    index: dict[str, dict[str, tuple[bool, int]]] = {}
    for phrase in analyzer.entities.phrases:
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


def _short(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang[:2].lower()
    return lang if lang in ("en", "pl") else None
