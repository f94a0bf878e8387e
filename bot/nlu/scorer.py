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

    A message's logits are the model's weights summed over its n-grams, so each word's share is worked out once
    and kept (chat vocabulary repeats a lot): its n-grams' columns, the sum of their squared IDF, and per intent the
    sum of IDF x weight. A message then adds up its words' shares, corrects the n-grams it holds more than once
    (sublinear TF: 1 + log n, not n) and scales by the L2 norm: the same numbers as the sparse dot product."""

    WORD_CACHE = 20_000

    def __init__(
        self, kind: str, low: int, high: int, index: dict[str, int], idf: array[float], offset: int, scale: float
    ) -> None:
        self.kind, self.low, self.high = kind, low, high  # kind: "char_wb" or "word"
        self.index, self.idf, self.offset, self.scale = index, idf, offset, scale
        self.weights: tuple[array[float], ...] = ()  # the model's, one array per intent (bind())
        self._words: dict[str, tuple[tuple[int, ...], float, tuple[float, ...]]] = {}

    def bind(self, weights: tuple[array[float], ...]) -> None:
        self.weights = weights
        self._words.clear()

    def terms(self, text: str) -> Counter[str]:
        """The block's n-grams of a text, as scikit-learn's analyzer makes them."""
        if self.kind == "word":
            words = text.split()
            return Counter(
                " ".join(words[i : i + n]) for n in range(self.low, self.high + 1) for i in range(len(words) - n + 1)
            )
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
                grams[padded[start : start + n]] += 1
        return grams

    def _share(self, columns: tuple[int, ...]) -> tuple[tuple[int, ...], float, tuple[float, ...]]:
        """Columns (each as often as it occurs), Σ idf², and per intent Σ idf x weight."""
        idf, offset = self.idf, self.offset
        tf_idf = [idf[c] for c in columns]
        shifted = [c + offset for c in columns]
        sums = tuple(sum(map(mul, tf_idf, map(w.__getitem__, shifted))) for w in self.weights)
        return columns, sum(map(mul, tf_idf, tf_idf)), sums

    def _word(self, word: str) -> tuple[tuple[int, ...], float, tuple[float, ...]]:
        """One word's share of a char_wb block, or one term's (a word or two) of a word block; kept per word."""
        found = self._words.get(word)
        if found is None:
            index = self.index
            if self.kind == "word":
                columns: tuple[int, ...] = (index[word],) if word in index else ()
            else:
                columns = tuple(index[g] for g, c in self._char_grams(word).items() if g in index for _ in range(c))
            found = self._share(columns)
            if len(self._words) >= self.WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def add_logits(self, text: str, logits: list[float]) -> None:
        """Add this block's part of each intent's logit for `text` to `logits`."""
        if self.kind == "word":
            shares = [self._word(term) for term in self.terms(text).elements()]
        else:
            shares = [self._word(word) for word in text.split()]
        if not shares:
            return
        counts: Counter[int] = Counter()
        for columns, _square, _partial in shares:
            counts.update(columns)
        if not counts:
            return
        squares = sum(square for _columns, square, _partial in shares)
        sums = [sum(column) for column in zip(*(partial for _columns, _square, partial in shares), strict=True)]
        repeated = [(c, n) for c, n in counts.items() if n > 1]
        if repeated:  # counted n times above, but sublinear TF counts 1 + log n
            idf, offset = self.idf, self.offset
            tf = [1.0 + math.log(n) for _c, n in repeated]
            squares += sum((t * t - n) * idf[c] * idf[c] for t, (c, n) in zip(tf, repeated, strict=True))
            extras = [(t - n) * idf[c] for t, (c, n) in zip(tf, repeated, strict=True)]
            shifted = [c + offset for c, _n in repeated]
            sums = [
                a + sum(map(mul, extras, map(w.__getitem__, shifted))) for a, w in zip(sums, self.weights, strict=True)
            ]
        factor = self.scale / (math.sqrt(squares) or 1.0)
        for j, value in enumerate(sums):
            logits[j] += value * factor


class IntentModel:
    """The fitted model: `probabilities(features)` -> {intent: probability}, summing to 1."""

    def __init__(
        self,
        classes: tuple[str, ...],
        numeric: dict[str, int],
        numeric_scale: float,
        blocks: tuple[NgramVocabulary, ...],
        context_block: NgramVocabulary | None,
        weights: tuple[array[float], ...],
        intercept: tuple[float, ...],
        fingerprint: str,
        calibration: Calibration | None = None,
    ) -> None:
        self.classes, self.numeric, self.numeric_scale = classes, numeric, numeric_scale
        self.calibration = calibration
        self.blocks, self.context_block = blocks, context_block
        self.weights = weights  # one array per class: its coefficient for every input column
        self.intercept, self.fingerprint = intercept, fingerprint
        for block in (*blocks, *([context_block] if context_block else [])):
            block.bind(weights)

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
                block = NgramVocabulary(
                    spec["kind"],
                    spec["low"],
                    spec["high"],
                    {t: i for i, t in enumerate(terms)},
                    floats(f"idf_{spec['name']}"),
                    offset,
                    spec["weight"],
                )
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
        return cls(
            classes=classes,
            numeric={n: i for i, n in enumerate(meta["numeric"])},
            numeric_scale=meta["numeric_scale"],
            blocks=tuple(blocks),
            context_block=context,
            weights=weights,
            intercept=tuple(meta["intercept"]),
            fingerprint=meta["fingerprint"],
            calibration=calibration,
        )

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

    def probabilities(self, features: Features) -> dict[str, float]:
        logits = list(self.intercept)
        named = [
            (self.numeric[name], value * self.numeric_scale)
            for name, value in features.values.items()
            if value and name in self.numeric
        ]
        if named:
            columns = [c for c, _v in named]
            values = [v for _c, v in named]
            logits = [
                b + sum(map(mul, values, map(w.__getitem__, columns)))
                for b, w in zip(logits, self.weights, strict=True)
            ]
        for block in self.blocks:
            block.add_logits(features.text, logits)
        if self.context_block is not None and features.context_text:
            self.context_block.add_logits(features.context_text, logits)
        top = max(logits)
        odds = [math.exp(x - top) for x in logits]
        total = sum(odds)
        return {name: o / total for name, o in zip(self.classes, odds, strict=True)}
