"""How long reading a pasted job ad takes: the whole understanding of the message (ad detected and split, the
role behind it, the question beside it), not a test: prints numbers. Target: a 3,000-character ad ≤ 20 ms p99.

    .venv/bin/python bench/job_ads.py [--rounds 20]

Ads: tests/data/job_ads.jsonl (914-2,991 characters). The first round is cold: every word of an ad is new to
the per-word caches, as for the first ad a running bot sees. Later rounds are warm. A third figure times ads made
3,000 characters long (each one's lines repeated) with every word new: the worst case the target speaks of.
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

TARGET_CHARS = 3000


def ads() -> list[str]:
    path = ROOT / "tests" / "data" / "job_ads.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [item["text"] for item in items if item["kind"] != "not_ad"]


def lengthened(text: str, salt: int) -> str:
    """The ad's lines repeated up to 3,000 characters, every word suffixed so no cache knows it."""
    lines = itertools.cycle(text.splitlines())
    out: list[str] = []
    while sum(len(line) + 1 for line in out) < TARGET_CHARS:
        out.append(next(lines))
    body = "\n".join(out)[:TARGET_CHARS]
    return " ".join(f"{w}x{salt}" if w.isalpha() and len(w) > 3 else w for w in body.split(" "))


def timed(engine: Engine, texts: list[str]) -> tuple[list[float], int]:
    samples, read = [], 0
    for text in texts:
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
    worst: list[float] = []
    for salt in range(max(1, args.rounds // 4)):
        worst += timed(engine, [lengthened(t, salt) for t in texts])[0]
    print(f"3,000 chars, new words:  {percentiles(worst)}")


if __name__ == "__main__":
    main()
