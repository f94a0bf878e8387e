"""Stage 3 — what a message names: known roles, office types, job words nothing knows, out-of-lane topics.

Names are phrases (aliases and office-type names, matched by lemma, in order, with small gaps). After a story,
the question names the subject ("I study HR. Where does a payroll specialist belong?"); a role set aside
("front office jobs besides receptionist") is kept apart; a job described instead of named ("the person who pays
suppliers") is found among the roles' duties. A job that is not office work ("pilot", "kelnera") is named as one
(occupations.yaml). A word that could name a job but matches nothing ("pilot",
"hydraulik") is kept as unknown: never guessed into a known role.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.cues import Cues
from bot.nlu.describe import RoleDescriptions
from bot.nlu.matchers import LISTING, STRONG, folded_lists
from bot.nlu.message import Message
from bot.nlu.morphology import Morphology
from bot.nlu.normalize import fold
from bot.nlu.phrases import Hit, PhraseMatcher, longest_first

SHORT_MESSAGE = 5  # words: a bare "front"/"back" counts as an office type only in a message this short
TITLE_WORDS = 5  # the longest unknown title kept ("senior revenue operations specialist EMEA")
EXPLAINING = ("explain", "compare", "list_roles")  # cue intents whose question names an office type, not a role


@dataclass(frozen=True)
class Entities:
    roles: tuple[str, ...]  # known roles named, the one asked about first, no repeats
    offices: tuple[str, ...]  # office types named, in order, no repeats
    office_starts: tuple[int, ...]  # where each of `offices` is named (its first token)
    unknown: tuple[str, ...]  # job-like words nothing knows ("UX writer")
    jobs: tuple[str, ...]  # non-office occupations named (occupations.yaml: "kelner", "pilot"), in order
    excluded: tuple[str, ...]  # roles set aside ("...jobs besides risk analyst?")
    described: bool  # the role was found from a description, not a name
    topics: tuple[str, ...]  # out-of-lane topics asked about (topics.yaml), outside role names
    spans: frozenset[int]  # tokens inside a role or office-type name
    role_hits: tuple[Hit, ...]  # every role name found (for suggestions: "I studied accounting")


class EntityFinder:
    def __init__(
        self, kb: KnowledgeBase, matcher: PhraseMatcher, descriptions: RoleDescriptions, morphology: Morphology
    ) -> None:
        self.kb, self.matcher, self.descriptions, self.morphology = kb, matcher, descriptions, morphology
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.common = self.lists["common"] | self.lists["stopwords"]
        self.feminine_endings = tuple(kb.language.get("feminine_person_endings", ()))
        self.longest_job_word = int(kb.settings.get("longest_unknown_role", 30))
        self.job_endings = tuple(self.lists["job_noun_endings_en"])
        self.title_heads = frozenset(self.lists["title_heads"] | self.lists["title_words"])

    def find(self, message: Message, cues: Cues) -> Entities:
        hits = longest_first(self.matcher.find(message.keyed, message.where))
        hits = self._office_words_in_context(hits, len(message))
        subject = self._subject_hits(hits, cues.hits, message.in_question)
        roles = self._roles_in_focus([h for h in subject if h.phrase.payload[0] == "role"], message.folded)
        office_hits = [h for h in subject if h.phrase.payload[0] == "office"]
        offices = _unique(h.phrase.payload[1] for h in office_hits)
        starts = tuple(next(h.start for h in office_hits if h.phrase.payload[1] == o) for o in offices)
        spans = frozenset(i for h in hits for i in range(h.start, h.end + 1))
        used = spans | cues.positions
        described = False
        marker = next((i for i, f in enumerate(message.folded) if f in self.lists["description_markers"]), None)
        if not roles and marker is not None:  # "the person who pays suppliers": the words after the marker
            outside = {i for i, c in enumerate(message.clauses) if i <= marker or c != message.clauses[marker]}
            found = self.descriptions.match(list(message.keyed), list(message.folded), set(used) | outside)
            roles, described = ([found], True) if found else (roles, False)
        first_office = min((h.start for h in hits if h.phrase.payload[0] == "office"), default=len(message))
        role_hits = tuple(h for h in hits if h.phrase.payload[0] == "role")
        unknown = tuple(self._unknown(message, used, first_office))
        jobs = _unique(h.phrase.payload[1] for h in subject if h.phrase.payload[0] == "job")
        titled = bool(roles or jobs or unknown) or self._opens_with_title(message)  # "– B2B" may be its ad's terms
        terms = _listing_positions(cues.topic_hits) if titled else frozenset()
        return Entities(
            roles=tuple(roles),
            offices=tuple(offices),
            office_starts=starts,
            unknown=unknown,
            jobs=jobs,
            excluded=tuple(
                h.phrase.payload[1]
                for h in role_hits
                if any(f in self.lists["exclusion_words"] for f in message.folded[max(0, h.start - 2) : h.start])
            ),
            described=described,
            topics=_unique(
                h.phrase.payload[1]
                for h in cues.topic_hits
                if not set(h.positions) & spans and not (titled and _ad_term(h, terms, message))
            ),
            spans=spans,
            role_hits=role_hits,
        )

    def _opens_with_title(self, message: Message) -> bool:
        """The first clause holds a word that heads job titles ("Partner Support Specialist – ..."): a job is named,
        whether or not the catalogue knows it."""
        first = message.clauses[0] if message.clauses else 0
        return any(f in self.title_heads for f, c in zip(message.folded, message.clauses, strict=True) if c == first)

    def _office_words_in_context(self, hits: list[Hit], length: int) -> list[Hit]:
        """A bare "front", "back" or "middle" names an office type beside another office type or a role
        ("Kasjer: front czy back office?") or alone in a short follow-up ("a middle?"), not in "best middle
        school" or "my back hurts"."""
        company = (
            length <= SHORT_MESSAGE
            or sum(h.phrase.payload[0] == "office" for h in hits) > 1
            or any(h.phrase.payload[0] == "role" or len(h.phrase.words) > 1 for h in hits)
        )
        return [
            h
            for h in hits
            if company
            or h.phrase.payload[0] != "office"
            or fold(h.phrase.text) not in self.lists["ambiguous_office_words"]
        ]

    @staticmethod
    def _subject_hits(hits: list[Hit], cue_hits: tuple[Hit, ...], in_question: tuple[bool, ...]) -> list[Hit]:
        """After a story, the question names the subject: "I study HR. Where does a payroll specialist belong?".
        A role told only in the story counts when the question points back to it ("Would her job count as back
        office?"), not when the question asks what an office type is ("Czym jest back office? Studiuję HR")."""
        if not any(in_question):
            return hits
        asked = [h for h in hits if in_question[h.end]]
        if not any(h.phrase.payload[0] == "office" for h in asked):
            asked += [h for h in hits if h.phrase.payload[0] == "office" and h not in asked]
        if any(h.phrase.payload[0] == "role" for h in asked):
            return asked
        explains = any(
            h.phrase.payload == (intent, STRONG) and in_question[h.end] for h in cue_hits for intent in EXPLAINING
        )
        told = [h for h in hits if h.phrase.payload[0] == "role" and not in_question[h.end]]
        return asked + ([] if explains else told)

    def _roles_in_focus(self, hits: list[Hit], folded: tuple[str, ...]) -> list[str]:
        """Roles named, the one the question is for first: in "pytania od rekrutera na stanowisko referenta ds.
        płac" the job asked about follows "na stanowisko", the recruiter only asks; in "recepcjonistka to chyba
        front, a co z asystentką zarządu?" the one after "a co z" is asked about."""
        marked = [
            h
            for h in hits
            if any(f in self.lists["target_markers"] for f in self._before(folded, h.start))
            or any(f in self.lists["target_markers_after"] for f in folded[h.end + 1 : h.end + 2])
            or self._after_opener(folded, h.start)
        ]
        askers = [h for h in hits if h.phrase.payload[1] in self.lists["interviewer_roles"]]
        others = [h for h in hits if h not in askers]  # "what do recruiters ask customer service candidates"
        return list(_unique(h.phrase.payload[1] for h in (*marked, *others, *askers)))

    def _after_opener(self, folded: tuple[str, ...], start: int) -> bool:
        """Right after "a co z", "what about", "how about" (language.yaml's another_job_openers of two words or more;
        "a" and "and" alone open too much)."""
        words = list(folded[max(0, start - 5) : start])
        while words and words[-1] in self.lists["articles"]:  # "what about a cashier"
            words.pop()
        before = " ".join(words)
        return any(
            " " in opener and (before == opener or before.endswith(" " + opener))
            for opener in self.lists["another_job_openers"]
        )

    def _before(self, folded: tuple[str, ...], start: int, count: int = 2) -> list[str]:
        """The `count` words before `start`, stopwords skipped ("recruiting for a payroll specialist")."""
        words = [f for f in folded[:start] if f not in self.lists["stopwords"]]
        return words[-count:]

    def _unknown(self, message: Message, used: frozenset[int], before: int) -> list[str]:
        """Job titles that match nothing: "UX writer", "koordynator dotacji unijnych" (never guessed into a known
        role), each whole, with the user's letters.

        A title starts with a candidate word standing before the office type the question names ("is a pilot back
        office?", not "is middle office closer to front?"): a Polish word must be a noun that can name a person; a
        word Morfeusz does not know (English) must open the message or follow an article, as job names do in
        English questions ("is a nurse...", "and a chef?", "UX designer: back office?"). The words after it that
        name nothing else belong to the title ("revenue operations specialist", "koordynatora dotacji unijnych").
        """
        found = []
        opening = True  # only stopwords and unknown words so far: "UX designer — back office?"
        folded = message.folded
        skip_to = 0
        for i, (word, fw) in enumerate(zip(message.words, folded, strict=True)):
            if i < skip_to:
                continue
            if fw in self.lists["stopwords"] or (fw.isalpha() and i not in used and len(fw) < 3):
                continue
            if (
                i >= before
                or i in used
                or fw in self.common
                or fw in self.lists["description_markers"]
                or not 3 <= len(fw) <= self.longest_job_word
                or not fw.isalpha()
            ):
                opening = False
                continue
            lower = word.lower()
            polish = message.lang != "en" and bool(self.morphology.lemmas(lower))
            if polish:
                candidate = self.morphology.person_noun(lower, self.feminine_endings)
            else:
                article = any(f in self.lists["articles"] for f in folded[max(0, i - 2) : i])
                candidate = word if opening or article else None
            end = self._title_end(message, used, before, i) if candidate else i
            title = message.words[i + 1 : end]
            if candidate and self._names_a_job(candidate, fold(title[-1]) if title else None, polish):
                skip_to = end
                found.append(" ".join((candidate, _as_typed(message.text, title))) if title else candidate)
            else:
                opening = False
        return found

    def _names_a_job(self, first: str, last: str | None, polish_noun: bool) -> bool:
        """A title, not a person in a story ("my uncle", "kolezanka") nor any word opening a question ("what might
        they ask"): an English title ends in a word shaped like a job noun ("growth hacker"); a Polish one opens
        with a noun naming a person (already checked)."""
        if fold(first) in self.lists["not_job_nouns"]:
            return False
        head = last or fold(first)
        return polish_noun or head in self.lists["title_words"] or head.endswith(self.job_endings)

    def _title_end(self, message: Message, used: frozenset[int], before: int, start: int) -> int:
        """Where a title begun at `start` ends: at the first word that is no part of a name (a stopword, a cue, a
        role or office type, a common word other than a title word), or after `TITLE_WORDS` words."""
        folded, end = message.folded, start + 1
        while end < min(before, len(folded), start + TITLE_WORDS):
            fw = folded[end]
            titled = fw in self.lists["title_words"]  # "kierownik ds. dotacji"
            if (
                end in used
                or not fw.isalpha()
                or (fw in self.common and not titled)
                or message.clauses[end] != message.clauses[start]
            ):
                break
            end += 1
        return end


def _as_typed(text: str, words: Iterable[str]) -> str:
    """The words as the user typed them, with what stands between ("ds. SEO", not "ds SEO")."""
    typed = re.search(r"\W{0,3}".join(re.escape(w) for w in words), text)
    return typed.group() if typed else " ".join(words)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _ad_term(hit: Hit, terms: frozenset[int], message: Message) -> bool:
    """A term of the offer printed after a job title, set off from it, and outside any question or alone in its
    clause: "Physiotherapist – clinic (B2B contract)", "Kierowca – umowa o pracę. Front czy back?", "Planner –
    permanent contract?" describe the ad; "can a receptionist be on B2B?", "czy księgowa może być na umowie zlecenie"
    and "Księgowa – umowa o pracę czy B2B, co lepsze?" ask about it. `terms`: where the message's listing terms
    stand."""
    clause = message.clauses[hit.start]
    if not _listing(hit) or clause == message.clauses[0]:
        return False
    alone = all(i in terms for i, c in enumerate(message.clauses) if c == clause)
    return alone or not message.in_question[hit.start]


def _listing_positions(hits: tuple[Hit, ...]) -> frozenset[int]:
    return frozenset(i for h in hits if _listing(h) for i in range(h.start, h.end + 1))


def _listing(hit: Hit) -> bool:
    return bool(hit.phrase.payload[2:] == (LISTING,))
