"""A moment as people say it, for previews: "mardi prochain à 10 h", "03/12/2026 14h",
"demain 9h30", "maintenant"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from signage.bounds import FIRST_DAY, LAST_DAY
from signage.human_values import WEEKDAYS, fold, parse_date, parse_time

_DATE: Final = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
_TIME: Final = re.compile(r"\b\d{1,2}\s*(?:h\s*(?:\d{2})?|:\d{2})(?!\d)")
_ORDER: Final = tuple(WEEKDAYS)


def parse_moment(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The instant ``text`` names, seen from ``now``; None when it names none."""
    words = fold(text)
    local = now.astimezone(zone)
    if not words or words in {"maintenant", "now"}:
        return local
    day: date | None = None
    if found := _DATE.search(words):
        day = parse_date(found.group())
        if day is None or not FIRST_DAY <= day <= LAST_DAY:  # 31/12/9999 would overflow
            return None
        words = words.replace(found.group(), " ")
    at: time | None = None
    if found := _TIME.search(words):
        at = parse_time(found.group().replace(" ", ""))
        if at is None:
            return None
        words = words.replace(found.group(), " ")
    if day is None:
        day = _named_day(words, local.date())
    if day is None:
        return None
    return datetime.combine(day, at or time(10), zone)


def _named_day(words: str, today: date) -> date | None:
    tokens = set(re.findall(r"[a-z']+", words))
    if "demain" in tokens or "tomorrow" in tokens:
        return today + timedelta(days=1)
    if not tokens - {"aujourd'hui", "aujourd", "hui", "today", "a", "at"}:
        return today
    for index, day in enumerate(_ORDER):
        if tokens & set(WEEKDAYS[day]):
            ahead = (index - today.weekday()) % 7
            # "mardi prochain" on a Tuesday is next week's; "mardi" is today.
            if ahead == 0 and tokens & {"prochain", "next"}:
                ahead = 7
            return today + timedelta(days=ahead)
    return None
