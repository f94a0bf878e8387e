"""The ad check for the person hiring: pay stated, a gender-neutral title, nothing a Polish employer may not ask or
require. Every point names the rule it rests on; the wording and the rules are data (job_ads.yaml, ui.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.jobads.reader import JobAd
from bot.knowledge.model import AdCheck, JobAdRules
from bot.nlu.normalize import fold, fold_text, tokens


@dataclass(frozen=True)
class AdFindings:
    pay_stated: bool
    title_neutral: bool | None  # None: no title to judge
    problems: tuple[AdCheck, ...]  # what the ad asks or requires that it may not


def check(ad: JobAd, rules: JobAdRules) -> AdFindings:
    lowered, folded = _forms(ad.text)
    problems = tuple(c for c in rules.checks if _raised(c, lowered, folded))
    return AdFindings(
        pay_stated=ad.pay is not None,
        title_neutral=_neutral(ad, rules) if ad.title else None,
        problems=problems,
    )


def unlawful_lines(lines: tuple[str, ...], rules: JobAdRules) -> tuple[str, ...]:
    """The lines that raise a point of the ad check ("Female, aged 20–28"): requirements, but no skills."""
    found = []
    for line in lines:
        lowered, folded = _forms(line)
        if any(_raised(c, lowered, folded) for c in rules.checks):
            found.append(line)
    return tuple(found)


def _forms(text: str) -> tuple[str, str]:
    """The text in lower case (for the rules' patterns) and folded, its words only (for their phrases)."""
    return text.lower(), " ".join(tokens(fold_text(text)))


def _raised(rule: AdCheck, lowered: str, folded: str) -> bool:
    if rule.pattern and re.search(rule.pattern, lowered, re.IGNORECASE):
        return True
    phrases = _phrases(rule)
    return phrases is not None and phrases.search(folded) is not None


@lru_cache(maxsize=64)
def _phrases(rule: AdCheck) -> re.Pattern[str] | None:
    """The rule's phrases, folded, as one pattern of whole words (built once per rule)."""
    folded = sorted({" ".join(tokens(fold_text(p))) for p in rule.phrases} - {""}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p in folded)})(?!\w)")


def _neutral(ad: JobAd, rules: JobAdRules) -> bool:
    """English titles are neutral unless they use a gendered word ("secretary girl"); a Polish one needs both
    forms ("Księgowa / Księgowy", "Asystent/ka") or a marker such as "(k/m)" (art. 18³ᶜᵃ § 3 Kodeks pracy)."""
    title = fold_text(ad.title)
    words = set(tokens(title))
    if words & {fold(w) for w in rules.gendered_words_en}:
        return False
    if ad.lang == "en":
        return True
    return "/" in title or any(fold(marker) in title + " " for marker in rules.neutral_title_markers)
