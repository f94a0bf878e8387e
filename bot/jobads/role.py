"""The catalogue role behind a job ad: named by its title, confirmed or found by its duties — never by the blurb.

The title is the ad's own name for the job, so a role or a non-office job it names wins; the duties decide when
the title names none ("Junior Specialist – Finance Operations"): each duty line votes for the roles whose duties
share its rare words (describe.py's index). An ad mixes office types when its title adds work of another type
to the role ("recepcjonistka z elementami fakturowania", "Customer Service & Order Processing"), or names two
roles of different types; duty lines alone were measured too noisy to say so (every ad has a few lines that
look like another role's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.jobads.reader import JobAd
from bot.knowledge.model import KnowledgeBase
from bot.nlu.describe import RoleDescriptions
from bot.nlu.lexicon import Keys
from bot.nlu.message import Normaliser
from bot.nlu.normalize import fold, tokens
from bot.nlu.phrases import PhraseMatcher, longest_first
from bot.nlu.unknown import UnknownJobs

DUTY_SECTIONS = ("duties", "overview")  # what the job is; requirements say who fits it, not what it is
_BRACKETS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_DASH = re.compile(r"\s[–—|-]\s|\|")
_LISTING = re.compile(r"\s(?:z|ze|with|and|i|oraz|plus|including)\s|\s?[&+]\s?", re.IGNORECASE)
_CONNECTOR = re.compile(rf"{_LISTING.pattern}|\s?/\s?", re.IGNORECASE)
NEAR_BEST = 0.6  # a duty line votes for the roles sharing at least this share of what its best match shares
TITLE_MIN = 3.0  # what a title adds must share this much rarity (idf) with a role of another office type...
LINE_LEAD = 1.5  # ... and this many times what it shares with the ad's own role


@dataclass(frozen=True)
class AdRole:
    """Which job the ad is for, as far as the catalogue knows it."""

    role: str | None = None
    offices: tuple[str, ...] = ()  # the role's office type first; a second one when the title adds another
    occupation: str | None = None  # not office work (occupations.yaml)
    nearest: tuple[str, ...] = ()  # no role fits: the roles nearest to the title by meaning
    by: str = ""  # "title", "duties", or "" when nothing fits


class AdRoles:
    def __init__(
        self,
        kb: KnowledgeBase,
        entities: PhraseMatcher,
        normaliser: Normaliser,
        descriptions: RoleDescriptions,
        unknown: UnknownJobs,
    ) -> None:
        self.kb, self.entities, self.normaliser = kb, entities, normaliser
        self.descriptions, self.unknown = descriptions, unknown
        rules = kb.job_ads
        self.duties_lead = rules.role_from_duties_lead if rules else 1.3
        self.duties_lines = rules.role_from_duties_lines if rules else 0.3
        self.not_duties = {fold(w) for w in rules.title_extras} if rules else set()

    def read(self, ad: JobAd) -> AdRole:
        titled, jobs, rest = self._named(ad.title)
        if jobs and not titled:
            return AdRole(occupation=jobs[0], by="title")
        role, by = (titled[0], "title") if titled else (None, "")
        if role is None:  # the duty lines vote (the costly part: only when the title names nothing)
            ranked, votes, lines = self._votes(ad)
            role, by = (ranked[0], "duties") if self._clear(ranked, votes, lines) else (None, "")
            if role is None:  # the roles its duties come closest to, else those nearest to its title's words
                nearest = ranked[:3] or (self.unknown.nearest(ad.title, ad.lang) if ad.title else [])
                return AdRole(nearest=tuple(nearest))
        own = self.kb.roles[role].office
        others = [r for r in titled[1:] if self.kb.roles[r].office != own]
        second = self.kb.roles[others[0]].office if others else self._added(role, rest)
        return AdRole(role=role, offices=(own, second) if second else (own,), by=by)

    def _named(self, title: str) -> tuple[list[str], list[str], list[Keys]]:
        """Roles and non-office jobs the title names, in its order, and the keys of what the title adds to the
        role after a connector ("... z elementami fakturowania", "... & Facilities Coordinator")."""
        if not title:
            return [], [], []
        message = self.normaliser.read(title)
        hits = sorted(longest_first(self.entities.find(message.keyed, message.where)), key=lambda h: h.start)
        roles = [h.phrase.payload[1] for h in hits if h.phrase.payload[0] == "role"]
        jobs = [h.phrase.payload[1] for h in hits if h.phrase.payload[0] == "job"]
        named = {message.folded[i] for h in hits for i in range(h.start, h.end + 1)}
        added = [
            w
            for w in tokens(" ".join(_added_parts(title)))
            if fold(w) not in named and len(w) >= 4 and fold(w) not in self.not_duties
        ]
        rest = [keys for keys in self.normaliser.keys(added, message.lang) if keys]
        return list(dict.fromkeys(roles)), list(dict.fromkeys(jobs)), rest

    def _duty_lines(self, ad: JobAd) -> list[dict[str, float]]:
        """Per duty line, the rarity each role's duties share with it (lines sharing nothing left out)."""
        found = []
        for line in ad.lines(*DUTY_SECTIONS) or ad.lines("requirements"):
            message = self.normaliser.read(line, correct=False, lang=ad.lang)
            words = [keys for keys, word in zip(message.keyed, message.folded, strict=True) if len(word) >= 4 and keys]
            scores, _shared = self.descriptions.shared(words)
            if scores:
                found.append(scores)
        return found

    def _votes(self, ad: JobAd) -> tuple[list[str], dict[str, float], int]:
        """The roles the duty lines vote for, best first, their votes, and how many lines voted: each line for the
        roles close to its best match, relative to it."""
        votes: defaultdict[str, float] = defaultdict(float)
        lines = self._duty_lines(ad)
        for scores in lines:
            top = max(scores.values())
            for slug, score in scores.items():
                if score >= NEAR_BEST * top:
                    votes[slug] += score / top
        return sorted(votes, key=lambda slug: -votes[slug]), votes, len(lines)

    def _clear(self, ranked: list[str], votes: dict[str, float], lines: int) -> bool:
        """The duties' best role leads the next clearly and has the votes of a good share of the lines."""
        if not ranked:
            return False
        second = votes[ranked[1]] if len(ranked) > 1 else 0.0
        first = votes[ranked[0]]
        return first >= self.duties_lead * second and first >= self.duties_lines * lines

    def _added(self, role: str, rest: list[Keys]) -> str | None:
        """The office type of what the title adds to the role, when that is another one: the words beside the
        role's name belong to a role of another office type clearly more than to the role itself."""
        if not rest:
            return None
        scores, _shared = self.descriptions.shared(rest)
        own, mine = self.kb.roles[role].office, scores.get(role, 0.0)
        best = max(((score, slug) for slug, score in scores.items() if self.kb.roles[slug].office != own), default=None)
        if best and best[0] >= TITLE_MIN and best[0] >= LINE_LEAD * mine:
            return self.kb.roles[best[1]].office
        return None


def _added_parts(title: str) -> list[str]:
    """What a title adds after a connector: "Recepcjonistka z elementami fakturowania" -> ["elementami
    fakturowania"]. Brackets never count ("(k/m)", "(25 hrs/week)"); a part after a dash or bar (a place, a
    contract, a specialism) counts only when it lists duties itself ("– Invoicing & Customer Contact")."""
    pieces = _DASH.split(_BRACKETS.sub(" ", title))
    added = _CONNECTOR.split(pieces[0])[1:]
    for piece in pieces[1:]:
        parts = _LISTING.split(piece)
        if len(parts) > 1:
            added += parts
    return added
