"""Load a knowledge directory: read every file safely, check it against its schema, check the files against each
other, and build the frozen model. Every problem is reported, not just the first.

The stages live in their own modules: files.py (YAML, safely), schema.py (the shape of each file),
validate.py (what files must agree on), build.py (documents -> model). This one only runs them in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.knowledge import build, schema, validate
from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.files import MAX_FILE_BYTES, display, read_yaml
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema_errors import validate as validate_schema

__all__ = ["DEFAULT_DIR", "MAX_FILE_BYTES", "load_knowledge", "read_documents", "read_yaml"]

from bot.knowledge.paths import DEFAULT_DIR  # noqa: E402  (re-exported: where callers have always found it)


def load_knowledge(directory: Path | None = None, *, warnings: list[KnowledgeError] | None = None) -> KnowledgeBase:
    """Load and check a knowledge directory; raises KnowledgeErrors listing every problem.

    Problems that do not stop loading (a cue phrase under two intents) are appended to `warnings` when given.
    """
    errors: list[KnowledgeError] = []
    docs = read_documents(Path(directory) if directory else DEFAULT_DIR, errors)
    found: list[KnowledgeError] = []
    validate.check(docs, errors, found)
    if warnings is not None:
        warnings += found
    if errors:
        raise KnowledgeErrors(errors)
    return build.knowledge_base(docs)


def read_documents(root: Path, errors: list[KnowledgeError]) -> schema.Documents:
    """Every file of `root` parsed and checked against its schema; problems appended to `errors`."""
    docs = schema.Documents()
    role_files = sorted((root / "roles").glob("*.yaml"))
    if not role_files:
        errors.append(KnowledgeError(display(root / "roles"), "-", "no role files"))
    docs.role_files = {path.stem for path in role_files}
    for path in role_files:
        shown = display(path)
        readable, data = _read(path, errors)
        if readable:
            errors += validate.file_name_problems(shown, path.stem, data)  # said even when the schema fails
            role = validate_schema(schema.RoleFile, data, shown, errors)
            if role is not None:
                docs.roles.append((shown, path.stem, role))
    for name, model in schema.FILES.items():
        path = root / name
        docs.shown[name] = display(path)
        if name in schema.OPTIONAL_FILES and not path.exists():
            continue
        readable, data = _read(path, errors)
        if data is None and name in schema.OPTIONAL_FILES:
            data = []  # present but empty: nothing listed yet
        docs.raw[name] = data
        docs.files[name] = validate_schema(model, data, docs.shown[name], errors) if readable else None
    return docs


def _read(path: Path, errors: list[KnowledgeError]) -> tuple[bool, Any]:
    """(False, None) when the file cannot be read as YAML: that problem is the one to fix first."""
    before = len(errors)
    data = read_yaml(path, errors)
    return len(errors) == before, data
