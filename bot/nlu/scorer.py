"""Stage 5 — a probability for every intent, from the model `python -m bot train` fitted on labelled messages.

The model is a multinomial logistic regression over three kinds of input: the features of features.py, TF-IDF
character n-grams of the message's folded words (they absorb inflection and typos), word n-grams, and character
n-grams of the chat's previous message. It is fitted with scikit-learn offline (bot/nlu/train.py) and exported as
a zip of JSON (classes, vocabularies, calibration) and raw little-endian float64 arrays
(`knowledge/intent_model.zip`). Here it is a sparse dot product in the standard library: a message has a few
hundred non-zero inputs, so C-level `sum(map(...))` per intent is as quick as numpy, and the bot needs neither
numpy (15 MB of memory, 0.1 s of start-up) nor scikit-learn. A test checks these probabilities against
scikit-learn's own.
"""

from __future__ import annotations

import json
import math
import re
import sys
import zipfile
from array import array
from collections import Counter
from operator import mul
from pathlib import Path

from bot.nlu.features import Features
from bot.nlu.policy import Calibration

MODEL_FILE = "intent_model.zip"
_SPACES = re.compile(r"\s\s+")


class NgramVocabulary:
    """One TF-IDF block: sklearn's TfidfVectorizer(analyzer=char_wb|word, sublinear_tf=True, norm="l2").

    A word's character n-grams are looked up once and kept (chat vocabulary repeats a lot), so a message costs a
    few dictionary lookups per word."""

    WORD_CACHE = 50_000

    def __init__(self, kind: str, low: int, high: int, index: dict[str, int], idf: array[float], offset: int,
                 scale: float) -> None:
        self.kind, self.low, self.high = kind, low, high  # kind: "char_wb" or "word"
        self.index, self.idf, self.offset, self.scale = index, idf, offset, scale
        self._words: dict[str, tuple[int, ...]] = {}

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

    def _word_columns(self, word: str) -> tuple[int, ...]:
        """The block's columns of one word's character n-grams, each as often as it occurs (kept per word)."""
        found = self._words.get(word)
        if found is None:
            index = self.index
            found = tuple(index[g] for g, c in self._char_grams(word).items() if g in index for _ in range(c))
            if len(self._words) >= self.WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def columns(self, text: str) -> tuple[list[int], list[float]]:
        """TF-IDF of the text in this block, L2-normalised and scaled: (model columns, values)."""
        if self.kind == "word":
            index = self.index
            counts = Counter(index[t] for t in self.terms(text).elements() if t in index)
        else:
            counts = Counter()
            for word in text.split():
                counts.update(self._word_columns(word))
        if not counts:
            return [], []
        idf = self.idf
        columns = list(counts)
        values = [(1.0 + math.log(counts[c])) * idf[c] for c in columns]
        norm = math.sqrt(math.fsum(v * v for v in values)) or 1.0
        factor = self.scale / norm
        offset = self.offset
        return [c + offset for c in columns], [v * factor for v in values]


class IntentModel:
    """The fitted model: `probabilities(features)` -> {intent: probability}, summing to 1."""

    def __init__(self, classes: tuple[str, ...], numeric: dict[str, int], numeric_scale: float,
                 blocks: tuple[NgramVocabulary, ...], context_block: NgramVocabulary | None,
                 weights: tuple[array[float], ...], intercept: tuple[float, ...], fingerprint: str,
                 calibration: Calibration | None = None) -> None:
        self.classes, self.numeric, self.numeric_scale = classes, numeric, numeric_scale
        self.calibration = calibration
        self.blocks, self.context_block = blocks, context_block
        self.weights = weights  # one array per class: its coefficient for every input column
        self.intercept, self.fingerprint = intercept, fingerprint

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read("model.json"))

            def floats(name: str) -> array[float]:
                values = array("d")
                values.frombytes(archive.read(f"{name}.f64"))
                if sys.byteorder != "little":
                    values.byteswap()
                return values

            offset = len(meta["numeric"])
            blocks, context = [], None
            for spec in meta["blocks"]:
                terms = spec["terms"]
                block = NgramVocabulary(spec["kind"], spec["low"], spec["high"], {t: i for i, t in enumerate(terms)},
                                        floats(f"idf_{spec['name']}"), offset, spec["weight"])
                offset += len(terms)
                if spec["name"] == "context":
                    context = block
                else:
                    blocks.append(block)
            classes = tuple(meta["classes"])
            weights = tuple(floats(f"coef_{i}") for i in range(len(classes)))
        calibration = None
        if meta.get("calibration"):
            calibration = Calibration(dict(meta["calibration"]["weights"]), meta["calibration"]["intercept"])
        return cls(classes=classes, numeric={n: i for i, n in enumerate(meta["numeric"])},
                   numeric_scale=meta["numeric_scale"], blocks=tuple(blocks), context_block=context,
                   weights=weights, intercept=tuple(meta["intercept"]), fingerprint=meta["fingerprint"],
                   calibration=calibration)

    @staticmethod
    def save(path: Path, meta: dict[str, object], arrays: dict[str, list[float]]) -> None:
        """Write an artefact (train.py's export): model.json, and each array as little-endian float64 bytes."""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("model.json", json.dumps(meta, ensure_ascii=False, sort_keys=True))
            for name, values in arrays.items():
                packed = array("d", values)
                if sys.byteorder != "little":
                    packed.byteswap()
                archive.writestr(f"{name}.f64", packed.tobytes())

    def columns(self, features: Features) -> tuple[list[int], list[float]]:
        """The model's sparse input row: column indices and values."""
        scale = self.numeric_scale
        columns, values = [], []
        for name, value in features.values.items():
            if value and name in self.numeric:
                columns.append(self.numeric[name])
                values.append(value * scale)
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
        logits = [b + math.fsum(map(mul, values, map(w.__getitem__, columns)))
                  for b, w in zip(self.intercept, self.weights, strict=True)]
        top = max(logits)
        odds = [math.exp(x - top) for x in logits]
        total = math.fsum(odds)
        return {name: o / total for name, o in zip(self.classes, odds, strict=True)}
