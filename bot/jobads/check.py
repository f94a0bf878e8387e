"""The ad check for the person hiring: pay stated, a gender-neutral title, nothing a Polish employer may not ask or
require. Every point names the rule it rests on; the wording and the rules are data (job_ads.yaml, ui.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.jobads.reader import JobAd
from bot.knowledge.model import AdCheck, JobAdRules
from bot.nlu.normalize import fold, tokens

_fold = fold.__wrapped__  # whole ads would crowd fold()'s cache of short words


@dataclass(frozen=True)
class AdFindings:
    pay_stated: bool
    title_neutral: bool | None  # None: no title to judge
    problems: tuple[AdCheck, ...]  # what the ad asks or requires that it may not


def check(ad: JobAd, rules: JobAdRules) -> AdFindings:
    folded = " ".join(tokens(_fold(ad.text)))
    lowered = ad.text.lower()
    problems = tuple(c for c in rules.checks if _raised(c, folded, lowered))
    return AdFindings(
        pay_stated=ad.pay is not None,
        title_neutral=_neutral(ad, rules) if ad.title else None,
        problems=problems,
    )


def unlawful_lines(lines: tuple[str, ...], rules: JobAdRules) -> tuple[str, ...]:
    """The lines that raise a point of the ad check ("Female, aged 20–28"): requirements, but no skills."""
    return tuple(
        line for line in lines if any(_raised(c, " ".join(tokens(_fold(line))), line.lower()) for c in rules.checks)
    )


def _raised(rule: AdCheck, folded: str, lowered: str) -> bool:
    if rule.pattern and re.search(rule.pattern, lowered, re.IGNORECASE):
        return True
    return any(_has(folded, " ".join(tokens(_fold(phrase)))) for phrase in rule.phrases)


def _neutral(ad: JobAd, rules: JobAdRules) -> bool:
    """English titles are neutral unless they use a gendered word ("secretary girl"); a Polish one needs both
    forms ("Księgowa / Księgowy", "Asystent/ka") or a marker such as "(k/m)" (art. 18³ᶜᵃ § 3 Kodeks pracy)."""
    title = _fold(ad.title)
    words = set(tokens(title))
    if words & {fold(w) for w in rules.gendered_words_en}:
        return False
    if ad.lang == "en":
        return True
    return "/" in title or any(fold(marker) in title + " " for marker in rules.neutral_title_markers)


def _has(folded: str, phrase: str) -> bool:
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded) is not None
