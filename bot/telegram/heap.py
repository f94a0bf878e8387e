"""The garbage collector, tuned for a bot whose heap is mostly a knowledge base that lives as long as it runs.

Measured (bench/README.md): with Python's defaults the collector took ~0.2 ms of CPU per update, a sixth of the
bot's, because every older-generation collection walks the whole matcher and knowledge base, which never become
garbage, and the young generation (700 objects) fills up a few times per update in flight. So what is loaded at
start-up is frozen (gc.freeze: left out of every collection) and the young generation is collected every
YOUNG_THRESHOLD allocations instead: a burst of updates then costs a few collections instead of hundreds.
Memory is still freed at once by reference counting; only cycles wait a little longer.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # Python's default is 700; the older generations keep theirs (10, 10)
_frozen = False  # freeze_loaded() ran: this process serves (tests and the console leave the collector alone)


def freeze_loaded() -> None:
    """After start-up: collect once, freeze what survives (the engine, the libraries), collect less often."""
    global _frozen
    gc.collect()
    gc.freeze()
    _frozen = True
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


def refreeze() -> None:
    """After a new engine replaced the old one (/reload, SIGHUP, a phrasing added from chat): let the old one's
    cycles be collected, then freeze the new one."""
    if not _frozen:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
