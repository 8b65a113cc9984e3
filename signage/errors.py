"""Turning validation errors into plain sentences that name the key and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # only the checking code raises these, and it imports pydantic
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a file: where (a key path), what was there, what is expected."""

    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}"


def key_path(loc: Sequence[int | str]) -> str:
    """``('playlist', 2, 'duration')`` → ``playlist[2].duration`` (TOML-like path)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def plain_message(error: ErrorDetails) -> str:
    """A sentence for one pydantic error, with the bad value and what is expected."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "is required but missing"
    if kind in {"extra_forbidden", "unexpected_keyword_argument"}:
        return "is not a known setting (check its spelling)"
    if kind in {"literal_error", "enum"}:
        return f"{_shown(value)} is not allowed; expected one of {ctx.get('expected', '?')}"
    if kind in {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}:
        return f"{_shown(value)} is not a number"
    if kind in {"string_type"}:
        return f"{_shown(value)} is not text; put it between quotes"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{_shown(value)} is not true or false"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return f"{_shown(value)} is out of range ({error['msg'].lower()})"
    if kind == "string_pattern_mismatch":
        return f"{_shown(value)} has the wrong form"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_too_short":
        return f"is too short (at least {ctx.get('min_length')} characters)"
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"needs at least {least} entr{'y' if least == 1 else 'ies'}"
    if kind in {"list_type", "tuple_type"}:
        return f"{_shown(value)} is not a list"
    if kind in {"model_type", "dict_type", "model_attributes_type", "dataclass_type"}:
        return f"{_shown(value)} is not a table of settings"
    if kind == "timezone_aware":
        return f"{_shown(value)} needs a time zone offset, e.g. '2026-12-01T14:00:00+01:00'"
    if kind.startswith("time_"):
        return f"{_shown(value)} is not a time; expected hours and minutes such as '09:30'"
    if kind.startswith("date_"):
        return f"{_shown(value)} is not a date; expected year-month-day such as '2026-12-01'"
    if kind.startswith("datetime_"):
        return f"{_shown(value)} is not a valid {kind.split('_')[0]} ({error['msg']})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in {"url_parsing", "url_scheme"}:
        return f"{_shown(value)} is not a web address (http:// or https://)"
    return f"{_shown(value)}: {error['msg']}"


def problems_from(exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[Problem]:
    """Every error of a validation failure as a Problem, in document order."""
    problems: dict[str, Problem] = {}
    for error in exc.errors(include_url=False):
        path = key_path([*prefix, *(p for p in error["loc"] if not _is_union_tag(p))])
        # A value that fits no member of a union (a text or a table of translations)
        # fails once per member; the first sentence is the one that helps.
        problems.setdefault(path, Problem(path, _bounded(plain_message(error))))
    return list(problems.values())


MAX_MESSAGE: Final = 300


def _bounded(message: str) -> str:
    """A message a person reads: a value echoed by a check is cut, never kilobytes."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def describe_validation_error(exc: ValidationError) -> str:
    """All problems of one item, on one line, for the log."""
    return "; ".join(str(p) for p in problems_from(exc))


def _is_union_tag(part: int | str) -> bool:
    # pydantic inserts the union member tried ('str', 'dict[str,...]', function names)
    # into error paths; a referent only needs the key path they wrote.
    return isinstance(part, str) and ("[" in part or part in {"str", "function-after"})
