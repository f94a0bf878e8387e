"""Score understanding on a labelled set, as ../shared/eval/README.md defines (like `rasa test nlu`)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.nlu.understanding import Understanding

if TYPE_CHECKING:
    from bot.core import Engine

NON_OFFICE = "non-office"
ROLE_CHECKED = ("classify", "duties", "skills", "interview")
CATEGORY_CHECKED = ("classify", "explain", "list_roles", "duties", "skills", "interview")

Item = dict[str, Any]  # one labelled message, as read from a .jsonl line
Understand = Callable[[str, list[str]], Understanding]  # (text, earlier messages of the chat) -> understanding


def understand_in_chat(engine: Engine, text: str, *context: str) -> Understanding:
    """A message read in a fresh chat after the earlier messages of `context`, as a labelled item is scored."""
    from bot.state import ChatState

    state = ChatState()
    for earlier in context:
        engine.understand(earlier, state)
    return engine.understand(text, state)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def misses(item: Item, got: Understanding, ranking: bool = True) -> list[str]:
    """Why an item is wrong (empty when right). With `ranking=False` the suggestions only have to respect the
    user's limits, not include one of the labeller's favourites: what the confidence is fitted on (train.py), since
    the fallback guards against answering another question, not against a different but fair list."""
    if "kind" in item:
        return ad_misses(item, got)
    why = []
    intents = as_list(item["intent"])
    if got.intent not in intents:
        why.append(f"intent {got.intent} not in {intents}")
    primary = intents[0]
    role_null_classify = primary == "classify" and item.get("role") is None
    if got.intent in ROLE_CHECKED and (item.get("role") is not None or role_null_classify):
        wanted = [] if item.get("role") is None else [*as_list(item["role"]), *item.get("role_alt", [])]
        if (got.role is None and wanted) or (got.role is not None and got.role not in wanted):
            why.append(f"role {got.role} not in {wanted or [None]}")
    if len(intents) == 1 and primary in CATEGORY_CHECKED:
        if role_null_classify and item.get("category") is None:
            if got.category not in (None, NON_OFFICE):  # no office type claimed for a job it does not know
                why.append(f"category {got.category} for an unknown role")
        elif item.get("category") is not None and got.category not in as_list(item["category"]):
            why.append(f"category {got.category} not in {as_list(item['category'])}")
    if ranking and "suggest" in intents and item.get("suggest_any"):
        if not set(got.suggestions[:3]) & set(item["suggest_any"]):
            why.append(f"suggestions {got.suggestions[:3]} miss {item['suggest_any']}")
    if "suggest" in intents and item.get("suggest_none"):
        unwanted = set(got.suggestions[:3]) & set(item["suggest_none"])
        if unwanted:
            why.append(f"suggestions {got.suggestions[:3]} include {sorted(unwanted)}, ruled out")
    return why


WRONG_OFFICE = "wrong office type"


def ad_misses(item: Item, got: Understanding) -> list[str]:
    """A pasted job ad (tests/data/job_ads.jsonl): the role behind it and its office type — both office types of a
    hybrid, "non-office" for other work — and a long message that is no ad not read as one. The intent (the question
    asked, or job_ad) is reported apart, in the confusion table: the issue's measure is the role and office type."""
    ad = getattr(got, "ad", None)
    kind = item["kind"]
    if kind == "not_ad":
        return ["read as a job ad"] if ad is not None else []
    types = as_list(item["category"])
    named = list(ad.offices) if ad is not None else [got.category]
    why = []
    if kind == "non-office":
        if got.category != NON_OFFICE:
            why.append(f"{WRONG_OFFICE}: {got.category}, not non-office" if got.category else "category None")
        return why + ([f"role {got.role} for a non-office job"] if got.role else [])
    wanted = [item["role"], *item.get("role_alt", [])]
    if got.role not in wanted:
        why.append(f"role {got.role} not in {wanted}")
    if got.category not in types:
        why.append(f"{WRONG_OFFICE}: {got.category} not in {types}" if got.category else "no office type")
    elif kind == "hybrid" and not set(types) <= set(named):
        why.append(f"a hybrid named as {named}, not {types}")
    return why


@dataclass
class Report:
    total: int = 0
    right: int = 0
    by_lang: Counter[str] = field(default_factory=Counter)
    right_by_lang: Counter[str] = field(default_factory=Counter)
    by_intent: Counter[str] = field(default_factory=Counter)
    right_by_intent: Counter[str] = field(default_factory=Counter)
    confusion: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    missed: list[dict[str, Any]] = field(default_factory=list)
    fallbacks: int = 0
    asked: int = 0  # "did you mean ...?" between two close readings
    decided: Counter[str] = field(default_factory=Counter)  # stage or rule -> items it decided
    missed_by: Counter[str] = field(default_factory=Counter)  # stage or rule -> misses it decided
    confidences: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, right) of every item
    wrong_office: int = 0  # job ads read with an office type the label does not allow

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, item: Item, got: Understanding) -> None:
        primary = as_list(item["intent"])[0]
        why = misses(item, got)
        self.total += 1
        self.by_lang[item["lang"]] += 1
        self.by_intent[primary] += 1
        self.confusion[primary][
            got.intent if got.intent in as_list(item["intent"]) and got.intent != primary else got.intent
        ] += 1
        self.fallbacks += got.fallback
        self.asked += bool(got.choices) and not got.fallback
        self.decided[got.decided_by] += 1
        self.missed_by[got.decided_by] += bool(why)
        self.confidences.append((got.confidence, not why))
        self.wrong_office += any(w.startswith(WRONG_OFFICE) for w in why)
        if why:
            self.missed.append(
                {
                    "id": item.get("id"),
                    "text": item["text"],
                    "context": item.get("context", []),
                    "got": got.public(),
                    "why": why,
                }
            )
        else:
            self.right += 1
            self.right_by_lang[item["lang"]] += 1
            self.right_by_intent[primary] += 1

    @property
    def auroc(self) -> float | None:
        """How well confidence separates right from wrong answers: the chance that a right answer is more confident
        than a wrong one (0.5: no better than chance; None when every answer is right or every one wrong)."""
        right = sorted(c for c, ok in self.confidences if ok)
        wrong = sorted(c for c, ok in self.confidences if not ok)
        if not right or not wrong:
            return None
        wins, below, ties = 0.0, 0, 0
        for c in right:  # a merge over both sorted lists: Mann-Whitney U / (n_right * n_wrong)
            while below < len(wrong) and wrong[below] < c:
                below += 1
            ties = 0
            while below + ties < len(wrong) and wrong[below + ties] == c:
                ties += 1
            wins += below + ties / 2
        return wins / (len(right) * len(wrong))

    def as_dict(self) -> dict[str, Any]:
        def share(right: int, total: int) -> float:
            return round(right / total, 4) if total else 0.0

        auroc = self.auroc
        return {
            "items": self.total,
            "accuracy": share(self.right, self.total),
            "fallbacks": self.fallbacks,
            "asked": self.asked,
            "auroc": round(auroc, 4) if auroc is not None else None,
            "wrong_office": share(self.wrong_office, self.total),
            "misses_by_stage": {k: f"{self.missed_by[k]}/{v}" for k, v in self.decided.most_common()},
            "by_lang": {k: share(self.right_by_lang[k], v) for k, v in sorted(self.by_lang.items())},
            "by_intent": {k: share(self.right_by_intent[k], v) for k, v in sorted(self.by_intent.items())},
            "confusion": {k: dict(v) for k, v in sorted(self.confusion.items())},
            "misses": self.missed,
        }

    def text(self) -> str:
        d = self.as_dict()
        intents = sorted(self.by_intent)
        predicted = sorted({p for row in self.confusion.values() for p in row})
        lines = ["Misses:"] if self.missed else []
        for miss in self.missed:
            context = f"  [after: {' | '.join(miss['context'])}]" if miss["context"] else ""
            lines.append(
                f"  {miss['id']}: {miss['text']!r}{context}\n      -> {miss['got']}\n"
                f"      why: {'; '.join(miss['why'])}"
            )
        lines += [
            "",
            "Confusion (rows: expected intent, columns: understood intent):",
            " " * 14 + "".join(f"{p[:8]:>9}" for p in predicted),
        ]
        for row in intents:
            lines.append(f"{row:<14}" + "".join(f"{self.confusion[row].get(p, 0) or '.':>9}" for p in predicted))
        lines += ["", f"{'intent':<14}{'items':>6}{'accuracy':>10}"]
        lines += [f"{i:<14}{self.by_intent[i]:>6}{d['by_intent'][i]:>10.3f}" for i in intents]
        lines += [
            "",
            "Misses by the stage or rule that decided (missed/decided): "
            + ", ".join(f"{k} {v}" for k, v in d["misses_by_stage"].items()),
        ]
        lines += [
            "",
            "  ".join(f"{lang}: {acc:.3f} ({self.by_lang[lang]})" for lang, acc in d["by_lang"].items()),
            f"fallbacks: {self.fallbacks}   asked which reading (did you mean): {self.asked}"
            + (f"   AUROC of confidence (right vs wrong): {d['auroc']:.3f}" if d["auroc"] is not None else ""),
            f"accuracy: {d['accuracy']:.3f} ({self.right}/{self.total})",
        ]
        if self.wrong_office:
            lines.append(f"wrong office type: {self.wrong_office / self.total:.3f} ({self.wrong_office}/{self.total})")
        return "\n".join(lines)


def read_items(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(items: Iterable[Item], understand: Understand) -> Report:
    report = Report()
    for item in items:
        report.add(item, understand(item["text"], item.get("context", [])))
    return report


SWEEPS = {
    "fallback_threshold": (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "ambiguity_threshold": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
}


def sweep(items: list[Item], engine: Engine, understand: Understand, as_json: bool = False) -> str:
    """Each threshold over a range vs. answers given wrongly, questions asked back ("did you mean") and not
    answered at all (Rasa's trade-off), the other thresholds staying as configured."""
    settings = engine.kb.settings
    rows = []
    for name, values in SWEEPS.items():
        original = settings.get(name)
        try:
            for value in values:
                settings[name] = value
                rows.append({"setting": name, "threshold": value, **_outcomes(items, understand)})
        finally:
            if original is None:
                settings.pop(name, None)
            else:
                settings[name] = original
    if as_json:
        return json.dumps(rows, indent=2)
    lines = []
    for name in SWEEPS:
        lines += [
            "",
            f"{name} (configured: {settings.get(name)} in knowledge/settings.yaml)",
            f"{'value':>9}{'right':>8}{'wrong':>8}{'asked':>8}{'fallback':>10}",
        ]
        lines += [
            f"{r['threshold']:>9.2f}{r['answered_right']:>8}{r['answered_wrong']:>8}{r['asked']:>8}{r['fallbacks']:>10}"
            for r in rows
            if r["setting"] == name
        ]
    return "\n".join(lines[1:])


def _outcomes(items: list[Item], understand: Understand) -> dict[str, int]:
    """How the items fare: answered right or wrong, a question asked back, or a fallback."""
    counts = {"answered_right": 0, "answered_wrong": 0, "asked": 0, "fallbacks": 0}
    for item in items:
        got = understand(item["text"], item.get("context", []))
        if got.fallback:
            counts["fallbacks"] += 1
        elif got.choices:
            counts["asked"] += 1
        elif misses(item, got):
            counts["answered_wrong"] += 1
        else:
            counts["answered_right"] += 1
    return counts
