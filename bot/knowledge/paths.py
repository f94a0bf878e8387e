"""Where the knowledge base lives, apart from the loader: a running bot reads its knowledge from the cache and
never needs the loader's YAML and pydantic (about 20 MB of memory) unless a file changed."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
