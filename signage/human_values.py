"""Times, dates and weekdays as people write them: ``9h30``, ``14h``, ``03/12/2026``,
``Mardi``. One reader for the spreadsheets, the calendars and the console's forms."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from typing import Final

WEEKDAYS: Final = {
    "monday": ("lundi", "lun", "monday", "mon"),
    "tuesday": ("mardi", "mar", "tuesday", "tue", "tues"),
    "wednesday": ("mercredi", "mer", "wednesday", "wed"),
    "thursday": ("jeudi", "jeu", "thursday", "thu", "thur", "thurs"),
    "friday": ("vendredi", "ven", "friday", "fri"),
    "saturday": ("samedi", "sam", "saturday", "sat"),
    "sunday": ("dimanche", "dim", "sunday", "sun"),
}
_TIME = re.compile(r"^(\d{1,2})\s*(?:[h:.]\s*(\d{2})?)?\s*$")
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def fold(text: str) -> str:
    """Lowercase, without accents, spaces squeezed: ``"  Début "`` → ``"debut"``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").split())


def parse_weekday(text: str) -> str | None:
    """``"Mardi"``, ``"mar."``, ``"tue"`` → ``"tuesday"``; None when it is not a weekday."""
    word = fold(text).rstrip(".")
    return next((day for day, names in WEEKDAYS.items() if word in names), None)


def parse_time(text: str) -> time | None:
    """``"9h"``, ``"9h30"``, ``"09:30"``, ``"9.30"`` → a time; None when it is not one."""
    match = _TIME.match(fold(text))
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def parse_date(text: str) -> date | None:
    """``"03/12/2026"`` (day first, as in France) or ``"2026-12-03"`` → a date."""
    text = text.strip()
    match = _FR_DATE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None
