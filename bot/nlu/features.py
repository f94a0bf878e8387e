"""Stage 4 — what the message contains, as named numbers for the intent model, and the flags later stages read.

The features are the analyzer's own signals (cue scores per intent, roles and office types named, an unknown job
word, negation, a follow-up opening, the chat's previous intent...) plus a few conjunctions a linear model cannot
form by itself ("a role and an office type", "the previous intent, in a short message"). The fitted weights say
how much each counts; nothing here decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase
from bot.nlu.cues import Cues
from bot.nlu.entities import Entities
from bot.nlu.matchers import folded_lists
from bot.nlu.message import Message

SHORT_FOLLOWUP = 4  # words: "a kasjer?", "and a bookkeeper?"
FITS_CAP = 4  # fit phrases counted for the model ("organised, love spreadsheets, hate phones" is plenty)


@dataclass(frozen=True)
class Context:
    """What the chat said before, as the pipeline may read it (never write it)."""

    intent: str | None = None  # the last understood intent
    role: str | None = None  # the last role talked about
    category: str | None = None  # the last office type talked about
    profile: tuple[str, ...] = ()  # what the user said about themselves earlier (for suggestions)
    last: str = ""  # the user's previous message, folded (the model reads its words too)
    lang: str | None = None  # the chat's language: the last message's, or the one chosen with /lang


@dataclass(frozen=True)
class Flags:
    """Markers of how the message is put, read by the subject and policy stages as well as the model."""

    negated: bool  # "isn't a cashier back office?"
    anaphora: bool  # points back: "is that one front office?", "ich umiejętności"
    continues: bool  # opens like a follow-up: "a w banku?", "and the questions?"
    another: bool  # opens like "a ogrodnik?", "what about a pilot?": one more job
    about_people: bool  # names staff or tasks: "what does front office staff do?"
    fits: int  # phrases that suit a person to a role ("lubię liczby")
    short: bool  # a short follow-up length


@dataclass(frozen=True)
class Features:
    flags: Flags
    values: dict[str, float]  # name -> value, the model's numeric input
    text: str  # the message's folded words, for the model's n-grams
    context_text: str  # the previous message's folded words


class FeatureBuilder:
    def __init__(self, kb: KnowledgeBase, count_fits: Callable[[Message], int]) -> None:
        self.lists: defaultdict[str, set[str]] = defaultdict(set, folded_lists(kb))
        self.intents = frozenset(kb.intent_names)
        self.count_fits = count_fits

    def flags(self, message: Message, entities: Entities) -> Flags:
        folded = message.folded
        return Flags(
            negated=any(f in self.lists["negators"] for f in folded),
            anaphora=any(f in self.lists["anaphora"] for i, f in enumerate(folded) if i not in entities.spans),
            continues=bool(folded) and folded[0] in self.lists["followup_markers"],
            another=any(" ".join(folded[: len(o.split())]) == o for o in self.lists["another_job_openers"]),
            about_people=any(f in self.lists["people_words"] for f in folded),
            fits=self.count_fits(message),
            short=len(message) <= SHORT_FOLLOWUP,
        )

    def build(self, message: Message, cues: Cues, entities: Entities, context: Context) -> Features:
        """Only the features that are not zero (the model reads a missing one as zero)."""
        flags = self.flags(message, entities)
        roles, offices, n = len(entities.roles), len(entities.offices), len(message)
        subject = "role" if roles else "office" if offices else "none"
        v: dict[str, float] = {}
        for name, score in cues.strong.items():
            v[f"s:{name}"] = score
            v[f"{subject}_s:{name}"] = 1.0
        for name, score in cues.weak.items():
            v[f"w:{name}"] = score
            v[f"{subject}_w:{name}"] = 1.0
        for topic in entities.topics:
            v[f"topic:{topic}"] = 1.0
        marks = {
            "roles": roles > 0,
            "two_roles": roles >= 2,
            "offices": offices > 0,
            "two_offices": offices >= 2,
            "unknown": bool(entities.unknown or entities.jobs),
            "job": bool(entities.jobs),
            "described": entities.described,
            "excluded": bool(entities.excluded),
            "negated": flags.negated,
            "anaphora": flags.anaphora,
            "continues": flags.continues,
            "another": flags.another,
            "people": flags.about_people,
            "asks": message.asks,
            "len:1-2": n <= 2,
            "len:3-5": 3 <= n <= 5,
            "len:6-12": 6 <= n <= 12,
            "len:13+": n > 12,
            "ctx": bool(context.intent or context.last),
            "ctx_role": bool(context.role),
            "ctx_office": bool(context.category),
            "ctx_profile": bool(context.profile),
            "role_and_office": roles > 0 and offices > 0,
            "unknown_and_office": bool(entities.unknown or entities.jobs) and offices > 0,
        }
        no_cue = not any(cues.strong.get(i) for i in self.intents)
        marks["role_no_cue"], marks["office_no_cue"] = roles > 0 and no_cue, offices > 0 and not roles and no_cue
        v.update((name, 1.0) for name, on in marks.items() if on)
        if flags.fits:
            v["fits"] = min(flags.fits, FITS_CAP) / FITS_CAP
        if context.intent in self.intents:
            v[f"prev:{context.intent}"] = 1.0
            if n <= SHORT_FOLLOWUP:
                v[f"prev_short:{context.intent}"] = 1.0
            if flags.continues or flags.anaphora:
                v[f"prev_continues:{context.intent}"] = 1.0
        return Features(flags=flags, values=v, text=message.joined, context_text=context.last)
