"""Add a phrasing to the knowledge base from outside the files (an admin in chat): a role's alias or an intent's
example.

ruamel.yaml's round-trip parser finds where the list is in the file; the new item is then inserted into the
original text at that spot, so comments, key order, quoting and line wrapping stay exactly as people wrote them
(dumping the whole document again would re-wrap every long line). The result is parsed back to check that
the list gained exactly that item, and the change is kept only if the whole knowledge base still loads;
otherwise the file is put back byte for byte and the loader's errors are raised.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from bot.knowledge.errors import KnowledgeError, KnowledgeErrors
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import LANGS, KnowledgeBase
from bot.nlu.normalize import fold

Target = Literal["role", "intent"]
_LOADER = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


def phrasing_file(directory: Path, target: Target, name: str) -> tuple[Path, tuple[str, ...]]:
    """The file to change and the keys leading to the per-language lists the phrasing joins."""
    if target == "role":
        return directory / "roles" / f"{name}.yaml", ("aliases",)
    return directory / "intents.yaml", (name, "examples")


def add_phrasing(directory: Path, target: Target, name: str, lang: str, text: str) -> KnowledgeBase | None:
    """Append `text` to the role's aliases or the intent's examples in `lang`; return the validated knowledge base.

    None when the phrasing is there already (nothing is written). KnowledgeErrors when the file cannot take it or
    the knowledge base would not load with it (the file is restored first).
    """
    text = " ".join(text.split())
    path, keys = phrasing_file(Path(directory), target, name)
    where = ".".join((*keys, lang))
    if lang not in LANGS or not text:
        raise KnowledgeErrors([KnowledgeError(str(path), where, f"a phrasing needs text and a language of {LANGS}")])
    try:
        source = path.read_text(encoding="utf-8")
        document = YAML().load(source)
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise KnowledgeErrors([KnowledgeError(str(path), "-", f"cannot read: {exc}")]) from None
    holder = _holder(document, keys)
    phrases = holder.get(lang) if holder is not None else None
    if phrases is None or not hasattr(phrases, "fa") or not phrases.fa.flow_style():
        raise KnowledgeErrors([KnowledgeError(str(path), where, "expected a list written as [a, b, c]")])
    if any(fold(str(p)).split() == fold(text).split() for p in phrases):
        return None
    changed = _inserted(source, holder, lang, text, keys)
    if changed is None:
        raise KnowledgeErrors([KnowledgeError(str(path), where, f"cannot write {text!r} into this list")])
    path.write_text(changed, encoding="utf-8")
    try:
        return load_knowledge(directory)
    except KnowledgeErrors:
        path.write_text(source, encoding="utf-8")
        raise


def _holder(document: Any, keys: tuple[str, ...]) -> Any:
    node = document
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, dict) else None


def _inserted(source: str, holder: Any, lang: str, text: str, keys: tuple[str, ...]) -> str | None:
    """`source` with `text` as the last item of the flow list holder[lang], or None if no spelling parses back."""
    line, column = holder.lc.value(lang)
    start = sum(len(row) for row in source.splitlines(keepends=True)[:line]) + column
    end = _closing_bracket(source, start)
    head = source[:end].rstrip()
    separator = "" if head.endswith("[") else ", "
    expected = _load(source)
    target = expected
    for key in keys:
        target = target[key]
    target[lang].append(text)
    for spelling in (text, json.dumps(text, ensure_ascii=False)):  # plain if it reads back, else double-quoted
        candidate = head + separator + spelling + source[end:]
        try:
            if _load(candidate) == expected:  # the whole document: nothing but this one item changed
                return candidate
        except pyyaml.YAMLError:
            continue
    return None


def _load(text: str) -> Any:
    return pyyaml.load(text, Loader=_LOADER)  # noqa: S506 - the safe loader the knowledge loader uses


def _closing_bracket(source: str, start: int) -> int:
    """Index of the "]" closing the flow list that opens at `start`, skipping quoted text and nested lists."""
    depth, quote, index = 0, "", start
    while index < len(source):
        char = source[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'" and source[index - 1] in "[, \n":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ValueError("unclosed flow list")
