"""Stage 5 — a probability for every intent, from the model `python -m bot train` fitted on labelled messages.

The model is a multinomial logistic regression over three kinds of input: the features of features.py, TF-IDF
character n-grams of the message's folded words (they absorb inflection and typos), word n-grams, and character
n-grams of the chat's previous message. It is fitted with scikit-learn offline (bot/nlu/train.py) and exported as
plain arrays (`knowledge/intent_model.npz`); here it is a sparse dot product, which takes a few hundredths of a
millisecond and needs neither scikit-learn nor its import time. A test checks these probabilities against
scikit-learn's own.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np

from bot.nlu.features import Features
from bot.nlu.policy import Calibration

MODEL_FILE = "intent_model.npz"
_SPACES = re.compile(r"\s\s+")


class NgramVocabulary:
    """One TF-IDF block: sklearn's TfidfVectorizer(analyzer=char_wb|word, sublinear_tf=True, norm="l2").

    A word's character n-grams are looked up once and kept (chat vocabulary repeats a lot), so a message costs a
    few dictionary lookups per word."""

    WORD_CACHE = 50_000

    def __init__(self, kind: str, low: int, high: int, index: dict[str, int], idf: np.ndarray, offset: int,
                 scale: float) -> None:
        self.kind, self.low, self.high = kind, low, high  # kind: "char_wb" or "word"
        self.index, self.idf, self.offset, self.scale = index, idf, offset, scale
        self._words: dict[str, np.ndarray] = {}

    def terms(self, text: str) -> Counter[str]:
        """The block's n-grams of a text, as scikit-learn's analyzer makes them (used by the tests)."""
        if self.kind == "word":
            words = text.split()
            return Counter(" ".join(words[i: i + n]) for n in range(self.low, self.high + 1)
                           for i in range(len(words) - n + 1))
        grams: Counter[str] = Counter()
        for word in _SPACES.sub(" ", text).split():
            grams.update(self._char_grams(word))
        return grams

    def _char_grams(self, word: str) -> Counter[str]:
        padded = f" {word} "
        length = len(padded)
        grams: Counter[str] = Counter()
        for n in range(self.low, self.high + 1):
            if n >= length:  # a word this short is one n-gram, counted once (as scikit-learn does)
                grams[padded] += 1
                break
            for start in range(length - n + 1):
                grams[padded[start: start + n]] += 1
        return grams

    def _word_columns(self, word: str) -> np.ndarray:
        """The block's columns of one word's character n-grams, each as often as it occurs (kept per word)."""
        found = self._words.get(word)
        if found is None:
            index = self.index
            found = np.array([index[g] for g, c in self._char_grams(word).items() if g in index for _ in range(c)],
                             dtype=np.int64)
            if len(self._words) >= self.WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def columns(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """TF-IDF of the text in this block, L2-normalised and scaled: (model columns, values)."""
        if self.kind == "word":
            index = self.index
            hits = [index[t] for t in self.terms(text).elements() if t in index]
            occurrences = np.array(hits, dtype=np.int64)
        else:
            parts = [self._word_columns(word) for word in text.split()]
            occurrences = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        if not occurrences.size:
            return occurrences, np.empty(0)
        columns, counts = np.unique(occurrences, return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[columns]
        norm = float(np.sqrt(values @ values)) or 1.0
        return columns + self.offset, values * (self.scale / norm)


class IntentModel:
    """The fitted model: `probabilities(features)` -> {intent: probability}, summing to 1."""

    def __init__(self, classes: tuple[str, ...], numeric: dict[str, int], numeric_scale: float,
                 blocks: tuple[NgramVocabulary, ...], context_block: NgramVocabulary | None,
                 coef: np.ndarray, intercept: np.ndarray, fingerprint: str,
                 calibration: Calibration | None = None) -> None:
        self.classes, self.numeric, self.numeric_scale = classes, numeric, numeric_scale
        self.calibration = calibration
        self.blocks, self.context_block = blocks, context_block
        self.coef, self.intercept, self.fingerprint = coef, intercept, fingerprint

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            meta = dict(zip(data["meta_keys"].tolist(), data["meta_values"].tolist(), strict=True))
            numeric_names = str(data["numeric"]).split("\n") if str(data["numeric"]) else []
            blocks = []
            context = None
            offset = len(numeric_names)
            for name in str(meta["blocks"]).split(","):
                terms = str(data[f"{name}_terms"]).split("\n")
                kind, low, high, scale = str(meta[f"{name}_spec"]).split(":")
                block = NgramVocabulary(kind, int(low), int(high), {t: i for i, t in enumerate(terms)},
                                        np.asarray(data[f"{name}_idf"], dtype=np.float64), offset, float(scale))
                offset += len(terms)
                if name == "context":
                    context = block
                else:
                    blocks.append(block)
            calibration = None
            if "calibration_names" in data:
                names = str(data["calibration_names"]).split("\n")
                calibration = Calibration(dict(zip(names, data["calibration_coef"].tolist(), strict=True)),
                                          float(data["calibration_intercept"]))
            return cls(classes=tuple(data["classes"].tolist()), numeric={n: i for i, n in enumerate(numeric_names)},
                       numeric_scale=float(meta["numeric_scale"]), blocks=tuple(blocks), context_block=context,
                       coef=data["coef"], intercept=data["intercept"], fingerprint=str(meta["fingerprint"]),
                       calibration=calibration)

    def columns(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        """The model's sparse input row: column indices and values."""
        named = [(self.numeric[name], value)
                 for name, value in features.values.items() if value and name in self.numeric]
        columns = [np.array([c for c, _v in named], dtype=np.int64)]
        values = [np.array([v for _c, v in named], dtype=np.float64) * self.numeric_scale]
        for block in self.blocks:
            c, v = block.columns(features.text)
            columns.append(c)
            values.append(v)
        if self.context_block is not None and features.context_text:
            c, v = self.context_block.columns(features.context_text)
            columns.append(c)
            values.append(v)
        return np.concatenate(columns), np.concatenate(values)

    def probabilities(self, features: Features) -> dict[str, float]:
        columns, values = self.columns(features)
        logits = self.intercept + values @ self.coef[columns] if columns.size else self.intercept.copy()
        logits = logits - logits.max()
        odds = np.exp(logits)
        odds /= odds.sum()
        return dict(zip(self.classes, odds.tolist(), strict=True))
