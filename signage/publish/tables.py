"""One TOML content file (``wifi.toml``, ``apps.toml``…) read as records, with locations.

Each file holds one array of tables (``[[wifi]]``, ``[[app]]``…). Every record gets a
location people can find in their editor (``[[wifi]] 2 (line 9)``); keys the model does
not know are errors (a misspelt ``pasword`` must not silently publish an open network);
date-times written without an offset are read in the site's time zone, and a plain date
as ``valid_until`` means "until the end of that day".
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from signage.bounds import FIRST_DAY, LAST_DAY
from signage.errors import problems_from
from signage.model.record import Record, field_names
from signage.publish.problems import SourceProblem

# A content record, or a pydantic model of the publisher's own files.
M = TypeVar("M", bound=BaseModel | Record)
_TOML_LINE = re.compile(r"at line (\d+), column (\d+)")
# Validity ends are instants in the feed; a referent writes days.
_DAY_START = ("valid_from",)
_DAY_END = ("valid_until",)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One ``[[table]]`` of a file: its values and where it starts."""

    values: dict[str, Any]
    where: str  # "[[wifi]] 2 (line 9)"


def parse_toml(text: str, file: str) -> tuple[dict[str, Any] | None, list[SourceProblem]]:
    """The document, or a problem giving the line and column of the syntax error."""
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        where = f"line {match.group(1)}, column {match.group(2)}" if match else ""
        message = _TOML_LINE.sub("", str(exc)).strip(" ()")
        return None, [SourceProblem(file, where, f"not valid TOML: {message}")]


def records(
    text: str, file: str, table: str, allowed_tables: tuple[str, ...] = ()
) -> tuple[list[RawRecord], dict[str, Any], list[SourceProblem]]:
    """The ``[[table]]`` records of a file, its other allowed top-level tables, problems."""
    document, problems = parse_toml(text, file)
    if document is None:
        return [], {}, problems
    lines = _header_lines(text, table)
    found: list[RawRecord] = []
    others: dict[str, Any] = {}
    for key, value in document.items():
        if key in allowed_tables:
            others[key] = value
            continue
        if key != table:
            hint = _did_you_mean(key, (table, *allowed_tables))
            problems.append(
                SourceProblem(file, key, f"is not read here; this file holds [[{table}]]{hint}")
            )
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(
                SourceProblem(file, key, f"write each entry as its own [[{table}]] table")
            )
            continue
        for index, entry in enumerate(value):
            line = f" (line {lines[index]})" if index < len(lines) else ""
            found.append(RawRecord(entry, f"[[{table}]] {index + 1}{line}"))
    return found, others, problems


def unknown_keys(
    values: dict[str, Any], model: type[BaseModel] | type[Record], file: str, where: str
) -> list[SourceProblem]:
    """Keys the model does not read (feeds ignore them; a source file must not)."""
    known = set(model.model_fields if issubclass(model, BaseModel) else field_names(model))
    return [
        SourceProblem(
            file, f"{where}, {key}", f"is not a known key{_did_you_mean(key, sorted(known))}"
        )
        for key in values
        if key not in known
    ]


def validate(
    model: type[M], values: dict[str, Any], file: str, where: str
) -> tuple[M | None, list[SourceProblem]]:
    """The record as ``model``, or every problem of it (unknown keys first)."""
    problems = unknown_keys(values, cast(type[BaseModel] | type[Record], model), file, where)
    if problems:
        return None, problems
    try:
        return cast(M, model.model_validate(values)), []
    except ValidationError as exc:
        return None, [
            SourceProblem(file, f"{where}, {p.path}".rstrip(", "), p.message)
            for p in problems_from(exc)
        ]


def day_problems(values: dict[str, Any], file: str, where: str) -> list[SourceProblem]:
    """Dates and date-times outside the years screens accept, said as they were written
    (TOML reads 9999-12-31 and 0001-01-01; one day more would overflow)."""
    found = []
    for key, value in values.items():
        if isinstance(value, date) and not FIRST_DAY <= _day_of(value) <= LAST_DAY:
            hint = "; for no end, leave valid_until out" if key in _DAY_END else ""
            found.append(
                SourceProblem(
                    file,
                    f"{where}, {key}",
                    f"{value.isoformat()} is outside the years 2000 to 2099 that screens "
                    f"accept (for example {FIRST_DAY.year + 27}-06-30){hint}",
                )
            )
    return found


def localize(values: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """Date-times without an offset read in ``zone``; validity days made instants."""
    return {key: _local(key, value, zone) for key, value in values.items()}


def _local(key: str, value: Any, zone: ZoneInfo) -> Any:
    if isinstance(value, date) and not FIRST_DAY <= _day_of(value) <= LAST_DAY:
        # TOML takes 9999-12-31 and 0001-01-01; a day after the last overflows. The
        # record's check refuses it with the accepted range (an aware instant, unmoved).
        return datetime.combine(_day_of(value), time(12), UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date) and key in _DAY_START:
        return datetime.combine(value, time(0), zone)
    if isinstance(value, date) and key in _DAY_END:
        return datetime.combine(value + timedelta(days=1), time(0), zone)
    return value


def _day_of(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _header_lines(text: str, table: str) -> list[int]:
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def _did_you_mean(key: str, candidates: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_text(path: Path, shown: str, root: Path) -> tuple[str | None, list[SourceProblem]]:
    """A content file's text, or the problem that stops it being read.

    A file that is a link to somewhere outside ``root`` (its content folder) is not
    read: a partner's link must not publish a file from elsewhere on the machine.
    """
    if not path.resolve().is_relative_to(root.resolve()):
        problem = "is a link to a file outside the folder; put the file itself in the folder"
        return None, [SourceProblem(shown, "", problem)]
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [SourceProblem(shown, "", "not UTF-8 text (save it as UTF-8)")]
    except OSError as exc:
        return None, [SourceProblem(shown, "", f"cannot be read ({exc.strerror or exc})")]
