"""Read a pasted job ad into its parts: the title, the headed sections, the offer, and the user's question.

Ads arrive as people copy them: headings glued to the text before them, bullets of every shape, whole ads on one
line, a question typed above or below. The headings, bullets and markers are data (job_ads.yaml); a message is an
ad only when it has the parts ads have (two headed sections, or one and a list), so a long story is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.knowledge.model import JobAdRules
from bot.nlu.normalize import fold
from bot.nlu.normalize import fold_text as _fold

READ = ("duties", "requirements", "nice_to_have", "offer")  # the sections that make a message an ad
HEADER = "header"  # lines between the title and the first heading (company, place, pay)
_TITLE_PREFIX = re.compile(r"^(stanowisko|position|job title|role|oferta pracy|ogłoszenie)\s*[:\-–]\s*", re.I)
_DECORATION = re.compile(r"^[\W_]+|[\s:;.!?\-–—_*#|]+$")  # emojis, bullets, markdown around a heading
_SPACES = re.compile(r"[ \t\u00a0]+")
_COLON = re.compile(r"[^\W\d_][ \t]*:")  # a colon after a letter: where a heading glued to a line may end
_WORD = re.compile(r"[^\s:]+")


@dataclass(frozen=True)
class JobAd:
    """One ad as read: every part as the ad states it (lines as written, bullets removed)."""

    text: str
    lang: str | None
    title: str
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    question: str = ""  # the user's own words above or below the ad
    pay: str | None = None  # the line that states pay (a number with a currency or "brutto"/"gross")
    vague_pay: bool = False  # "competitive salary": pay named but not stated
    contracts: tuple[str, ...] = ()  # contract types named ("umowa o pracę", "B2B")
    place: str | None = None  # where (and how: remote, hybrid) the work is done

    def lines(self, *names: str) -> tuple[str, ...]:
        return tuple(line for name in names for line in self.sections.get(name, ()))


class AdReader:
    def __init__(self, rules: JobAdRules) -> None:
        self.rules = rules
        self.detect = rules.detect
        headings = sorted(
            ((fold(h), name) for name, hs in rules.sections.items() for h in hs), key=lambda p: -len(p[0])
        )
        self.by_first_word: dict[str, list[tuple[str, str]]] = {}
        for heading, name in headings:  # longest first within each word
            self.by_first_word.setdefault(heading.split()[0], []).append((heading, name))
        self.heading_set = {h for h, _ in headings}
        self.longest_heading = max((len(h.split()) for h in self.heading_set), default=1)
        marks = "".join(re.escape(b) for b in rules.bullets if len(b) == 1 and not b.isalnum())
        self.bullet = re.compile(
            rf"^\s*(?:[{marks}]|\d{{1,2}}[.)]|[a-z][)])\s*|^\s*(?:{_alternation(rules.bullets)})\s*"
        )
        self.inline_bullet = re.compile(rf"\s+(?=(?:{_alternation(b for b in rules.bullets if b not in '-*–—')})\s)")
        self.pay = _pay_pattern(rules)
        self.vague = [fold(v) for v in rules.vague_pay]
        self.contract_names = {fold(c): c for c in rules.contracts}
        self.contract_pattern = _words_pattern(self.contract_names)
        self.place_modes = _words_pattern(fold(m) for m in rules.place_modes)
        self.place_markers = [fold(m) for m in rules.place_markers]
        self.not_questions = {fold(w) for w in rules.not_questions}

    def read(self, text: str, lang: str | None = None) -> JobAd | None:
        """The ad in `text`, or None when the message is no ad (too short, or without an ad's parts)."""
        if len(text) < self.detect["min_chars"]:
            return None
        lines = self._lines(text)
        sections, bullets = self._sections(lines)
        found = sum(1 for name in READ if sections.get(name))
        if found < self.detect["min_sections"] and not (found and bullets >= self.detect["min_bullets"]):
            return None
        question, body = self._question(lines)
        title = self._title(body)
        folded = _fold(text)
        return JobAd(
            text=text,
            lang=lang,
            title=title,
            sections={name: tuple(values) for name, values in sections.items()},
            question=question,
            pay=self._pay(lines),
            vague_pay=any(v in folded for v in self.vague),
            contracts=self._contracts(folded),
            place=self._place(lines),
        )

    # -- lines and sections ----------------------------------------------------------------------------------
    def _lines(self, text: str) -> list[str]:
        """The message as lines: glued headings and mid-line bullets split off, spaces squeezed."""
        text = self._unglue(text.replace("\r", "\n").replace("’", "'"))
        text = self.inline_bullet.sub("\n", text)
        return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]

    def _unglue(self, text: str) -> str:
        """A heading glued to the text before it ("...umowa o pracę. Zakres obowiązków: ...") starts a new line:
        at each colon, the few words before it are looked up among the headings."""
        cuts = []
        for colon in _COLON.finditer(text):
            end = colon.end() - 1
            line_start = text.rfind("\n", 0, end) + 1
            words = list(_WORD.finditer(text, line_start, end))
            for count in range(min(self.longest_heading, len(words) - 1), 0, -1):
                first = words[-count]
                if _fold(text[first.start() : end]).strip() in self.heading_set:
                    cuts.append(first.start())
                    break
        for cut in reversed(cuts):
            text = f"{text[:cut].rstrip(' ')}\n{text[cut:]}"
        return text

    def _heading(self, line: str) -> tuple[str, str] | None:
        """(section, text after the heading) when the line opens a section; bullet lines never do, unless they
        end with a colon ("• Wymagania:")."""
        if not line:
            return None
        bare = _DECORATION.sub("", line)
        folded = _fold(bare)
        first = folded.split(" ", 1)[0].rstrip(":-–—")
        candidates = self.by_first_word.get(first, ())
        if self.bullet.match(line) and not line.rstrip().endswith((":", "?")):
            whole = next((name for heading, name in candidates if folded == heading), None)
            return (whole, "") if whole else None
        for heading, name in candidates:
            if not folded.startswith(heading):
                continue
            rest = bare[len(heading) :].strip() if len(folded) == len(bare) else folded[len(heading) :].strip()
            if not rest:
                return name, ""
            if rest[0] in ":-–—":
                return name, rest[1:].strip()
        return None

    def _sections(self, lines: list[str]) -> tuple[dict[str, list[str]], int]:
        sections: dict[str, list[str]] = {}
        current, bullets = HEADER, 0
        for line in lines:
            if not line:
                continue
            opened = self._heading(line)
            if opened:
                current, rest = opened
                sections.setdefault(current, [])
                if rest:
                    sections[current].append(rest)
                continue
            if self.bullet.match(line):
                bullets += 1
            item = self.bullet.sub("", line).strip()
            if item:
                sections.setdefault(current, []).append(item)
        return sections, bullets

    # -- the parts ---------------------------------------------------------------------------------------------
    def _question(self, lines: list[str]) -> tuple[str, list[str]]:
        """The user's words in the first or last paragraph, when they ask something (not "Interested? Apply")."""
        paragraphs = _paragraphs(lines)
        asked: list[str] = []
        limit = self.detect["longest_question"]
        for index in (0, len(paragraphs) - 1) if len(paragraphs) > 1 else ():
            block = " ".join(paragraphs[index])
            folded = _fold(block)
            words = set(re.findall(r"\w+", folded))
            if "?" in block and len(block) <= limit and not words & self.not_questions and not self._heading(block):
                asked.append(block)
                paragraphs[index] = []
        body = [line for paragraph in paragraphs for line in paragraph]
        return " ".join(asked), body

    def _title(self, body: list[str]) -> str:
        """The ad's first line (cut before a long tail: "Driver – 3.5t Van – Coventry – £13.50/hr"), unless it is
        a heading, a question, or a place or pay line; a "Stanowisko:" line wins."""
        for line in body:
            labelled = _TITLE_PREFIX.match(line)
            if labelled:
                return line[labelled.end() :].strip()
        for line in body[:4]:
            opened = self._heading(line)
            if opened and opened[0] != "overview":
                break
            if opened or "?" in line or not any(ch.isalpha() for ch in line) or "📍" in line:
                continue
            title = _DECORATION.sub("", line) or line
            if len(title) > self.detect["longest_title"] or self.pay.search(title):  # "Kierowca – Stryków – 32 zł/h"
                title = re.split(r"\s[–—|-]\s|[.!]\s", title)[0]
            if len(title) <= self.detect["longest_title"] and not self.pay.search(title):
                return title
        return ""

    def _contracts(self, folded: str) -> tuple[str, ...]:
        """Contract types named, once each ("umowę o pracę" is "umowa o pracę"; the longest name of a kind wins)."""
        found: dict[str, str] = {}
        for match in self.contract_pattern.finditer(folded):
            key = match.group()
            stem = " ".join(word[:4] for word in key.split())
            if not any(stem in known for known in found):
                found[stem] = self.contract_names[key]
        return tuple(found.values())

    def _pay(self, lines: list[str]) -> str | None:
        return next((self.bullet.sub("", line)[:200] for line in lines if self.pay.search(line)), None)

    def _place(self, lines: list[str]) -> str | None:
        folded = [_fold(line) for line in lines]
        for line, low in zip(lines, folded, strict=True):
            if any(low.startswith(m) if any(c.isalpha() for c in m) else m in line for m in self.place_markers):
                return self.bullet.sub("", line)[:200]
        where = (line for line, low in zip(lines, folded, strict=True) if self.place_modes.search(low))
        return next((self.bullet.sub("", line)[:200] for line in where), None)


def _alternation(items: Iterable[str]) -> str:
    return "|".join(re.escape(i) for i in items)


def _words_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, the longest first."""
    return re.compile(rf"(?<!\w)(?:{_alternation(sorted(phrases, key=len, reverse=True))})(?!\w)")


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _pay_pattern(rules: JobAdRules) -> re.Pattern[str]:
    """A sum of money: "5 000 – 5 800 zł brutto", "PLN 9,500 gross", "40–48 zł netto/h", "£24k"."""
    number = r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
    amount = rf"(?:{number})\s*(?:k|tys\.?)?"
    span = rf"{amount}(?:\s*(?:-|–|—|do|to)\s*{amount})?"
    money = _alternation(sorted(rules.currencies, key=len, reverse=True))
    words = _alternation(w for w in rules.pay_words if len(w) > 2)
    return re.compile(
        rf"(?:{span})\s*(?:{money})(?!\w)|(?<!\w)(?:{money})\s*{span}|(?:{span})\s*(?:{words})(?!\w)"
        rf"|(?<!\w)(?:{words})\s*:\s*{span}",
        re.I,
    )
