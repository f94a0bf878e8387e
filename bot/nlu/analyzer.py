"""Read a message once: tokens, their lemma keys, the roles and office types named, intent cues, negation.

Everything searchable is compiled at load (the knowledge base's vocabulary into the lexicon, names and cues
into phrase matchers), so reading a message is dictionary lookups plus a little fuzzy matching for typos.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from bot.knowledge.model import KnowledgeBase
from bot.nlu.language import detect
from bot.nlu.lexicon import Keys, Lexicon, Tolerance
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import Hit, PhraseMatcher, longest_first
from bot.nlu.describe import RoleDescriptions
from bot.nlu.suggest import SuggestionScorer, add_fit_phrases

STRONG, WEAK = 1.0, 0.5
SHORT_MESSAGE = 5          # words
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


@dataclass
class Analysis:
    text: str
    words: list[str]                     # tokens as typed
    folded: list[str]                    # tokens lower-cased, without diacritics
    keyed: list[Keys]                    # lemma keys of each token
    roles: list[str]                     # known roles named, in order, without repeats
    offices: list[str]                   # office types named, in order, without repeats
    strong: dict[str, float]             # intent -> score of its strong cues
    weak: dict[str, float]               # intent -> score of its ordinary cues
    unknown: list[str] = field(default_factory=list)   # role-like words nothing knows
    negated: bool = False
    anaphora: bool = False
    lang: str | None = None
    count_fits: Callable[[], int] | None = None   # phrases that suit a person to a role ("lubię liczby")
    continues: bool = False              # opens like a follow-up: "a w banku?", "and the questions?"
    asks_about_another: bool = False     # opens like "a ogrodnik?", "what about a pilot?": one more job
    about_people: bool = False           # names staff or tasks: "what does front office staff do?"
    excluded: list[str] = field(default_factory=list)   # roles set aside: "...jobs besides risk analyst?"

    @cached_property
    def fits(self) -> int:
        """Counted on demand: most messages are decided without asking."""
        return self.count_fits() if self.count_fits else 0

    def score(self, intent: str) -> float:
        return self.strong.get(intent, 0.0) + self.weak.get(intent, 0.0)


@dataclass
class Matchers:
    """Everything compiled from the knowledge base for matching; built once, or loaded from the cache."""

    lexicon: Lexicon
    entities: PhraseMatcher     # role names and office types
    cues: PhraseMatcher         # intent cues
    fits: PhraseMatcher         # self-descriptions that suit a role ("lubię liczby")
    descriptions: RoleDescriptions   # roles described instead of named ("the person who pays suppliers")


def folded_lists(kb: KnowledgeBase) -> dict[str, set[str]]:
    return {name: {fold(w) for w in words} for name, words in kb.language.items()}


def compile_matchers(kb: KnowledgeBase, morphology: Morphology) -> Matchers:
    """Expand the knowledge base's vocabulary into the lexicon and its phrases into matchers (the slow part)."""
    language = folded_lists(kb)
    settings = kb.settings
    tolerance = Tolerance(
        four_letters=settings.get("typo_cutoff_4_letters", 85.0),
        five_letters=settings.get("typo_cutoff_5_letters", 90.0),
        six_seven_letters=settings.get("typo_cutoff_6_7_letters", 80.0),
        longer=settings.get("typo_cutoff_longer", 80.0),
        short_targets=frozenset(language.get("short_fuzzy_targets", ())),
        loan_endings=frozenset(language.get("loanword_endings", ())),
        conditional_endings=frozenset(language.get("conditional_endings", ())),
        paradigms=_paradigms(kb.language.get("slang_noun_forms", ())))
    stopwords = language.get("stopwords", set())
    lexicon = Lexicon(morphology, stopwords, language.get("common", set()) | stopwords, tolerance)
    entities = PhraseMatcher(lexicon, language.get("filler", set()), gap=2)
    _add_role_names(entities, kb, language.get("title_words", set()), morphology)
    for office in kb.office_types.values():
        for aliases in office.aliases.values():
            for alias in aliases:
                entities.add(alias, ("office", office.slug))
    cues = PhraseMatcher(lexicon, language.get("cue_filler", set()), gap=0)
    for spec in kb.intents.values():
        for phrase in spec.strong:
            cues.add(phrase, (spec.name, STRONG))
        for phrase in spec.cues:
            cues.add(phrase, (spec.name, WEAK))
    fits = PhraseMatcher(lexicon, language.get("filler", set()), gap=1, correctable=False)
    add_fit_phrases(kb, fits)
    return Matchers(lexicon, entities, cues, fits, RoleDescriptions(kb, lexicon, stopwords))


def _add_role_names(entities: PhraseMatcher, kb: KnowledgeBase, title_words: set[str], morphology: Morphology) -> None:
    """Every alias, and each alias without its generic title word ("referent ds. rozrachunków z dostawcami"
    is also "rozrachunki z dostawcami") where at least two telling words remain and no other role has it.
    Polish names match in either order ("bankowy kasjer"); names with English words keep their order ("manager
    office" in "marketing manager office type?" is no "office manager")."""
    owners = {fold(a): role.slug for role in kb.roles.values() for aliases in role.aliases.values() for a in aliases}
    for role in kb.roles.values():
        for aliases in role.aliases.values():
            for alias in aliases:
                any_order = all(morphology.lemmas(word.lower()) for word in tokens(alias))
                entities.add(alias, ("role", role.slug), any_order=any_order)
                words = alias.split()
                kept = [w for w in words if fold(w).strip(".") not in title_words]
                telling = [w for w in kept if fold(w).strip(".") not in entities.filler]
                shorter = " ".join(kept)
                if len(kept) < len(words) and len(telling) >= 2 and owners.get(fold(shorter), role.slug) == role.slug:
                    entities.add(shorter, ("role", role.slug), any_order=any_order)


class Analyzer:
    def __init__(self, kb: KnowledgeBase, morphology: Morphology, matchers: Matchers | None = None) -> None:
        self.kb, self.morphology = kb, morphology
        # The word lists of language.yaml, folded; a list the file lacks is empty.
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.common = self.lists["common"] | self.lists["stopwords"]
        self.shorthands = {lang: _pairs(kb.language.get(f"shorthands_{lang}", ())) for lang in ("en", "pl")}
        self.feminine_endings = tuple(kb.language.get("feminine_person_endings", ()))
        self.longest_job_word = int(kb.settings.get("longest_unknown_role", 30))  # longer is noise, not a job
        matchers = matchers or compile_matchers(kb, morphology)
        matchers.lexicon.attach(morphology)
        self.lexicon, self.entities, self.cues = matchers.lexicon, matchers.entities, matchers.cues
        self.descriptions = matchers.descriptions
        self.suggester = SuggestionScorer(kb, matchers.fits)

    def language(self, words: list[str]) -> str | None:
        return detect([w.lower() for w in words], self.lists["markers_en"], self.lists["markers_pl"], self.lists["markers_neutral"],
                      lambda w: bool(self.morphology.lemmas(w))) if words else None

    def keys(self, words: list[str], lang: str | None) -> list[Keys]:
        """Lemma keys of each token; a message that is not Polish lets typos of Polish-looking words be fixed."""
        return [self.lexicon.keys(w, polish=lang != "en") for w in words]

    def segmented(self, text: str) -> tuple[list[str], list[bool], list[int], str | None]:
        """Tokens (chat shorthand spelled out), whether each stands in a question, the number of the clause each
        stands in (commas and dashes end clauses: a negation does not reach past them), and the language."""
        sentences = [(s, s.rstrip().endswith("?")) for s in self._sentences(text)]
        lang = self.language([w for s, _q in sentences for w in tokens(s)])
        shorthands = self.shorthands["pl" if lang == "pl" else "en"]
        words, questions, clauses = [], [], []
        clause = 0
        for sentence, question in sentences:
            for part in _CLAUSE_BREAK.split(sentence):
                clause += 1
                for word in tokens(part):
                    for w in shorthands.get(word.lower(), (word,)):
                        words.append(w)
                        questions.append(question)
                        clauses.append(clause)
        return self._abbreviations(words, clauses), questions, clauses, lang

    def _sentences(self, text: str) -> list[str]:
        """Split after ".", "!" or "?", but not after an abbreviation ("specjalista ds. płac", "np.")."""
        sentences, start = [], 0
        for end in _SENTENCE_END.finditer(text):
            before = tokens(text[start:end.start()])
            if end.group().startswith(".") and before and fold(before[-1]) in self.lists["abbreviations"]:
                continue
            sentences.append(text[start:end.end()])
            start = end.end()
        return [s for s in (*sentences, text[start:]) if s.strip()] or [text]

    def analyse(self, text: str) -> Analysis:
        words, in_question, _clauses, lang = self.segmented(text)
        keyed = self.keys(words, lang)
        folded = [fold(w) for w in words]
        entity_hits = self._office_words_in_context(longest_first(self.entities.find(keyed)), len(words))
        cue_hits = self._without_reasons(self.cues.find(keyed), folded)
        subject_hits = self._subject_hits(entity_hits, cue_hits, in_question)
        roles = self._roles_in_focus([h for h in subject_hits if h.phrase.payload[0] == "role"], folded)
        offices = _unique(h.phrase.payload[1] for h in subject_hits if h.phrase.payload[0] == "office")
        spans = {i for h in entity_hits for i in range(h.start, h.end + 1)}
        strong, weak = self._cue_scores(cue_hits)
        used = spans | {i for h in cue_hits for i in h.positions}
        if not roles and any(f in self.lists["description_markers"] for f in folded):
            described = self.descriptions.match(keyed, folded, used)
            roles = [described] if described else roles
        first_office = min((h.start for h in entity_hits if h.phrase.payload[0] == "office"), default=len(words))
        return Analysis(
            text=text, words=words, folded=folded, keyed=keyed, roles=roles, offices=offices,
            strong=strong, weak=weak,
            unknown=self._unknown(words, folded, used, first_office, lang),
            count_fits=lambda: len(self.suggester.matcher.find(keyed)),
            negated=any(f in self.lists["negators"] for f in folded),
            continues=bool(folded) and folded[0] in self.lists["followup_markers"],
            asks_about_another=any(" ".join(folded[: len(o.split())]) == o for o in self.lists["another_job_openers"]),
            about_people=any(f in self.lists["people_words"] for f in folded),
            excluded=[h.phrase.payload[1] for h in entity_hits if h.phrase.payload[0] == "role"
                      and any(f in self.lists["exclusion_words"] for f in folded[max(0, h.start - 2): h.start])],
            anaphora=any(f in self.lists["anaphora"] for i, f in enumerate(folded) if i not in spans),
            lang=lang,
        )

    @staticmethod
    def _subject_hits(entity_hits: list[Hit], cue_hits: list[Hit], in_question: list[bool]) -> list[Hit]:
        """After a story, the question names the subject: "I study HR. Where does a payroll specialist belong?".
        A role told only in the story counts when the question points back to it ("Would her job count as back
        office?"), not when the question asks what an office type is ("Czym jest back office? Studiuję HR")."""
        if not any(in_question):
            return entity_hits
        asked = [h for h in entity_hits if in_question[h.end]]
        if not any(h.phrase.payload[0] == "office" for h in asked):
            asked += [h for h in entity_hits if h.phrase.payload[0] == "office" and h not in asked]  # "...do back
            # office. Co to w praktyce oznacza?": the story names the office type the question is about
        if any(h.phrase.payload[0] == "role" for h in asked):
            return asked
        explains = any(h.phrase.payload == (intent, STRONG) and in_question[h.end]
                       for h in cue_hits for intent in ("explain", "compare", "list_roles"))
        told = [h for h in entity_hits if h.phrase.payload[0] == "role" and not in_question[h.end]]
        return asked + ([] if explains else told)

    def _abbreviations(self, words: list[str], clauses: list[int]) -> list[str]:
        """"fo vs bo": office-type abbreviations typed in lower case are meant as FO and BO when two stand together,
        or one stands where the word it could also be ("bo", because) cannot (see language.yaml)."""
        known = self.lists["office_abbreviations"]
        together = sum(w.lower() in known for w in words) >= 2
        return [w.upper() if w.lower() in known and (together or self._abbreviation_alone(words, clauses, i)) else w
                for i, w in enumerate(words)]

    def _abbreviation_alone(self, words: list[str], clauses: list[int], i: int) -> bool:
        ends_clause = i + 1 == len(words) or clauses[i + 1] != clauses[i]
        after_preposition = i > 0 and words[i - 1].lower() in self.lists["office_abbreviation_prepositions"]
        return words[i].lower() in self.lists["office_abbreviations_alone"] or ends_clause or after_preposition

    def _without_reasons(self, hits: list[Hit], folded: list[str]) -> list[Hit]:
        """A request word after "since"/"bo" gives a reason, not a request: "an HR manager must be front office
        since they interview people?" asks about the office type, not for interview questions."""
        reason = next((i for i, f in enumerate(folded) if f in self.lists["reason_markers"]), None)
        if reason is None:
            return hits
        return [h for h in hits if h.start < reason or h.phrase.payload[0] not in ("skills", "interview", "duties")]

    def _office_words_in_context(self, hits: list[Hit], length: int) -> list[Hit]:
        """A bare "front", "back" or "middle" names an office type beside another office type or a role
        ("Kasjer: front czy back office?") or alone in a short follow-up ("a middle?"), not in "best middle
        school" or "my back hurts"."""
        company = (length <= SHORT_MESSAGE or sum(h.phrase.payload[0] == "office" for h in hits) > 1
                   or any(h.phrase.payload[0] == "role" or len(h.phrase.words) > 1 for h in hits))
        return [h for h in hits if company or h.phrase.payload[0] != "office"
                or fold(h.phrase.text) not in self.lists["ambiguous_office_words"]]

    def _roles_in_focus(self, hits: list[Hit], folded: list[str]) -> list[str]:
        """Roles named, the one the question is for first: in "pytania od rekrutera na stanowisko referenta ds.
        płac" the job asked about follows "na stanowisko", the recruiter only asks."""
        marked = [h for h in hits if any(f in self.lists["target_markers"] for f in self._before(folded, h.start))
                  or any(f in self.lists["target_markers_after"] for f in folded[h.end + 1: h.end + 2])]
        askers = [h for h in hits if h.phrase.payload[1] in self.lists["interviewer_roles"]]
        others = [h for h in hits if h not in askers]      # "what do recruiters ask customer service candidates"
        return _unique(h.phrase.payload[1] for h in (*marked, *(others if others else []), *askers))

    def _before(self, folded: list[str], start: int, count: int = 2) -> list[str]:
        """The `count` words before `start`, stopwords skipped ("recruiting for a payroll specialist")."""
        words = [f for f in folded[:start] if f not in self.lists["stopwords"]]
        return words[-count:]

    @staticmethod
    def _cue_scores(hits: list[Hit]) -> tuple[dict[str, float], dict[str, float]]:
        """Each intent scores the words its cues cover (a word counts once per intent, strong beating weak)."""
        covered: dict[str, dict[int, float]] = defaultdict(dict)
        for hit in hits:
            intent, weight = hit.phrase.payload
            per_word = covered[intent]
            for position in hit.positions:
                per_word[position] = max(per_word.get(position, 0.0), weight)
        strong = {i: float(sum(1 for w in ws.values() if w == STRONG)) for i, ws in covered.items()}
        weak = {i: WEAK * sum(1 for w in ws.values() if w == WEAK) for i, ws in covered.items()}
        return ({i: s for i, s in strong.items() if s}, {i: s for i, s in weak.items() if s})

    def _unknown(self, words: list[str], folded: list[str], used: set[int], before: int,
                 lang: str | None) -> list[str]:
        """Words that could name a job but match nothing: "pilot", "hydraulik" (never guessed into a known role).

        A candidate stands before the office type the question names ("is a pilot back office?", not "is middle
        office closer to front?"); a Polish word must be a noun that can name a person; a word Morfeusz does not
        know (English) must open the message or follow an article, as job names do in English questions ("is a
        nurse...", "and a chef?", "UX designer: back office?").
        """
        found = []
        opening = True              # only stopwords and unknown words so far: "UX designer — back office?"
        for i, (word, fw) in enumerate(zip(words, folded)):
            if fw in self.lists["stopwords"] or (fw.isalpha() and i not in used and len(fw) < 3):
                continue
            if (i >= before or i in used or fw in self.common or not 3 <= len(fw) <= self.longest_job_word
                    or not fw.isalpha()):
                opening = False
                continue
            lower = word.lower()
            if lang != "en" and self.morphology.lemmas(lower):
                candidate = self.morphology.person_noun(lower, self.feminine_endings)
            else:
                candidate = word if opening or any(f in self.lists["articles"] for f in folded[max(0, i - 2): i]) else None
            if candidate:
                found.append(candidate)
            else:
                opening = False
        return found


def _paradigms(entries) -> dict[str, tuple[str, ...]]:
    """"owiec owca owcowi ..." -> {"owiec": ("owca", "owcowi", ...)}, folded, longest ending first."""
    table = {}
    for entry in entries:
        ending, *forms = fold(entry).split()
        table[ending] = tuple(forms)
    return dict(sorted(table.items(), key=lambda item: -len(item[0])))


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))



def _pairs(entries) -> dict[str, tuple[str, ...]]:
    """"wat what" -> {"wat": ("what",)}: a shorthand and the words it stands for."""
    out = {}
    for entry in entries:
        short, *full = entry.split()
        out[short.lower()] = tuple(full)
    return out

