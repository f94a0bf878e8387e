"""The labelled sets of tests/data, scored as `python -m bot eval` does: the pipeline must generalise to
phrasings it was not fitted on, not just know the development set."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Report, evaluate, read_items, understand_in_chat

DATA = Path(__file__).resolve().parent / "data"
# file -> (least accuracy overall, least in each language). The bar for the sets never fitted on is what the
# issues ask; the fresh sets' floors sit a little under what the bot scores now, so a change that loses ground fails.
REQUIRED = {
    "train": (0.97, 0.96),
    "validation": (0.95, 0.94),
    "fresh_real_life": (0.85, 0.82),
    "jobad_titles": (0.88, 0.86),
    "job_ads": (0.85, 0.82),  # pasted ads: the role and its office type (issue 13: at least 85%)
}
AUROC_VALIDATION = 0.90
WRONG_OFFICE_IN_ADS = 0.05  # issue 13: a wrong office type for at most 5% of pasted ads


def score(engine, path: Path) -> Report:
    return evaluate(read_items(path), lambda text, context: understand_in_chat(engine, text, *context))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_understands_the_labelled_sets(engine, name):
    report = score(engine, DATA / f"{name}.jsonl")
    overall, each_language = REQUIRED[name]
    assert report.accuracy >= overall, "\n".join(f"{m['id']} {m['text']!r}: {m['why']}" for m in report.missed)
    assert min(report.as_dict()["by_lang"].values()) >= each_language


def test_every_labelled_set_has_a_bar():
    assert {p.stem for p in DATA.glob("*.jsonl")} == set(REQUIRED)


def test_pasted_ads_are_rarely_given_a_wrong_office_type(engine):
    report = score(engine, DATA / "job_ads.jsonl")
    assert report.wrong_office / report.total <= WRONG_OFFICE_IN_ADS


@pytest.mark.slow
def test_confidence_separates_right_from_wrong_on_the_validation_set(engine):
    report = score(engine, DATA / "validation.jsonl")
    assert report.auroc is not None and report.auroc >= AUROC_VALIDATION
