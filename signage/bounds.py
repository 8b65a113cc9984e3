"""The ranges the product accepts, checked once at the edge (feed, calendars, CSV, TOML).

Past the edge, code may trust what it holds: every instant lies between ``EARLIEST`` and
``LATEST``, so adding a week, a horizon or a zone offset never overflows, and every
count has a bound. Each limit is a plain number here so the README, the publisher and
the screens quote the same one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Final

# Workshops, validity dates, closures: a signage feed speaks of this century only.
EARLIEST: Final = datetime(2000, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)
FIRST_DAY: Final = date(2000, 1, 1)
LAST_DAY: Final = date(2099, 12, 31)
# A workshop or a calendar event longer than this is a typo (an end in the wrong year).
LONGEST_EVENT: Final = timedelta(days=366)
# Items per feed section: a city publishes a few thousand; the cap bounds memory.
MAX_ITEMS: Final = 100_000
# Occurrences one calendar may expand to, and the steps of recurrence arithmetic spent
# per calendar (a rule repeating every second since 2001 would take hours otherwise).
MAX_OCCURRENCES: Final = 5_000
MAX_RECURRENCE_STEPS: Final = 50_000
# Seconds one calendar may take to expand, whatever it holds.
CALENDAR_SECONDS: Final = 5.0
# The longest address a QR code on screen still scans from a metre or two: 300 bytes
# make a version-13 code of 77 modules, about 3 px per module on a 1280×720 apps slide.
DEFAULT_FEED_MB: Final = 4.0  # the largest feed a screen accepts unless its config says more
MAX_QR_URL: Final = 300
# Publication numbers: JSON parsers (JavaScript's among them) keep whole numbers exact up
# to 2**53 - 1; a number beyond could be read as its neighbour and order nothing.
MAX_SEQUENCE: Final = 2**53 - 1
# A screen config is a few kilobytes written by a person: a path or an address fits in
# 4,096 characters (Linux's PATH_MAX), a list in a thousand entries. Beyond, the value is
# refused before any check runs (a 1 MB path took 40 s to resolve).
MAX_CONFIG_BYTES: Final = 256 * 1024
MAX_SETTING_CHARS: Final = 4096
MAX_SETTING_ITEMS: Final = 1000


def check_instant(value: datetime) -> datetime:
    """Accept an aware instant between 2000 and 2100; refuse anything else plainly."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} needs a time zone offset")
    if not EARLIEST <= value < LATEST:
        raise ValueError(
            f"{value.isoformat()} is outside the years 2000 to 2099 that screens accept"
        )
    return value


def check_day(value: date) -> date:
    """Accept a calendar day between 2000-01-01 and 2099-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"{value.isoformat()} is outside the years 2000 to 2099")
    return value


def check_wall_time(value: time) -> time:
    """A time of day on the site's wall clock: an offset would make it an instant."""
    if value.tzinfo is not None:
        raise ValueError(
            f"{value.isoformat()} carries a time zone; write the local time only ('09:30')"
        )
    return value


def in_range(value: datetime) -> bool:
    """Whether an aware instant lies in the accepted range (for derived values)."""
    try:
        check_instant(value)
    except (ValueError, OverflowError):
        return False
    return True
