"""The fitted intent model: the exported artefact is current, and the bot's own scorer gives scikit-learn's
probabilities (so the bot needs neither scikit-learn nor its start-up time)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_DIR, load_knowledge
from bot.nlu.pipeline import Pipeline
from bot.nlu.scorer import MODEL_FILE, IntentModel
from bot.nlu.train import TRAIN_FILE, Fitter, chat_contexts, fingerprint, is_current, read_items, rows


def test_the_exported_model_is_current():
    """Training data, knowledge files or the understanding code changed since `python -m bot train`: run it."""
    assert is_current(DEFAULT_DIR), "knowledge/intent_model.zip is out of date: run `python -m bot train`"


def test_the_fingerprint_changes_with_the_training_data(tmp_path: Path):
    changed = tmp_path / "train.jsonl"
    changed.write_text(TRAIN_FILE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint(DEFAULT_DIR, changed) != fingerprint(DEFAULT_DIR, TRAIN_FILE)


def test_the_model_knows_exactly_the_intents_of_intents_yaml(engine):
    assert set(IntentModel.load(DEFAULT_DIR / MODEL_FILE).classes) == set(engine.kb.intent_names)


@pytest.mark.slow
def test_the_bots_scorer_gives_scikit_learns_probabilities(tmp_path: Path):
    pytest.importorskip("sklearn")
    kb = load_knowledge(DEFAULT_DIR)
    pipeline = Pipeline.load(kb, DEFAULT_DIR)
    items = read_items(TRAIN_FILE)[::8]
    fitted_rows = rows(pipeline, items, chat_contexts(kb, pipeline))
    fitter = Fitter()
    model = fitter.fit(fitted_rows)
    path = tmp_path / MODEL_FILE
    fitter.export(model, path, "test")
    ours = IntentModel.load(path)
    theirs = model.predict_proba(fitter.matrix(fitted_rows[:60]))
    assert any(row.features.context_text for row in fitted_rows[:60])
    for row, expected in zip(fitted_rows[:60], theirs, strict=True):
        got = ours.probabilities(row.features)
        assert all(math.isclose(got[c], p, abs_tol=1e-9) for c, p in zip(model.classes_, expected, strict=True))


def test_char_ngrams_are_scikit_learns():
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bot.nlu.scorer import NgramVocabulary

    text = "czy ksiegowa to back office a b"
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    block = NgramVocabulary("char_wb", 2, 5, {}, [], 0, 1.0)
    assert sorted(block.terms(text).elements()) == sorted(analyzer(text))
