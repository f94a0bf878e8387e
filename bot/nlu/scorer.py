"""Stage 5 — a probability for every intent, from the model `python -m bot train` fitted on labelled messages.

The model is a multinomial logistic regression over three kinds of input: the features of features.py, TF-IDF
character n-grams of the message's folded words (they absorb inflection and typos), word n-grams, and character
n-grams of the chat's previous message. It is fitted with scikit-learn offline (bot/nlu/train.py) and exported as
plain arrays (`knowledge/intent_model.npz`); here it is a sparse dot product, which takes a few hundredths of a
millisecond and needs neither scikit-learn nor its import time. A test checks these probabilities against
scikit-learn's own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.nlu.features import Features

MODEL_FILE = "intent_model.npz"
_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class NgramVocabulary:
    """One TF-IDF block: sklearn's TfidfVectorizer(analyzer=char_wb|word, sublinear_tf=True, norm="l2")."""

    kind: str  # "char_wb" or "word"
    low: int
    high: int
    index: dict[str, int]  # n-gram -> column within the block
    idf: np.ndarray
    offset: int  # first column of the block in the model
    scale: float  # the block's weight in the model's input

    def terms(self, text: str) -> Counter[str]:
        if self.kind == "word":
            words = text.split()
            return Counter(" ".join(words[i: i + n]) for n in range(self.low, self.high + 1)
                           for i in range(len(words) - n + 1))
        grams: Counter[str] = Counter()
        for word in _SPACES.sub(" ", text).split():
            padded = f" {word} "
            length = len(padded)
            for n in range(self.low, self.high + 1):
                if n >= length:  # a word this short is one n-gram, counted once (as scikit-learn does)
                    grams[padded] += 1
                    break
                for start in range(length - n + 1):
                    grams[padded[start: start + n]] += 1
        return grams

    def columns(self, text: str) -> tuple[list[int], list[float]]:
        found = [(self.index[t], (1.0 + math.log(c)) * float(self.idf[self.index[t]]))
                 for t, c in self.terms(text).items() if t in self.index]
        norm = math.sqrt(sum(v * v for _i, v in found)) or 1.0
        return [self.offset + i for i, _v in found], [v / norm * self.scale for _i, v in found]


class IntentModel:
    """The fitted model: `probabilities(features)` -> {intent: probability}, summing to 1."""

    def __init__(self, classes: tuple[str, ...], numeric: dict[str, int], numeric_scale: float,
                 blocks: tuple[NgramVocabulary, ...], context_block: NgramVocabulary | None,
                 coef: np.ndarray, intercept: np.ndarray, fingerprint: str) -> None:
        self.classes, self.numeric, self.numeric_scale = classes, numeric, numeric_scale
        self.blocks, self.context_block = blocks, context_block
        self.coef, self.intercept, self.fingerprint = coef, intercept, fingerprint

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            meta = dict(zip(data["meta_keys"].tolist(), data["meta_values"].tolist()))
            numeric_names = str(data["numeric"]).split("\n") if str(data["numeric"]) else []
            blocks = []
            context = None
            offset = len(numeric_names)
            for name in str(meta["blocks"]).split(","):
                terms = str(data[f"{name}_terms"]).split("\n")
                kind, low, high, scale = str(meta[f"{name}_spec"]).split(":")
                block = NgramVocabulary(kind, int(low), int(high), {t: i for i, t in enumerate(terms)},
                                        data[f"{name}_idf"], offset, float(scale))
                offset += len(terms)
                if name == "context":
                    context = block
                else:
                    blocks.append(block)
            return cls(classes=tuple(data["classes"].tolist()), numeric={n: i for i, n in enumerate(numeric_names)},
                       numeric_scale=float(meta["numeric_scale"]), blocks=tuple(blocks), context_block=context,
                       coef=data["coef"], intercept=data["intercept"], fingerprint=str(meta["fingerprint"]))

    def columns(self, features: Features) -> tuple[list[int], list[float]]:
        """The model's sparse input row: column indices and values."""
        columns = [self.numeric[name] for name, value in features.values.items() if value and name in self.numeric]
        values = [features.values[name] * self.numeric_scale for name, value in features.values.items()
                  if value and name in self.numeric]
        for block in self.blocks:
            c, v = block.columns(features.text)
            columns += c
            values += v
        if self.context_block is not None and features.context_text:
            c, v = self.context_block.columns(features.context_text)
            columns += c
            values += v
        return columns, values

    def probabilities(self, features: Features) -> dict[str, float]:
        columns, values = self.columns(features)
        logits = self.intercept + (np.asarray(values, dtype=np.float64) @ self.coef[columns] if columns else 0.0)
        logits = logits - logits.max()
        odds = np.exp(logits)
        odds /= odds.sum()
        return dict(zip(self.classes, odds.tolist()))
