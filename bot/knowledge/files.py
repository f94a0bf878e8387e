"""Read one knowledge file safely: what YAML itself can get wrong becomes a `file: key: reason` line, not a crash.

Kept apart from the schemas (what a file must contain) and the cross-file checks (what files must agree on): this
module only turns bytes into plain Python data, refusing what a hand-edited file should never contain.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.knowledge.errors import KnowledgeError

MAX_FILE_BYTES = 2_000_000  # a knowledge file is a few kB; anything this big is a mistake or an attack

# libyaml's loader is as safe as safe_load and ten times faster; fall back where libyaml is missing.
if TYPE_CHECKING:  # the stubs know CSafeLoader too, but not every PyYAML build has it
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL = "tag:yaml.org,2002:bool"


class DuplicateKey(yaml.YAMLError):
    """A key given twice in one mapping: YAML would silently keep the last, hiding the first from the editor."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.lines = key, (first.line + 1, second.line + 1)


class SafeLoader(_BaseLoader):
    """The safe loader, refusing duplicate keys, with booleans as in YAML 1.2 (true/false only): in word lists
    "no", "on", "yes" are words (a negator, the Polish "he"), which YAML 1.1 would silently turn into false/true.
    Like every safe loader it knows no `!!python/...` tag, so such a file is invalid YAML and nothing runs."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[object, yaml.Mark] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                if key in seen:
                    raise DuplicateKey(key, seen[key], key_node.start_mark)
                seen[key] = key_node.start_mark
            except TypeError:
                pass  # an unhashable key: the base constructor reports it
        return super().construct_mapping(node, deep=deep)


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
SafeLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def display(path: Path) -> str:
    """The name a problem is reported under: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, errors: list[KnowledgeError]) -> Any:
    """Parse one file with the safe loader; size and syntax problems are appended to `errors` (None returned)."""
    name = display(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            errors.append(KnowledgeError(name, "-", f"file is larger than {MAX_FILE_BYTES} bytes"))
            return None
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        errors.append(KnowledgeError(name, "-", "file is missing"))
    except DuplicateKey as exc:
        first, second = exc.lines
        errors.append(KnowledgeError(name, str(exc.key), f"defined twice (lines {first} and {second}); keep one"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        errors.append(KnowledgeError(name, where, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(KnowledgeError(name, "-", f"cannot read: {exc}"))
    return None
