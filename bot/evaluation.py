"""Score understanding on a labelled set, as ../shared/eval/README.md defines (like `rasa test nlu`)."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from bot.nlu.understanding import Understanding

ROLE_CHECKED = ("classify", "duties", "skills", "interview")
CATEGORY_CHECKED = ("classify", "explain", "list_roles", "duties", "skills", "interview")


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def misses(item: dict, got: Understanding) -> list[str]:
    """Why an item is wrong (empty when right)."""
    why = []
    intents = as_list(item["intent"])
    if got.intent not in intents:
        why.append(f"intent {got.intent} not in {intents}")
    primary = intents[0]
    role_null_classify = primary == "classify" and item.get("role") is None
    if got.intent in ROLE_CHECKED and (item.get("role") is not None or role_null_classify):
        wanted = [] if item.get("role") is None else as_list(item["role"])
        if (got.role is None and wanted) or (got.role is not None and got.role not in wanted):
            why.append(f"role {got.role} not in {wanted or [None]}")
    if len(intents) == 1 and primary in CATEGORY_CHECKED:
        if role_null_classify:
            if got.category is not None:
                why.append(f"category {got.category} for an unknown role")
        elif item.get("category") is not None and got.category not in as_list(item["category"]):
            why.append(f"category {got.category} not in {as_list(item['category'])}")
    if "suggest" in intents and item.get("suggest_any"):
        if not set(got.suggestions[:3]) & set(item["suggest_any"]):
            why.append(f"suggestions {got.suggestions[:3]} miss {item['suggest_any']}")
    return why


@dataclass
class Report:
    total: int = 0
    right: int = 0
    by_lang: Counter = field(default_factory=Counter)
    right_by_lang: Counter = field(default_factory=Counter)
    by_intent: Counter = field(default_factory=Counter)
    right_by_intent: Counter = field(default_factory=Counter)
    confusion: dict = field(default_factory=lambda: defaultdict(Counter))
    missed: list = field(default_factory=list)
    fallbacks: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, item: dict, got: Understanding) -> None:
        primary = as_list(item["intent"])[0]
        why = misses(item, got)
        self.total += 1
        self.by_lang[item["lang"]] += 1
        self.by_intent[primary] += 1
        self.confusion[primary][got.intent if got.intent in as_list(item["intent"]) and got.intent != primary
                                else got.intent] += 1
        self.fallbacks += got.fallback
        if why:
            self.missed.append({"id": item.get("id"), "text": item["text"], "context": item.get("context", []),
                                "got": got.public(), "why": why})
        else:
            self.right += 1
            self.right_by_lang[item["lang"]] += 1
            self.right_by_intent[primary] += 1

    def as_dict(self) -> dict:
        share = lambda right, total: round(right / total, 4) if total else 0.0
        return {
            "items": self.total, "accuracy": share(self.right, self.total), "fallbacks": self.fallbacks,
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
            lines.append(f"  {miss['id']}: {miss['text']!r}{context}\n      -> {miss['got']}\n      why: {'; '.join(miss['why'])}")
        lines += ["", "Confusion (rows: expected intent, columns: understood intent):",
                  " " * 14 + "".join(f"{p[:8]:>9}" for p in predicted)]
        for row in intents:
            lines.append(f"{row:<14}" + "".join(f"{self.confusion[row].get(p, 0) or '.':>9}" for p in predicted))
        lines += ["", f"{'intent':<14}{'items':>6}{'accuracy':>10}"]
        lines += [f"{i:<14}{self.by_intent[i]:>6}{d['by_intent'][i]:>10.3f}" for i in intents]
        lines += ["", "  ".join(f"{lang}: {acc:.3f} ({self.by_lang[lang]})" for lang, acc in d["by_lang"].items()),
                  f"fallbacks: {self.fallbacks}",
                  f"accuracy: {d['accuracy']:.3f} ({self.right}/{self.total})"]
        return "\n".join(lines)


def read_items(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(items: Iterable[dict], understand: Callable[[str, list[str]], Understanding]) -> Report:
    report = Report()
    for item in items:
        report.add(item, understand(item["text"], item.get("context", [])))
    return report


def sweep(items: list[dict], engine, understand, as_json: bool = False,
          thresholds: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> str:
    """Fallback threshold vs. answers given wrongly vs. questions not answered at all (Rasa's trade-off)."""
    settings = engine.reader.settings
    original = settings.get("fallback_threshold", 0.45)
    rows = []
    try:
        for threshold in thresholds:
            settings["fallback_threshold"] = threshold
            wrong = fallbacks = right = 0
            for item in items:
                got = understand(item["text"], item.get("context", []))
                if got.fallback:
                    fallbacks += 1
                elif misses(item, got):
                    wrong += 1
                else:
                    right += 1
            rows.append({"threshold": threshold, "answered_right": right, "answered_wrong": wrong,
                         "fallbacks": fallbacks})
    finally:
        settings["fallback_threshold"] = original
    if as_json:
        return json.dumps(rows, indent=2)
    lines = [f"{'threshold':>9}{'right':>8}{'wrong':>8}{'fallback':>10}"]
    lines += [f"{r['threshold']:>9.2f}{r['answered_right']:>8}{r['answered_wrong']:>8}{r['fallbacks']:>10}" for r in rows]
    lines.append(f"(configured: fallback_threshold={original} in knowledge/settings.yaml)")
    return "\n".join(lines)
