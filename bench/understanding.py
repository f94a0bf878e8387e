"""How long understanding one message takes with the real knowledge base (not a test: prints numbers).

    .venv/bin/python bench/understanding.py [--rounds 20]

Messages: every text of tests/data/*.jsonl but the pasted job ads (bench/job_ads.py times those), and
../shared/eval/dev.jsonl when present, each read in a fresh
chat. The first round warms the per-word caches the way a running bot's would be; timings are of later rounds.
A second figure times messages whose every word is new to the caches (each word suffixed), the worst case.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core import Engine  # noqa: E402
from bot.nlu.features import Context  # noqa: E402


def messages() -> list[str]:
    files = sorted(p for p in (ROOT / "tests" / "data").glob("*.jsonl") if p.stem != "job_ads")  # bench/job_ads.py
    files.append(ROOT.parent / "shared" / "eval" / "dev.jsonl")
    texts = []
    for path in files:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)

    def pick(q: float) -> float:
        return samples[min(len(samples) - 1, int(q * len(samples)))] * 1000

    return (
        f"n={len(samples)}  p50={pick(0.50):.3f} ms  p90={pick(0.90):.3f} ms  p99={pick(0.99):.3f} ms  "
        f"max={samples[-1] * 1000:.3f} ms  mean={statistics.fmean(samples) * 1000:.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    engine = Engine.load()
    print(f"knowledge base: {len(engine.kb.roles)} roles, loaded and compiled in {time.perf_counter() - started:.3f} s")
    texts = messages()
    pipeline = engine.pipeline
    for text in texts:  # warm-up round
        pipeline.understand(text, Context())
    warm = []
    for _ in range(args.rounds):
        for text in texts:
            t0 = time.perf_counter()
            pipeline.understand(text, Context())
            warm.append(time.perf_counter() - t0)
    print("understanding, warm caches:  " + percentiles(warm))
    cold = []
    for round_number in range(3):
        for text in texts:
            fresh = " ".join(
                f"{word}{round_number}x" if word.isalpha() and len(word) > 6 else word for word in text.split()
            )
            t0 = time.perf_counter()
            pipeline.understand(fresh, Context())
            cold.append(time.perf_counter() - t0)
    print("understanding, unseen words: " + percentiles(cold))


if __name__ == "__main__":
    main()
