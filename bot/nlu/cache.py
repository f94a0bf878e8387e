"""Keep the compiled matcher on disk, so a restart skips expanding thousands of words with Morfeusz.

The file is named by a fingerprint of everything that shapes it (the knowledge files, the matcher's own code,
the Morfeusz and Python versions): any change builds afresh. Any problem reading or writing it just means
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
VARIABLE = "OFFICEBOT_CACHE_DIR"


def directory() -> Path | None:
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "officebot"


def fingerprint(knowledge_dir: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{getattr(morfeusz2, '__version__', '')}".encode())
    files = sorted(knowledge_dir.rglob("*.yaml")) + sorted(NLU_SOURCE.glob("*.py"))
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cached(knowledge_dir: Path, build: Callable[[], T]) -> T:
    """The object `build` makes, from the cache when this exact knowledge base and code made it before."""
    folder = directory()
    if folder is None:
        return build()
    try:
        path = folder / f"matcher-{fingerprint(knowledge_dir)}.pickle"
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
