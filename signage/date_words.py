"""Weekday and month names from Babel's CLDR data, without loading Babel at each start.

A screen's first date through Babel cost about 35 ms of a 300 ms start: importing it,
then unpickling its global data and the language's (0.8 MB) for the name of a day. The
names the slides use are read from Babel once per language and Babel release and kept
with the other checked objects (``ready_file``, the user's state folder); the patterns
the slides use (``EEEE d MMMM``, ``EEE d MMM``, ``d MMMM y``…) are put together from
them, as Babel does, and any other pattern is Babel's. ``tests/test_date_words.py``
compares both for every language, pattern and day.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from signage.ready_file import keep_ready, read_ready, ready_path

# The fields put together here; a pattern holding anything else goes to Babel.
_MADE_HERE = re.compile(r"(?:EEEE|EEE|MMMM|MMM|d|y| )+")
_FIELDS = re.compile(r"EEEE|EEE|MMMM|MMM|d|y| ")
_VERSION = 1  # of what is kept: a change to DateWords, another number


@dataclass(frozen=True)
class DateWords:
    """A language's names in Babel's "format" context, Monday and January first."""

    days: tuple[str, ...]
    days_short: tuple[str, ...]
    months: tuple[str, ...]
    months_short: tuple[str, ...]


def format_pattern(day: date, pattern: str, language: str) -> str:
    """``day`` as Babel's ``format_date(day, pattern, locale=language)`` writes it."""
    fields = _fields(pattern)
    words = date_words(language) if fields is not None else None
    if fields is None or words is None:
        from babel.dates import format_date  # noqa: PLC0415 (Babel only when needed)

        return str(format_date(day, pattern, locale=language))
    return "".join(_field(day, field, words) for field in fields)


def _field(day: date, field: str, words: DateWords) -> str:
    match field:
        case "EEEE":
            return words.days[day.weekday()]
        case "EEE":
            return words.days_short[day.weekday()]
        case "MMMM":
            return words.months[day.month - 1]
        case "MMM":
            return words.months_short[day.month - 1]
        case "d":
            return str(day.day)
        case "y":
            return str(day.year)
    return field


@cache
def _fields(pattern: str) -> tuple[str, ...] | None:
    if not _MADE_HERE.fullmatch(pattern):
        return None
    return tuple(_FIELDS.findall(pattern))


@cache
def date_words(language: str) -> DateWords | None:
    """The names for ``language``: kept from an earlier start, else read from Babel (and
    kept). None for a language Babel does not know: Babel then formats and says why."""
    sources = _babel_files(language)
    if sources is None:
        return None
    key = f"date-words {_VERSION} {language} " + " ".join(
        f"{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in sources
    )
    kept = ready_path(f"dates-{language}")
    found = read_ready(kept, key, DateWords)
    if found is not None:
        return found
    words = _from_babel(language)
    if words is not None:
        keep_ready(kept, key, words)
    return words


def _babel_files(language: str) -> tuple[Path, ...] | None:
    """Babel's data behind ``language``'s names (their sizes and dates key what is kept),
    found without importing Babel."""
    spec = importlib.util.find_spec("babel")
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent
    files = (root / "global.dat", root / "locale-data" / f"{language}.dat")
    try:
        return files if all(path.is_file() for path in files) else None
    except OSError:
        return None


def _from_babel(language: str) -> DateWords | None:
    from babel.core import Locale, UnknownLocaleError  # noqa: PLC0415
    from babel.dates import get_day_names, get_month_names  # noqa: PLC0415

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None

    def days(names: Mapping[int, str]) -> tuple[str, ...]:
        return tuple(str(names[number]) for number in range(7))

    def months(names: Mapping[int, str]) -> tuple[str, ...]:
        return tuple(str(names[number]) for number in range(1, 13))

    return DateWords(
        days(get_day_names("wide", context="format", locale=locale)),
        days(get_day_names("abbreviated", context="format", locale=locale)),
        months(get_month_names("wide", context="format", locale=locale)),
        months(get_month_names("abbreviated", context="format", locale=locale)),
    )
