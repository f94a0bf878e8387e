"""JSON schemas of the knowledge files, for editors: with them an editor completes keys and underlines a typo
while the file is written, before `python -m bot check-kb` runs. They are made from the same pydantic models
the loader checks with, so they cannot disagree; `python -m bot schema --check` says whether the committed
copies in knowledge/schema/ are current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.knowledge import schema

ROLE_SCHEMA = "role.schema.json"


def schema_files() -> dict[str, dict[str, Any]]:
    """File name -> JSON schema, for a role file and every other knowledge file."""
    models: dict[str, type[BaseModel]] = {ROLE_SCHEMA: schema.RoleFile}
    models |= {name.replace(".yaml", ".schema.json"): model for name, model in schema.FILES.items()}
    out = {}
    for file, model in models.items():
        document = model.model_json_schema()
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[file] = document
    return out


def rendered() -> dict[str, str]:
    return {
        file: json.dumps(document, ensure_ascii=False, indent=2) + "\n" for file, document in schema_files().items()
    }


def write(directory: Path) -> list[Path]:
    """Write every schema into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file, text in rendered().items():
        path = directory / file
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path) -> list[str]:
    """The schema files in `directory` that are missing or differ from the models."""
    return [
        file
        for file, text in rendered().items()
        if not (directory / file).exists() or (directory / file).read_text(encoding="utf-8") != text
    ]
