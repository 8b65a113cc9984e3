"""Interface labels and date/time formats per language.

Labels live in ``signage/locales/<lang>.toml`` so a translator adds a language without
touching code; weekday and month names come from Babel's CLDR data
(``date_words``).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources

from signage.date_words import format_pattern

FALLBACK_LANGUAGE = "fr"


@cache
def _catalogue(language: str) -> dict[str, str]:
    try:
        text = resources.files("signage.locales").joinpath(f"{language}.toml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in tomllib.loads(text).items()}


def available_languages() -> tuple[str, ...]:
    """Languages that have a label catalogue."""
    names = (p.name for p in resources.files("signage.locales").iterdir())
    return tuple(sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml")))


def label(key: str, language: str, **values: object) -> str:
    """The interface label ``key`` in ``language`` (French if missing), formatted."""
    text = _catalogue(language).get(key) or _catalogue(FALLBACK_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def format_day(day: date, language: str) -> str:
    """``samedi 28 novembre`` / ``Saturday 28 November``."""
    return format_pattern(day, "EEEE d MMMM", language)


def format_day_short(day: date, language: str) -> str:
    """``sam. 28 nov.`` / ``Sat 28 Nov``, for dense lists."""
    return format_pattern(day, "EEE d MMM", language)


def format_time(moment: time, language: str) -> str:
    """``14 h 30`` and ``9 h`` in French (the typographic norm), ``14:30`` in English."""
    if language == "fr":
        # No-break spaces: "14 h 30" never splits across two lines.
        hours = f"{moment.hour}\u00a0h"
        return f"{hours}\u00a0{moment.minute:02d}" if moment.minute else hours
    return f"{moment.hour}:{moment.minute:02d}"


def format_clock(moment: time, language: str) -> str:
    """The header clock: always hours and minutes (``14:05``), short and stable in width."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_span(start: time, end: time, language: str) -> str:
    """``9 h 30 – 12 h`` / ``9:30 – 12:00``."""
    return f"{format_time(start, language)} – {format_time(end, language)}"


def format_when(start: datetime, end: datetime, language: str) -> str:
    """When a workshop happens, beside its first day: ``14 h – 16 h``; ``Toute la
    journée`` for an all-day event (midnight to midnight, as calendars write one day);
    ``Du 3 déc. au 5 déc.`` over several whole days; ``14 h – sam. 5 déc. 12 h`` for a
    timed event that ends on another day. ``start`` and ``end`` are in the site's zone."""
    midnight = time(0)
    days = (end.date() - start.date()).days
    if start.time() == midnight and end.time() == midnight and days >= 1:
        if days == 1:
            return label("all_day", language)
        last = end.date() - timedelta(days=1)
        return label(
            "date_range",
            language,
            start=format_pattern(start.date(), "d MMM", language),
            end=format_pattern(last, "d MMM", language),
        )
    if days > 1 or (days == 1 and end.time() != midnight):  # not one evening to midnight
        return (
            f"{format_time(start.time(), language)} – "
            f"{format_day_short(end.date(), language)} {format_time(end.time(), language)}"
        )
    return format_span(start.time(), end.time(), language)


def format_updated(moment: datetime, language: str) -> str:
    """``Mis à jour le 28 nov. à 10 h 40``: the discreet mark on content that is old."""
    return label(
        "updated_on",
        language,
        date=format_pattern(moment.date(), "d MMM", language),
        time=format_time(moment.time(), language),
    )
