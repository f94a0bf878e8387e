"""Which roles fit a person who describes themselves ("I like numbers and hate phone calls").

The user's words are matched against each role's `fit` phrases and each office type's; a negated phrase
("nie lubię telefonów", "don't want to work with clients") counts against the roles it fits. Rarer phrases
weigh more, so "statistics" says more than "accuracy".
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.knowledge.model import KnowledgeBase
from bot.nlu.lexicon import Keys
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import Hit, PhraseMatcher

NEGATION_WINDOW = 6  # words before a phrase a negator may stand, in its clause
DISLIKE_AFTER = 3  # words after a phrase a word of dislike may stand ("podatki mnie przerażają")
NAMED_WEIGHT = 3.0
OFFICE_SHARE = 0.5
ALSO_SHARE = 0.5  # an office type's phrases lift the roles only sometimes counted in it half as much
TYPICAL_SPREAD = 4.0  # roles down an office type's list: the 5th is half as typical as the first


@dataclass(frozen=True)
class Suggestion:
    slug: str
    score: float
    matched: tuple[str, ...]  # the user's own words that matched
    own: float = 0.0  # the score of the role's own phrases (not its office type's)


def add_fit_phrases(kb: KnowledgeBase, matcher: PhraseMatcher) -> None:
    """Every role's and office type's `fit` phrases, into the matcher the scorer reads: each distinct phrase once,
    with all its owners, so matching costs the same however many roles share "lubię liczby"."""
    owners: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    sources = [("role", r.slug, r.fit) for r in kb.roles.values()] + [
        ("office", o.slug, o.fit) for o in kb.office_types.values()
    ]
    for kind, slug, fit in sources:
        for phrases in fit.values():
            for phrase in phrases:
                owners.setdefault(phrase.lower(), (phrase, []))[1].append((kind, slug))
    for text, owned_by in owners.values():
        matcher.add(text, tuple(dict.fromkeys(owned_by)))


class SuggestionScorer:
    def __init__(self, kb: KnowledgeBase, matcher: PhraseMatcher, negators: set[str]) -> None:
        """`matcher` holds the fit phrases (add_fit_phrases); `negators`: language.yaml's, folded."""
        self.kb, self.matcher = kb, matcher
        # A phrase is as telling as the roles it fits are few; an office type's phrase ("talking to customers")
        # fits every role of that office type, so a niche role listing it too gains little from it.
        owners: dict[str, set[str]] = defaultdict(set)
        for role in kb.roles.values():
            for phrases in role.fit.values():
                for phrase in phrases:
                    owners[phrase.lower()].add(role.slug)
        for office in kb.office_types.values():
            staff = {r.slug for r in kb.roles.values() if r.office == office.slug}
            for phrases in office.fit.values():
                for phrase in phrases:
                    owners[phrase.lower()] |= staff
        total = max(1, len(kb.roles))
        self._weight = {p: math.log(1 + total / len(slugs)) for p, slugs in owners.items() if slugs}
        self.staff = typical_staff(kb)  # office type -> its roles, typical first
        self._rank = {slug: i for i, slug in enumerate(s for staff in self.staff.values() for s in staff)}
        # how typical a role is of its office type (office_types.yaml `typical_roles`): 1 for the first, less down
        # the list, 0 for roles not on it
        self._typical = {
            slug: 1.0 / (1.0 + office.typical_roles.index(slug) / TYPICAL_SPREAD)
            for office in kb.office_types.values()
            for slug in office.typical_roles
            if slug in kb.roles
        }
        self._typical_weight = float(kb.settings.get("suggest_typical_weight", 4.0))  # settings.yaml
        self._offices = {role.slug: role.office for role in kb.roles.values()}
        self._also = {role.slug: tuple(o.office for o in role.also_office) for role in kb.roles.values()}
        self._built_on = _roles_built_on(matcher, negators)
        # an English message reads only the phrases listed in English ("markets" is not the Polish "market", a
        # supermarket); Polish chat mixes in English words, so it reads both
        fits = [role.fit for role in kb.roles.values()] + [office.fit for office in kb.office_types.values()]
        self._english = frozenset(phrase.lower() for fit in fits for phrase in fit.get("en", ()))

    def suggest(
        self,
        words: list[str],
        keyed: list[Keys],
        folded: list[str],
        language: dict[str, set[str]],
        limit: int = 3,
        named: Sequence[tuple[str, str]] = (),
        clauses: list[int] | None = None,
        weights: list[float] | None = None,
        exclude: frozenset[str] = frozenset(),
        lang: str | None = None,
        asking: frozenset[int] = frozenset(),
    ) -> tuple[list[Suggestion], list[str], list[str], list[str], list[str]]:
        """The best roles with the user's words that matched each, what the user would rather avoid, and the roles
        left out because the user ruled out something they are built on ("no selling" leaves out sales roles), and
        the office types whose phrases the user's words favour (most first) and those whose contact with people the
        user rules out ("no customers at all").
        `named` are roles the user's words name outright ("I study human resources"): strong evidence.
        `weights` (per word) let the latest message outweigh what the user said before. `exclude`: roles ruled
        out already (named with a negation, the user's current job, an office type the user does not want). `lang`:
        the message's language; `asking`: the positions of the words that make the request, which describe no one."""
        scores: dict[str, float] = defaultdict(float)  # role -> score of its own phrases
        matched: dict[str, list[str]] = defaultdict(list)
        office_scores: dict[str, float] = defaultdict(float)  # office type -> score of its phrases
        office_matched: dict[str, list[str]] = defaultdict(list)
        avoided: list[str] = []
        against: set[str] = set()  # roles whose own phrases the user ruled out
        shunned: set[str] = set()  # office types whose contact the user ruled out
        for slug, said in named:
            scores[slug] += NAMED_WEIGHT
            matched[slug].append(said)
        for hit in self.matcher.find(keyed):
            if lang == "en" and hit.phrase.text.lower() not in self._english:
                continue
            if set(hit.positions) <= asking:  # the words of the request ("recommend me a role") describe no one
                continue
            sign = -1.0 if negated(hit, folded, language, clauses) else 1.0
            said = " ".join(words[hit.start : hit.end + 1])
            if sign < 0:
                avoided = [other for other in avoided if other not in said]  # keep "phone calls", not "phone"
                if not any(said in other for other in avoided):
                    avoided.append(said)
            weight = self._weight.get(hit.phrase.text.lower(), 1.0) * len(hit.phrase.words)
            weight *= weights[hit.start] if weights else 1.0  # what the user said earlier counts less
            for kind, slug in hit.phrase.payload:
                into, words_of = (scores, matched) if kind == "role" else (office_scores, office_matched)
                into[slug] += sign * weight * (1.0 if kind == "role" else OFFICE_SHARE)
                if kind == "role" and sign < 0:
                    against.add(slug)
                if kind == "office" and sign < 0 and _about_contact(hit, language):
                    shunned.add(slug)  # "bez kontaktu z klientami", "no customers": none of that office type
                if sign > 0 and said not in words_of[slug]:
                    words_of[slug].append(said)
            if sign < 0 and len(hit.phrase.words) == 1:  # "bez telefonów" rules out "rozmawiać przez telefon" too
                against |= {slug for key in hit.phrase.words[0] for slug in self._built_on.get(key, ())}
        # A role built on something the user ruled out ("nie chcę nic sprzedawać") is left out, unless what they
        # said for it outweighs that (they asked for it in the latest message and ruled it out before).
        ruled_out = {slug for slug in against if scores.get(slug, 0.0) <= 0}
        left_out = exclude | ruled_out

        def total(slug: str) -> float:
            score = (
                scores.get(slug, 0.0)
                + office_scores.get(self._offices[slug], 0.0)
                + ALSO_SHARE * sum(office_scores.get(o, 0.0) for o in self._also[slug])
            )
            return score * (1.0 + self._typical_weight * self._typical.get(slug, 0.0)) if score > 0 else score

        # An office type's phrases lift all its roles alike: only roles with phrases of their own, and the first
        # few of each liked office type, can make the list (so a large knowledge base costs no more).
        candidates = [slug for slug in scores if slug not in left_out]
        for office in sorted(office_scores, key=lambda o: -office_scores[o]):
            if office_scores[office] > 0:
                candidates += [slug for slug in self.staff[office] if slug not in scores and slug not in left_out][
                    :limit
                ]
        # on a tie (office-type phrases lift all its roles alike) the more typical role comes first
        ranked = heapq.nlargest(
            limit,
            ((slug, total(slug)) for slug in dict.fromkeys(candidates)),
            key=lambda item: (item[1], -self._rank.get(item[0], len(self._rank))),
        )
        found = [
            Suggestion(slug, score, self._reasons(slug, matched, office_matched), scores.get(slug, 0.0))
            for slug, score in ranked
            if score > 0
        ]
        liked = [o for o in sorted(office_scores, key=lambda o: -office_scores[o]) if office_scores[o] > 0]
        return found, avoided, sorted(ruled_out - exclude), liked, sorted(shunned)

    def _reasons(
        self, slug: str, matched: dict[str, list[str]], office_matched: dict[str, list[str]]
    ) -> tuple[str, ...]:
        said = list(matched.get(slug, ()))
        for office in (self._offices[slug], *self._also[slug]):
            said += [w for w in office_matched.get(office, ()) if w not in said]
        return tuple(said)


def _roles_built_on(matcher: PhraseMatcher, turning: set[str]) -> dict[str, frozenset[str]]:
    """Each word of a role's longer fit phrases -> those roles ("telefon" -> the call-centre agent, whose phrase is
    "rozmawiać przez telefon"), so a ruled-out word rules out what is built on it. Phrases that carry a "no"
    themselves ("bez doświadczenia") are left out: ruling out experience does not rule out first jobs."""
    roles: dict[str, set[str]] = defaultdict(set)
    for phrase in matcher.phrases:
        if len(phrase.words) < 2 or any(w in turning for w in tokens(fold(phrase.text))):
            continue
        slugs = {slug for kind, slug in phrase.payload if kind == "role"}
        for keys in phrase.words:
            for key in keys:
                roles[key] |= slugs
    one: dict[frozenset[str], frozenset[str]] = {}  # words of one phrase carry the same roles: one set for them
    return {key: one.setdefault(frozenset(slugs), frozenset(slugs)) for key, slugs in roles.items()}


def typical_staff(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each office type's roles, the typical ones first (office_types.yaml `typical_roles`), then its own roles by
    how many other roles count them as related (a common job is close to many), then the roles also counted in it."""
    related = Counter(slug for role in kb.roles.values() for slug in role.related)
    staff: dict[str, list[str]] = {}
    for slug, office in kb.office_types.items():
        own = sorted((r.slug for r in kb.roles.values() if r.office == slug), key=lambda s: (-related[s], s))
        also = sorted(
            (r.slug for r in kb.roles.values() if slug in r.offices and r.office != slug),
            key=lambda s: (-related[s], s),
        )
        typical = [s for s in office.typical_roles if s in kb.roles]
        staff[slug] = list(dict.fromkeys([*typical, *own, *also]))
    return staff


def _about_contact(hit: Hit, language: dict[str, set[str]]) -> bool:
    """A phrase about dealing with people (language.yaml `contact`: customers, clients, phones...)."""
    contact = language.get("contact", set())
    return any(key in contact for keys in hit.phrase.words for key in keys)


def negated(hit: Hit, folded: list[str], language: dict[str, set[str]], clauses: list[int] | None = None) -> bool:
    """A negator shortly before the phrase, in the same clause ("nie chcę nic sprzedawać", "I don't want to be
    stuck doing taxes"), or a word of dislike just after it ("podatki mnie przerażają", "helpdesk nie chcę"),
    unless the phrase itself carries it ("bez kontaktu z klientem") or the negation is cancelled ("I don't mind
    paperwork")."""
    negators = language.get("negators", set()) | language.get("dislike_words", set())
    if any(w in negators for w in folded[hit.start : hit.end + 1]):
        return False
    before = _window(
        hit.start, range(hit.start - 1, max(-1, hit.start - NEGATION_WINDOW - 1), -1), folded, language, clauses
    )
    after = _window(
        hit.end, range(hit.end + 1, min(len(folded), hit.end + 1 + DISLIKE_AFTER)), folded, language, clauses
    )
    if any(w in language.get("negation_cancel", set()) for w in before):
        return False
    if _refused_after(hit, folded, language, clauses):
        return True
    wanting = language.get("desire_markers", set()) | {"lubie", "like"}
    disliked = any(w in language.get("dislike_words", set()) for w in after) or any(
        w in negators and nxt in wanting for w, nxt in pairwise(after)
    )  # "na helpdesk nie chcę"
    if any(w in wanting for w in folded[hit.start : hit.end + 1]):  # "like people": only "don't (really) like"
        return any(w in negators for w in before[:2]) or disliked
    return governed_by_no(before, negators, wanting) or disliked


def _refused_after(hit: Hit, folded: list[str], language: dict[str, set[str]], clauses: list[int] | None) -> bool:
    """ "sieci i serwery to nie dla mnie", "sales is not my thing": a refusal said later in the phrase's clause; or
    one right before it that no single negator makes ("anything but sales")."""
    rest = " ".join(_window(hit.end, range(hit.end + 1, len(folded)), folded, language, clauses))
    if any(f" {refusal} " in f" {rest} " for refusal in language.get("refusals_after", set())):
        return True
    lead = " ".join(folded[max(0, hit.start - 3) : hit.start])  # "anything but sales", "byle nie telefony"
    return any(f" {lead}".endswith(f" {refusal}") for refusal in language.get("refusals_before", set()))


def governed_by_no(before: list[str], negators: set[str], wanting: set[str]) -> bool:
    """Is what follows `before` (its words nearest first) ruled out? A "no" rules it out unless a verb of wanting
    stands between them that the "no" does not govern: in "I hate numbers and like people" the people are liked;
    in "nie bardzo lubię liczb" and "don't really like calls" they are not."""
    for i, word in enumerate(before):
        if word in wanting:
            return any(w in negators for w in before[i + 1 : i + 3])
        if word in negators:
            return True
    return False


def _window(
    anchor: int, positions: range, folded: list[str], language: dict[str, set[str]], clauses: list[int] | None
) -> list[str]:
    """The words at `positions` until a clause ends ("Nie mam doświadczenia, szukam pierwszej pracy")."""
    window: list[str] = []
    for position in positions:
        if folded[position] in language.get("clause_breaks", set()):
            break
        if clauses and clauses[position] != clauses[anchor]:
            break
        window.append(folded[position])
    return window
