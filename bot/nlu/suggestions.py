"""Stage 9 (suggest only) — roles that fit what the user says about themselves, within the limits they set.

What the user likes and is good at is matched against every role's `fit` phrases (suggest.py); the limits they
set remove roles: a role named with a "no" ("ale nie księgowa", "not in HR"), the job they have and want to leave
("I'm a cashier and want out", "pracuję na infolinii"), an office type they rule out ("nie chcę być w front
office"), and roles built on an activity they rule out ("no selling", "bez telefonów"). The latest message
outweighs what they said before. The answer names every limit it applied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from bot.knowledge.model import KnowledgeBase
from bot.nlu.evidence import Evidence
from bot.nlu.matchers import STRONG, Matchers, folded_lists
from bot.nlu.message import Message, Normaliser
from bot.nlu.phrases import Hit, longest_first
from bot.nlu.suggest import SuggestionScorer, governed_by_no
from bot.nlu.unknown import NameWords

NEGATION_REACH = 6  # tokens before a role or office type a "no" may stand, in the same clause
JOB_MARKER_REACH = 4  # tokens before a role that may say "this is my job now" ("jestem kasjerką", "I'm a cashier")


@dataclass
class Suggested:
    slugs: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    avoid: list[str] = field(default_factory=list)  # activities ruled out ("phone calls")
    excluded: list[str] = field(default_factory=list)  # roles left out (named with a "no", or built on an activity)
    excluded_offices: list[str] = field(default_factory=list)
    current_job: str | None = None
    category: str | None = None  # the office type most suggestions belong to


class Suggester:
    def __init__(self, kb: KnowledgeBase, matchers: Matchers, normaliser: Normaliser, names: NameWords) -> None:
        """`names`: each word of the roles' names -> the roles it names (unknown.py's index, shared)."""
        self.kb, self.normaliser, self.entities = kb, normaliser, matchers.entities
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.scorer = SuggestionScorer(kb, matchers.fits, self.lists["negators"])
        self.negators = self.lists["negators"] | self.lists["dislike_words"]
        self.refusing = self.negators | self.lists["exclusion_words"]  # "no", "hate", "besides": before a role's name
        self.wanting = self.lists["desire_markers"] | {"lubie", "like"}
        self.name_words = names
        self.limit = int(kb.settings.get("suggestions", 3))
        self.earlier = float(kb.settings.get("earlier_description_weight", 0.5))

    def suggest(self, e: Evidence) -> Suggested:
        earlier = [self.normaliser.read(text) for text in e.context.profile]
        messages = [*earlier, e.message]
        words = [w for m in messages for w in m.words]
        keyed = [k for m in messages for k in m.keyed]
        folded = [f for m in messages for f in m.folded]
        clauses = _clauses(messages)
        weights = [self.earlier] * (len(words) - len(e.message)) + [1.0] * len(e.message)
        hits = [h for h in longest_first(self.entities.find(keyed))]
        roles = [h for h in hits if h.phrase.payload[0] == "role"]
        offices = [h for h in hits if h.phrase.payload[0] == "office"]
        current = next((h.phrase.payload[1] for h in roles if self._current_job(h, folded, clauses)), None)
        refused = [h for h in roles if self._negated(h, folded, clauses)]
        named_no = [slug for h in refused for slug in (h.phrase.payload[1], *sorted(self._carrying(h)))]
        ruled_out = list(dict.fromkeys(named_no))  # in a fixed order: the answer lists them
        unwanted = [h.phrase.payload[1] for h in offices if self._negated(h, folded, clauses)]
        wanted = [h.phrase.payload[1] for h in offices if h.phrase.payload[1] not in unwanted]
        excluded = set(ruled_out) | ({current} if current else set())
        excluded |= {slug for slug, role in self.kb.roles.items() if role.office in unwanted}
        named = [
            (h.phrase.payload[1], " ".join(words[h.start : h.end + 1]))
            for h in roles
            if h.phrase.payload[1] not in excluded
        ]
        found, avoid, built_on, liked, disliked = self.scorer.suggest(
            words,
            keyed,
            folded,
            self.lists,
            limit=len(self.kb.roles) if wanted else self.limit,
            named=named,
            clauses=clauses,
            weights=weights,
            exclude=frozenset(excluded),
            lang=e.message.lang,
            asking=self._asking(e, len(words) - len(e.message)),
        )
        if wanted:  # "and if I prefer front office?", "chcę do back office": only that office type's roles, those
            # that are always in it before those only sometimes counted in it
            found = [s for s in found if self.kb.roles[s.slug].office in wanted] + [
                s
                for s in found
                if self.kb.roles[s.slug].office not in wanted
                and any(o in self.kb.roles[s.slug].offices for o in wanted)
            ]
        against = set(unwanted) | (set(disliked) - set(wanted))  # "bez klientów": no front-office role
        found = [s for s in found if not set(self.kb.roles[s.slug].offices) <= against]
        slugs = [s.slug for s in found if not wanted or self.kb.roles[s.slug].office in wanted]
        reasons = {s.slug: list(s.matched) for s in found}
        taken = excluded | set(built_on) | set(slugs)
        if len(slugs) < self.limit and current:  # "I'm a cashier and want out": what that experience leads to
            slugs += [
                r
                for r in self.kb.roles[current].related
                if r in self.kb.roles
                and r not in taken
                and self.kb.roles[r].office not in against
                and (not wanted or self.kb.roles[r].office in wanted)
            ][: self.limit - len(slugs)]
        if len(slugs) < self.limit:  # "jestem słaba z matmy, co w biurze?": limits alone still leave roles to offer
            # the office types liked, then those of the roles found ("great with spreadsheets": more back office)
            found_offices = (self.kb.roles[slug].office for slug in slugs)
            ordered = dict.fromkeys((*liked, *found_offices, *self.kb.office_types))
            open_offices = list(wanted) or [o for o in ordered if o not in against]
            slugs += self._typical(open_offices, taken | set(slugs), self.limit - len(slugs))
        if wanted and len(slugs) < self.limit:  # then the roles only sometimes counted in it
            slugs += [s.slug for s in found if s.slug not in slugs][: self.limit - len(slugs)]
        slugs = slugs[: self.limit]
        offices_of = [self.kb.roles[slug].office for slug in slugs]
        return Suggested(
            slugs=slugs,
            reasons={slug: reasons.get(slug, []) for slug in slugs},
            avoid=avoid,
            excluded=list(dict.fromkeys([*ruled_out, *built_on])),
            excluded_offices=[o for o in dict.fromkeys([*unwanted, *disliked]) if o not in wanted],
            current_job=current,
            category=max(offices_of, key=offices_of.count) if offices_of else None,  # a tie: the first suggestion's
        )

    def _typical(self, offices: list[str], taken: set[str], count: int) -> list[str]:
        """Roles of these office types, the typical ones first (suggest.typical_staff), none of `taken`."""
        found: list[str] = []
        for office in offices:
            found += [s for s in self.scorer.staff[office] if s not in taken and s not in found]
        return found[:count]

    @staticmethod
    def _asking(e: Evidence, offset: int) -> frozenset[int]:
        """Where the words asking for a suggestion stand ("recommend me a role": its strong cues; the weak ones, "I
        like", "I type", open a self-description), counted across the messages."""
        asking = [h for h in e.cues.hits if h.phrase.payload == ("suggest", STRONG)]
        return frozenset(offset + p for h in asking for p in h.positions)

    def _carrying(self, hit: Hit) -> set[str]:
        """The roles whose names carry the name the user refused: "nie chcę być księgową" leaves out the bookkeeper
        and the chief accountant too, "anything except data entry" every data-entry job. Words every title has
        ("specjalista", "starszy") carry nothing."""
        telling = [keys for keys in hit.phrase.words if not keys & self.lists["title_words"]]
        carrying: set[str] | None = None
        for keys in telling:
            named = {slug for key in keys for slug in self.name_words.get(key, {})}
            carrying = named if carrying is None else carrying & named
        return carrying or set()

    def _negated(self, hit: Hit, folded: list[str], clauses: list[int]) -> bool:
        """A "no" shortly before the name, in its clause ("ale nie księgowa", "not in HR", "I don't want to work in
        front office"), or a refusal just after it ("helpdesku nie chcę", "podatki mnie przerażają")."""
        before = []
        for position in range(hit.start - 1, max(-1, hit.start - NEGATION_REACH - 1), -1):
            if clauses[position] != clauses[hit.start] or folded[position] in self.lists["clause_breaks"]:
                break
            before.append(folded[position])
        if governed_by_no(before, self.refusing, self.wanting):
            return True
        after = [
            f for p, f in enumerate(folded[hit.end + 1 : hit.end + 4], hit.end + 1) if clauses[p] == clauses[hit.end]
        ]
        return any(w in self.lists["dislike_words"] for w in after) or any(
            w in self.negators and nxt in self.wanting for w, nxt in pairwise(after)
        )

    def _current_job(self, hit: Hit, folded: list[str], clauses: list[int]) -> bool:
        """ "jestem kasjerką", "I'm a bank teller", "pracuję jako cashier", "currently in a call centre": the job the
        user has (and asks what else to do), unless they say they want it ("I want to work as...")."""
        before = [
            folded[p]
            for p in range(max(0, hit.start - JOB_MARKER_REACH), hit.start)
            if clauses[p] == clauses[hit.start]
        ]
        after = folded[hit.end + 1 : hit.end + 3]
        if any(w in self.lists["desire_markers"] for w in before):
            return False
        return any(w in self.lists["current_job_markers"] for w in before) or any(
            w in self.lists["current_job_markers_after"] for w in after
        )


def _clauses(messages: list[Message]) -> list[int]:
    """Clause numbers running on across messages, so no negation reaches from one message into the next."""
    out: list[int] = []
    offset = 0
    for message in messages:
        out += [offset + c for c in message.clauses]
        offset = (out[-1] + 1) if out else offset
    return out
