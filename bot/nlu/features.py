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
        self.intents = kb.intent_names
        self.cue_names = tuple(kb.intents)  # intents and cue groups
        self.topics = tuple(kb.topics)
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
            short=len(message) <= SHORT_FOLLOWUP)

    def build(self, message: Message, cues: Cues, entities: Entities, context: Context) -> Features:
        flags = self.flags(message, entities)
        v: dict[str, float] = {}
        for name in self.cue_names:
            v[f"s:{name}"] = cues.strong.get(name, 0.0)
            v[f"w:{name}"] = cues.weak.get(name, 0.0)
        roles, offices = len(entities.roles), len(entities.offices)
        v["roles"], v["two_roles"] = float(min(roles, 1)), float(roles >= 2)
        v["offices"], v["two_offices"] = float(min(offices, 1)), float(offices >= 2)
        v["unknown"], v["described"] = float(bool(entities.unknown)), float(entities.described)
        v["excluded"] = float(bool(entities.excluded))
        for topic in self.topics:
            v[f"topic:{topic}"] = float(topic in entities.topics)
        v["negated"], v["anaphora"], v["continues"] = float(flags.negated), float(flags.anaphora), float(flags.continues)
        v["another"], v["people"] = float(flags.another), float(flags.about_people)
        v["fits"] = min(flags.fits, FITS_CAP) / FITS_CAP
        v["asks"] = float(message.asks)
        n = len(message)
        v["len:1-2"], v["len:3-5"], v["len:6-12"], v["len:13+"] = (float(n <= 2), float(3 <= n <= 5),
                                                                   float(6 <= n <= 12), float(n > 12))
        v["ctx"] = float(bool(context.intent or context.last))
        v["ctx_role"], v["ctx_office"] = float(bool(context.role)), float(bool(context.category))
        v["ctx_profile"] = float(bool(context.profile))
        short = float(n <= SHORT_FOLLOWUP)
        for intent in self.intents:
            prev = float(context.intent == intent)
            v[f"prev:{intent}"] = prev
            v[f"prev_short:{intent}"] = prev * short
            v[f"prev_continues:{intent}"] = prev * float(flags.continues or flags.anaphora)
        subject = "role" if roles else "office" if offices else "none"
        for name in self.cue_names:
            v[f"{subject}_s:{name}"] = float(cues.strong.get(name, 0.0) > 0)
            v[f"{subject}_w:{name}"] = float(cues.weak.get(name, 0.0) > 0)
        no_cue = not any(cues.strong.get(i) for i in self.intents)
        v["role_no_cue"], v["office_no_cue"] = float(roles > 0 and no_cue), float(offices > 0 and not roles and no_cue)
        v["role_and_office"] = float(roles > 0 and offices > 0)
        v["unknown_and_office"] = float(bool(entities.unknown) and offices > 0)
        return Features(flags=flags, values=v, text=message.joined, context_text=context.last)
