"""How long reading a pasted job ad takes: the whole understanding of the message (ad detected and split, the
role behind it, the question beside it), not a test: prints numbers. Target: a 3,000-character ad ≤ 20 ms p99.

    .venv/bin/python bench/job_ads.py [--rounds 20]

Ads: tests/data/job_ads.jsonl (914-2,991 characters). The first round is cold: every word of an ad is new to
the per-word caches, as for the first ad a running bot sees. Later rounds are warm. Then the ads made 3,000
characters long (each one's lines repeated), each read with the per-word caches emptied first (the target's case:
a 3,000-character ad the bot has not seen), and the same with every word made up (suffixed), so that no
dictionary knows it either: a worst case no real ad reaches.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.understanding import percentiles  # noqa: E402
from bot.core import Engine  # noqa: E402
from bot.nlu.features import Context  # noqa: E402
from bot.nlu.normalize import fold  # noqa: E402

TARGET_CHARS = 3000


def ads() -> list[str]:
    path = ROOT / "tests" / "data" / "job_ads.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [item["text"] for item in items if item["kind"] != "not_ad"]


def lengthened(text: str, salt: int | None) -> str:
    """The ad's lines repeated up to 3,000 characters; with a salt, every longer word suffixed with it."""
    lines = itertools.cycle(text.splitlines())
    out: list[str] = []
    while sum(len(line) + 1 for line in out) < TARGET_CHARS:
        out.append(next(lines))
    body = "\n".join(out)[:TARGET_CHARS]
    if salt is None:
        return body
    return " ".join(f"{w}x{salt}" if w.isalpha() and len(w) > 3 else w for w in body.split(" "))


def empty_caches(engine: Engine) -> None:
    """Forget every word seen: the lexicon's, the analyser's and fold()'s caches."""
    lexicon = engine.pipeline.matchers.lexicon
    lexicon._cache.clear()
    lexicon._plain.clear()
    engine.pipeline.normaliser.morphology.analyse.cache_clear()  # type: ignore[attr-defined]
    fold.cache_clear()


def timed(engine: Engine, texts: list[str], cold: bool = False) -> tuple[list[float], int]:
    samples, read = [], 0
    for text in texts:
        if cold:
            empty_caches(engine)
        start = time.perf_counter()
        u = engine.pipeline.understand(text, Context())
        samples.append(time.perf_counter() - start)
        read += u.ad is not None
    return samples, read


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    engine = Engine.load()
    texts = ads()
    print(f"{len(texts)} ads, {min(map(len, texts))}-{max(map(len, texts))} characters")
    cold, read = timed(engine, texts)
    print(f"cold (first sight):      {percentiles(cold)}   read as ads: {read}/{len(texts)}")
    warm: list[float] = []
    for _ in range(args.rounds):
        warm += timed(engine, texts)[0]
    print(f"warm:                    {percentiles(warm)}")
    long = [lengthened(t, None) for t in texts]
    unseen: list[float] = []
    for _ in range(max(1, args.rounds // 4)):
        unseen += timed(engine, long, cold=True)[0]
    print(f"3,000 chars, unseen:     {percentiles(unseen)}   <- the target: p99 <= 20 ms")
    worst: list[float] = []
    for salt in range(max(1, args.rounds // 4)):
        worst += timed(engine, [lengthened(t, salt) for t in texts])[0]
    print(f"3,000 chars, made-up words: {percentiles(worst)}")


if __name__ == "__main__":
    main()
