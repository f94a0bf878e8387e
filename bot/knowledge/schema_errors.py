"""Validate a document against its schema and say what is wrong the way an editor reads it: `file: key: reason`.

pydantic's own messages ("Input should be a valid list", a location tuple, the URL of its docs) are written for
programmers. Here each error becomes one line naming the key path as it is written in the file
(`interview[2].good_answer.pl`) and a reason in plain words; an unknown key names the key meant when one is close.
Every error is kept: an editor fixes them all in one go.
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from bot.knowledge.errors import KnowledgeError
from bot.knowledge.schema import PATTERN_NAMES

Model = TypeVar("Model", bound=BaseModel)
_UNIONS = (Union, types.UnionType)


def validate(model: type[Model], data: Any, file: str, errors: list[KnowledgeError]) -> Model | None:
    """The document as `model`, or None with every problem appended to `errors`."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        found = error.errors()
        meant = {
            (*e["loc"][:-1], key)
            for e in found
            if e["type"] == "extra_forbidden"
            for key in _close_keys(model, e["loc"])
        }
        errors.extend(
            KnowledgeError(file, key_path(e["loc"]), reason(model, e))
            for e in found
            if not (e["type"] == "missing" and tuple(e["loc"]) in meant)
        )  # the typo's line says it
        return None


def key_path(loc: tuple[int | str, ...]) -> str:
    """('interview', 2, 'good_answer', 'pl') -> "interview[2].good_answer.pl"; "-" for the whole file."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]" or part.startswith("<"):  # a mapping's key itself / a union branch's tag
            continue
        else:
            path += f".{part}" if path else part
    return path or "-"


def reason(model: type[BaseModel], error: ErrorDetails) -> str:
    """Why, in the words of someone editing YAML."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    got = f"got {_type_name(value)}"
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return _unknown_key(model, error["loc"])
    if error["loc"] and error["loc"][-1] == "[key]":
        return f"the key {_short(value)} must be {_expected_text(kind, ctx)}"
    if kind in ("string_type", "string_too_short"):
        return f"expected non-empty text, {got}" if kind == "string_type" else "expected non-empty text"
    if kind == "list_type":
        return f"expected a list, {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, {got}"
    if kind == "too_short":
        return f"needs at least {_items(ctx['min_length'])}, has {ctx['actual_length']}"
    if kind == "too_long":
        return f"has {_items(ctx['actual_length'])}, at most {ctx['max_length']} allowed"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}, got {_short(value)}"
    if kind == "string_pattern_mismatch":
        return f"must be {_expected_text(kind, ctx)}, got {_short(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, {got}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number, {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, {got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {_short(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {_short(value)}"
    return error["msg"].removeprefix("Value error, ")


def _expected_text(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "string_pattern_mismatch":
        return PATTERN_NAMES.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
    return "text"


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _type_name(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """Name the key meant when one is close ("also_ofice" -> also_office), else the keys allowed there."""
    allowed = _keys_at(model, loc[:-1])
    close = _close_keys(model, loc)
    if close:
        return f"unknown key; did you mean {close[0]!r}?"
    if allowed and len(allowed) <= 12:
        return f"unknown key; allowed here: {', '.join(allowed)}"
    return "unknown key"


def _close_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The key an unknown key at `loc` was probably meant to be ([] when none is close)."""
    return difflib.get_close_matches(str(loc[-1]), _keys_at(model, loc[:-1]), n=1, cutoff=0.6)


def _keys_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the model found by following `loc` from `model` (empty when it is not a model)."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not issubclass(annotation, RootModel):
        return list(annotation.model_fields)
    return []


def _step(annotation: Any, part: int | str) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _step(annotation.model_fields["root"].annotation, part)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    if origin in _UNIONS and isinstance(part, str) and part.startswith("<"):  # a tagged union: the tag's branch
        return next((arg for arg in args if part in map(_tag, get_args(arg)[1:])), None)
    return None


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] -> X; X | None -> X; a tagged union stays (its tag is the next part of the location)."""
    while True:
        if get_origin(annotation) is Annotated:
            args = get_args(annotation)
            if any(type(meta).__name__ == "Discriminator" for meta in args[1:]):
                return args[0]
            annotation = args[0]
            continue
        if get_origin(annotation) in _UNIONS:
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _tag(meta: Any) -> str | None:
    return getattr(meta, "tag", None)
