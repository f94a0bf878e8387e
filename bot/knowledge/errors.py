"""The one error the knowledge layer raises, shaped so the CLI can print `file: key: what is wrong`."""

from __future__ import annotations


class KnowledgeError(Exception):
    def __init__(self, file: str, key: str, why: str) -> None:
        super().__init__(f"{file}: {key}: {why}")
        self.file, self.key, self.why = file, key, why


class KnowledgeErrors(Exception):
    """Every problem found in one load, so an editor fixes them all in one go."""

    def __init__(self, errors: list[KnowledgeError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
