"""`python -m bot train`: fit the intent model on the labelled messages and export it for scorer.py.

Offline only (scikit-learn is a dev/test dependency, never imported by the bot at run time):
1. every training message is read by the pipeline's first stages (message, cues, entities, features), in the chat
   its `context` makes: the earlier messages are understood by the pipeline itself, as the bot would, with a first
   model fitted on messages that need no context;
2. a multinomial logistic regression is fitted over the features, TF-IDF character and word n-grams of the
   message, and character n-grams of the previous message;
3. its vocabularies, IDF weights and coefficients are written to knowledge/intent_model.zip with a fingerprint of
   everything that shaped them (`python -m bot train --check` and a test compare it with the files as they are);
4. the whole pipeline reads every training message with a model fitted without it (5 folds); a small logistic
   regression fitted on those readings, right or wrong as `eval` scores them, becomes the policy's confidence
   (policy.Calibration), and its out-of-fold predictions give the table the fallback threshold is chosen from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.model import KnowledgeBase
from bot.nlu.features import Context, Features
from bot.nlu.pipeline import Pipeline
from bot.nlu.scorer import MODEL_FILE, IntentModel

ROOT = Path(__file__).resolve().parents[2]
TRAIN_FILE = ROOT / "tests" / "data" / "train.jsonl"
NLU_SOURCE = Path(__file__).resolve().parent
C = 10.0  # inverse regularisation (chosen by 5-fold cross-validation on the training set: 3, 10, 30)
NUMERIC_SCALE = 0.5  # the features' weight beside the n-gram blocks (each of those has norm 1)
BLOCKS = (  # name, analyzer, n-gram range, weight
    ("chars", "char_wb", 2, 5, 1.0),
    ("words", "word", 1, 2, 1.0),
    ("context", "char_wb", 3, 4, 0.5),
)
MIN_DF = 2
SEED = 20261202


@dataclass(frozen=True)
class Row:
    features: Features
    intents: tuple[str, ...]  # accepted intents, the first being the label


def read_items(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fingerprint(knowledge_dir: Path, train_file: Path) -> str:
    """A hash of everything that shapes the model: the training data, the knowledge files the features read, and
    the code of the understanding stages and of the state keeper (which makes the chat's context)."""
    digest = hashlib.sha256()
    files = [
        train_file,
        *sorted(p for p in knowledge_dir.rglob("*.yaml") if p.name != "ui.yaml"),
        *sorted(NLU_SOURCE.glob("*.py")),
        NLU_SOURCE.parent / "memory.py",
    ]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def rows(pipeline: Pipeline, items: Iterable[dict[str, Any]], contexts: Any = None) -> list[Row]:
    """Each item's features, in the chat its context makes (`contexts(item)` -> Context; default: a new chat)."""
    out = []
    for item in items:
        context = contexts(item) if contexts else Context()
        evidence = pipeline.evidence(item["text"], context)
        intents = tuple(item["intent"]) if isinstance(item["intent"], list) else (item["intent"],)
        out.append(Row(evidence.features, intents))
    return out


def chat_contexts(kb: KnowledgeBase, pipeline: Pipeline) -> Any:
    """item -> the Context its earlier messages leave, kept as the bot keeps it (bot/memory.py)."""
    from bot.memory import StateKeeper, context_of
    from bot.state import ChatState

    keeper = StateKeeper(kb)

    def context(item: dict[str, Any]) -> Context:
        state = ChatState()
        for earlier in item.get("context") or []:
            keeper.after_message(pipeline.understand(earlier, context_of(state)), earlier, state)
        return context_of(state)

    return context


class Fitter:
    """scikit-learn's side: vectorise rows, fit, and export the arrays scorer.py reads."""

    def __init__(self, c: float = C, with_context: bool = True) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.c = c
        self.blocks = tuple(b for b in BLOCKS if with_context or b[0] != "context")
        self.vectorizers = {
            name: TfidfVectorizer(
                analyzer=kind,
                ngram_range=(low, high),
                sublinear_tf=True,
                min_df=MIN_DF,
                token_pattern=r"\S+" if kind == "word" else None,
                lowercase=False,
            )
            for name, kind, low, high, _weight in self.blocks
        }
        self.weights = {name: weight for name, *_rest, weight in self.blocks}
        self.numeric: list[str] = []

    def _texts(self, name: str, rows: Sequence[Row]) -> list[str]:
        return [r.features.context_text if name == "context" else r.features.text for r in rows]

    def matrix(self, rows: Sequence[Row], fit: bool = False) -> Any:
        from scipy.sparse import csr_matrix, hstack

        if fit:
            self.numeric = sorted({name for r in rows for name, value in r.features.values.items() if value})
            for name, vectorizer in self.vectorizers.items():
                vectorizer.fit(self._texts(name, rows))
        index = {name: i for i, name in enumerate(self.numeric)}
        data, cols, ptr = [], [], [0]
        for r in rows:
            for name, value in r.features.values.items():
                if value and name in index:
                    cols.append(index[name])
                    data.append(value * NUMERIC_SCALE)
            ptr.append(len(cols))
        parts = [csr_matrix((data, cols, ptr), shape=(len(rows), len(self.numeric)))]
        for name, vectorizer in self.vectorizers.items():
            parts.append(vectorizer.transform(self._texts(name, rows)) * self.weights[name])
        return hstack(parts).tocsr()

    def fit(self, rows: Sequence[Row]) -> Any:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.c, max_iter=5000)
        model.fit(self.matrix(rows, fit=True), [r.intents[0] for r in rows])
        return model

    def export(self, model: Any, path: Path, fingerprint_value: str, calibration: Any = None) -> None:
        """The fitted model as scorer.py reads it: model.json and one float64 array per class and per IDF."""
        blocks = []
        arrays: dict[str, list[float]] = {}
        for name, kind, low, high, weight in self.blocks:
            vectorizer = self.vectorizers[name]
            terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
            blocks.append({"name": name, "kind": kind, "low": low, "high": high, "weight": weight, "terms": terms})
            arrays[f"idf_{name}"] = [float(v) for v in vectorizer.idf_]
        classes = [str(c) for c in model.classes_]
        for i, row in enumerate(model.coef_):
            arrays[f"coef_{i}"] = [float(v) for v in row]
        meta: dict[str, Any] = {
            "fingerprint": fingerprint_value,
            "numeric_scale": NUMERIC_SCALE,
            "C": self.c,
            "classes": classes,
            "numeric": self.numeric,
            "intercept": [float(v) for v in model.intercept_],
            "blocks": blocks,
        }
        if calibration is not None:
            meta["calibration"] = {"weights": calibration.weights, "intercept": calibration.intercept}
        IntentModel.save(path, meta, arrays)


def train(
    kb: KnowledgeBase, knowledge_dir: Path, train_file: Path = TRAIN_FILE, out: Path | None = None, folds: int = 5
) -> dict[str, Any]:
    """Fit, export and report; returns the report (also printed by the CLI). With `folds`, the confidence
    calibration is fitted on out-of-fold readings and the fallback table is computed; without, the exported model
    has no calibration (the policy then uses the intent's probability)."""
    items = read_items(train_file)
    pipeline = Pipeline.load(kb, knowledge_dir)
    pipeline.use(None)
    first = Fitter(with_context=False)
    standalone = [item for item in items if not item.get("context")]
    pipeline.use(_as_runtime(first, first.fit(rows(pipeline, standalone)), "first"))
    all_rows = rows(pipeline, items, chat_contexts(kb, pipeline))
    fitter = Fitter()
    model = fitter.fit(all_rows)
    report: dict[str, Any] = {"items": len(items), "features": fitter.matrix(all_rows[:1]).shape[1]}
    calibration = None
    if folds:
        readings = out_of_fold_readings(kb, pipeline, items, all_rows, folds)
        calibration, report["out_of_fold"] = fit_calibration(readings)
    path = out or knowledge_dir / MODEL_FILE
    fitter.export(model, path, fingerprint(knowledge_dir, train_file), calibration)
    report["file"] = str(path)
    return report


def _as_runtime(fitter: Fitter, model: Any, name: str) -> IntentModel:
    """A fitted scikit-learn model as scorer.py runs it (through a temporary export)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.zip"
        fitter.export(model, path, name)
        return IntentModel.load(path)


@dataclass(frozen=True)
class Reading:
    features: dict[str, float]  # policy.reading_features of the pipeline's understanding
    right: bool  # understood: as `eval` scores it, but suggestions need only respect the limits (ranking=False)
    probability: float  # the intent model's probability of the chosen intent


def out_of_fold_readings(
    kb: KnowledgeBase, pipeline: Pipeline, items: list[dict[str, Any]], all_rows: list[Row], folds: int
) -> list[Reading]:
    """Each training message read by the whole pipeline with an intent model fitted without its fold."""
    from sklearn.model_selection import StratifiedKFold

    from bot.evaluation import misses
    from bot.nlu.policy import reading_features

    labels = [r.intents[0] for r in all_rows]
    readings: list[Reading | None] = [None] * len(items)
    splits = StratifiedKFold(folds, shuffle=True, random_state=SEED).split(all_rows, labels)
    for number, (train_index, test_index) in enumerate(splits):
        fitter = Fitter()
        pipeline.use(_as_runtime(fitter, fitter.fit([all_rows[i] for i in train_index]), f"fold{number}"))
        contexts = chat_contexts(kb, pipeline)
        for i in test_index:
            context = contexts(items[i])
            u = pipeline.understand(items[i]["text"], context)
            evidence = pipeline.evidence(items[i]["text"], context)
            readings[i] = Reading(
                reading_features(u, evidence, kb),
                not misses(items[i], u, ranking=False),
                dict(u.ranking).get(u.intent, 0.0),
            )
    return [r for r in readings if r is not None]


def fit_calibration(readings: list[Reading]) -> tuple[Any, dict[str, Any]]:
    """P(right) from what a reading looks like; its own out-of-fold predictions give the report's table."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict

    from bot.nlu.policy import Calibration

    names = sorted({name for r in readings for name in r.features})
    x = np.array([[r.features.get(name, 0.0) for name in names] for r in readings])
    right = np.array([r.right for r in readings])
    model = LogisticRegression(C=1.0, max_iter=2000)
    predicted = cross_val_predict(model, x, right, cv=5, method="predict_proba")[:, 1]
    model.fit(x, right)
    calibration = Calibration(dict(zip(names, model.coef_[0].tolist(), strict=True)), float(model.intercept_[0]))
    table = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        below = predicted < threshold
        table.append(
            {
                "threshold": threshold,
                "wrong_caught": int((below & ~right).sum()),
                "right_lost": int((below & right).sum()),
            }
        )
    probability = np.array([r.probability for r in readings])
    report = {
        "accuracy": float(right.mean()),
        "wrong": int((~right).sum()),
        "right": int(right.sum()),
        "auroc": float(roc_auc_score(right, predicted)) if (~right).any() else 1.0,
        "auroc_intent_probability": float(roc_auc_score(right, probability)) if (~right).any() else 1.0,
        "table": table,
    }
    return calibration, report


def is_current(knowledge_dir: Path, train_file: Path = TRAIN_FILE) -> bool:
    """Does the exported model match the training data, knowledge files and code as they are now?"""
    path = knowledge_dir / MODEL_FILE
    return path.exists() and IntentModel.load(path).fingerprint == fingerprint(knowledge_dir, train_file)
