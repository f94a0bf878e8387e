"""What people ask: one record per understood message, and the owner's report over those records.

A record keeps what the owner needs to improve the knowledge base (the text, how it was understood, how sure
the bot was) and nothing that names the person: the user id only as a keyed hash, so one user's repeated
question can be told from many users asking it, but nobody can be looked up.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process, utils

from bot.knowledge.model import KnowledgeBase
from bot.nlu.normalize import fold, tokens
from bot.nlu.understanding import Understanding

DECLINED = ("out_of_scope",)  # intents the bot answers by saying it cannot help
LOW_CONFIDENCE = 0.6  # below this an answered message still counts as "not really understood"
SIMILAR = 70  # rapidfuzz token_set_ratio at which two unanswered messages are one group
TOP = 10  # rows per report section
MAX_TEXT = 80  # characters of a message shown in a report line


@lru_cache(maxsize=4096)  # people write several messages in a row: hash each of them once
def user_hash(user_id: int, salt: bytes) -> str:
    """A keyed hash (HMAC-SHA256, 16 hex digits) of a user id: stable per bot, not reversible without the salt."""
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


@dataclass
class Record:
    """One understood message. `id` is given by the store that keeps it."""

    text: str
    intent: str
    lang: str
    confidence: float
    fallback: bool
    role: str | None = None
    category: str | None = None
    unknown_role: str | None = None  # a job word the bot does not know ("pilot"): a gap to fill
    user: str = ""  # user_hash(), never the id or the name
    time: float = field(default_factory=time.time)
    id: str = ""

    @classmethod
    def of(cls, understanding: Understanding, text: str, user: str) -> Record:
        return cls(
            text=text,
            intent=understanding.intent,
            lang=understanding.lang,
            confidence=round(understanding.confidence, 3),
            fallback=understanding.fallback,
            role=understanding.role,
            category=understanding.category,
            unknown_role=understanding.unknown_role,
            user=user,
        )

    @property
    def unanswered(self) -> bool:
        """Declined, a fallback, an unknown role, or an unsure answer: where the knowledge base can improve."""
        return (
            self.fallback
            or self.confidence < LOW_CONFIDENCE
            or self.intent in DECLINED
            or self.unknown_role is not None
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass
class Group:
    """Similar messages counted together; `example` is the most frequent wording."""

    example: str
    count: int
    users: int
    texts: list[str]


@dataclass
class Report:
    total: int
    users: int
    top: list[Group]
    unanswered: list[Group]
    intents: list[tuple[str, int]]
    languages: list[tuple[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self, kb: KnowledgeBase, lang: str = "en") -> str:
        """The report as plain text, headings from ui.yaml (the CLI prints it, /stats sends it)."""

        def t(key: str, **values: object) -> str:
            return kb.text(key, lang, **values)

        if not self.total:
            return t("report_empty")
        lines = [t("report_title", total=self.total, users=self.users), "", t("report_top")]
        lines += [_group_line(g) for g in self.top]
        lines += ["", t("report_unanswered")]
        lines += [_group_line(g) for g in self.unanswered] or [t("report_none")]
        lines += ["", t("report_intents"), "  " + ", ".join(f"{name} {n}" for name, n in self.intents)]
        lines += ["", t("report_languages"), "  " + ", ".join(f"{name} {n}" for name, n in self.languages)]
        return "\n".join(lines)


def build_report(records: Iterable[Record], top: int = TOP) -> Report:
    """Top answered questions (same words), unanswered ones grouped by similarity, counts by intent and language."""
    records = list(records)
    answered = [r for r in records if not r.unanswered and r.intent not in ("smalltalk", "help")]
    return Report(
        total=len(records),
        users=len({r.user for r in records if r.user}),
        top=group_same(answered)[:top],
        unanswered=group_similar([r for r in records if r.unanswered])[:top],
        intents=Counter(r.intent for r in records).most_common(),
        languages=Counter(r.lang for r in records).most_common(),
    )


def group_same(records: list[Record]) -> list[Group]:
    """Messages with the same words (case, diacritics and punctuation aside), most asked first."""
    return [_group(members) for _, members in _same_words(records)]


def group_similar(records: list[Record], cutoff: int = SIMILAR) -> list[Group]:
    """Greedy clustering: each wording joins the most similar group so far, or starts a new one."""
    clusters: list[list[Record]] = []
    heads: list[str] = []
    for key, members in _same_words(records):  # most frequent first: each cluster is led by its commonest wording
        match = (
            process.extractOne(
                key, heads, scorer=fuzz.token_set_ratio, processor=utils.default_process, score_cutoff=cutoff
            )
            if heads
            else None
        )
        if match:
            clusters[match[2]].extend(members)
        else:
            heads.append(key)
            clusters.append(list(members))
    return sorted((_group(members) for members in clusters), key=lambda g: -g.count)


def _same_words(records: list[Record]) -> list[tuple[str, list[Record]]]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(_key(record.text), []).append(record)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def _group(members: list[Record]) -> Group:
    wordings = Counter(r.text.strip() for r in members)
    return Group(
        example=wordings.most_common(1)[0][0],
        count=len(members),
        users=len({r.user for r in members if r.user}) or 1,
        texts=list(wordings),
    )


def _key(text: str) -> str:
    return " ".join(tokens(fold(text)))


def _group_line(group: Group) -> str:
    text = " ".join(group.example.split())
    text = text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
    others = f" (+{len(group.texts) - 1})" if len(group.texts) > 1 else ""
    return f"  {group.count:>4} × {text}{others}"
