"""Keep the compiled matcher (and the checked knowledge base) on disk, so a restart skips expanding thousands of
words with Morfeusz, and parsing and checking 160 YAML files (0.7 s).

Each file is named by a fingerprint of everything that shapes it (the knowledge files, the code that builds
it, the Morfeusz and Python versions): any change builds afresh. Any problem reading or writing it just means
building as usual; the cache never changes what the bot understands. OFFICEBOT_CACHE_DIR moves it, "off"
disables it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import morfeusz2

logger = logging.getLogger(__name__)
T = TypeVar("T")
NLU_SOURCE = Path(__file__).resolve().parent
KNOWLEDGE_SOURCE = NLU_SOURCE.parent / "knowledge"
VARIABLE = "OFFICEBOT_CACHE_DIR"


def directory() -> Path | None:
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "officebot"


def fingerprint(knowledge_dir: Path, code: Path = NLU_SOURCE) -> str:
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{getattr(morfeusz2, '__version__', '')}".encode())
    files = sorted(knowledge_dir.rglob("*.yaml")) + sorted(code.glob("*.py"))
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cached(knowledge_dir: Path, build: Callable[[], T], name: str = "matcher", code: Path = NLU_SOURCE) -> T:
    """The object `build` makes, from the cache when this exact knowledge base and the code in `code` made it
    before. A build that raises (a broken knowledge base) is never cached."""
    folder = directory()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{fingerprint(knowledge_dir, code)}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as handle:
            cached_object: T = pickle.load(handle)  # noqa: S301 - our own file, named by a hash of its inputs
            return cached_object
    except FileNotFoundError:
        pass
    except Exception:  # a broken or foreign file: rebuild and overwrite it
        logger.warning("Ignoring an unreadable matcher cache %s", path, exc_info=True)
    made = build()
    _save(path, made)
    return made


def _save(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        logger.info("Could not write the matcher cache in %s", path.parent, exc_info=True)
