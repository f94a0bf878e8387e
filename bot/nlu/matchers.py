"""Everything searchable, compiled once from the knowledge base: the lexicon and the phrase matchers.

Compiling expands every knowledge-base word into all its inflected forms (Morfeusz), which is the slow part of
start-up, so the result is cached on disk (cache.py). Reading a message is then dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.describe import RoleDescriptions
from bot.nlu.lexicon import Lexicon, Tolerance
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import PhraseMatcher
from bot.nlu.skill_match import SkillIndex
from bot.nlu.suggest import add_fit_phrases

LISTING = "listing"  # a topic phrase's payload mark: a term an ad prints in its title (topics.yaml `listing`)

STRONG, WEAK = 1.0, 0.5  # the weight of an intent's strong and ordinary cue words


@dataclass
class Matchers:
    """Everything compiled from the knowledge base for matching; built once, or loaded from the cache."""

    lexicon: Lexicon
    entities: PhraseMatcher  # role names, office types and non-office occupations (("job", slug))
    cues: PhraseMatcher  # intent cues (payload: (intent, weight)) and out-of-lane topics (("topic", name))
    fits: PhraseMatcher  # self-descriptions that suit a role ("lubię liczby")
    descriptions: RoleDescriptions  # roles described instead of named ("the person who pays suppliers")
    skills: SkillIndex  # every role's skills as lemma keys ("roles with these skills", checklists)


def folded_lists(kb: KnowledgeBase) -> dict[str, set[str]]:
    """language.yaml's word lists, folded (no diacritics, lower case)."""
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
        paradigms=paradigms(kb.language.get("slang_noun_forms", ())),
        unstemmed=frozenset(language.get("unstemmed_en", ())),
    )
    stopwords = language.get("stopwords", set())
    lexicon = Lexicon(morphology, stopwords, language.get("common", set()) | stopwords, tolerance)
    entities = PhraseMatcher(lexicon, language.get("filler", set()), gap=2)
    _add_role_names(entities, kb, language.get("title_words", set()), morphology)
    for office in kb.office_types.values():
        for aliases in office.aliases.values():
            for alias in aliases:
                entities.add(alias, ("office", office.slug))
    _add_occupations(entities, kb, morphology)
    cues = PhraseMatcher(lexicon, language.get("cue_filler", set()), gap=0)
    for spec in kb.intents.values():
        for phrase in spec.strong:
            cues.add(phrase, (spec.name, STRONG))
        for phrase in spec.cues:
            cues.add(phrase, (spec.name, WEAK))
    for topic in kb.topics.values():
        for phrase in topic.phrases:
            cues.add(phrase, ("topic", topic.name))
        for phrase in topic.listing:
            cues.add(phrase, ("topic", topic.name, LISTING))
    fits = PhraseMatcher(lexicon, language.get("filler", set()), gap=1, correctable=False)
    add_fit_phrases(kb, fits)
    common = language.get("common", set()) | stopwords
    descriptions = RoleDescriptions(kb, lexicon, common)
    skills = SkillIndex.build(kb, lexicon, common)
    lexicon.compact()
    return Matchers(lexicon, entities, cues, fits, descriptions, skills)


def _add_role_names(entities: PhraseMatcher, kb: KnowledgeBase, title_words: set[str], morphology: Morphology) -> None:
    """Every alias, and each alias without its generic title word ("referent ds. rozrachunków z dostawcami"
    is also "rozrachunki z dostawcami") where at least two telling words remain and no other role has it.
    Polish names match in either order ("bankowy kasjer"); names with English words keep their order ("manager
    office" in "marketing manager office type?" is no "office manager")."""
    owners = {fold(a): role.slug for role in kb.roles.values() for aliases in role.aliases.values() for a in aliases}
    offices = {
        fold(a)
        for office in kb.office_types.values()
        for aliases in office.aliases.values()
        for a in aliases
        if len(a.split()) > 1
    }
    for role in kb.roles.values():
        for aliases in role.aliases.values():
            for alias in aliases:
                any_order = all(morphology.lemmas(word.lower()) for word in tokens(alias))
                # a name holding an office type's name ("analityk middle office", "front office manager") must
                # stand as written: with gaps it would swallow "analityk ryzyka to middle office"
                tight = any(office in fold(alias) for office in offices)
                entities.add(alias, ("role", role.slug), any_order=any_order and not tight, gap=0 if tight else None)
                words = alias.split()
                kept = [w for w in words if fold(w).strip(".") not in title_words]
                telling = [w for w in kept if fold(w).strip(".") not in entities.filler]
                shorter = " ".join(kept)
                if len(kept) < len(words) and len(telling) >= 2 and owners.get(fold(shorter), role.slug) == role.slug:
                    entities.add(
                        shorter, ("role", role.slug), any_order=any_order and not tight, gap=0 if tight else None
                    )


def _add_occupations(entities: PhraseMatcher, kb: KnowledgeBase, morphology: Morphology) -> None:
    """Non-office jobs by every alias ("kelnera", "security guard"), so "is a pilot back office?" is answered as
    what it is, not as an unknown word. A Polish name matches in either order, as the roles' names do."""
    for job in kb.occupations.values():
        for aliases in job.aliases.values():
            for alias in aliases:
                any_order = all(morphology.lemmas(word.lower()) for word in tokens(alias))
                entities.add(alias, ("job", job.slug), any_order=any_order)


def paradigms(entries: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """ "owiec owca owcowi ..." -> {"owiec": ("owca", "owcowi", ...)}, folded, longest ending first."""
    table = {}
    for entry in entries:
        ending, *forms = fold(entry).split()
        table[ending] = tuple(forms)
    return dict(sorted(table.items(), key=lambda item: -len(item[0])))
