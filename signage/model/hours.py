"""Opening hours, closures and time windows: when a screen shows what, or sleeps.

Everything is wall-clock time in the site's zone, so "8:30" stays 8:30 on both sides of
a daylight-saving change; instants are built with ``datetime.combine(day, time, zone)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from signage.model.record import Record, v
from signage.model.semainier import Weekday

# A machine without a real-time clock (a Raspberry Pi) may boot believing it is 1970 or
# the day its image was made: before this date, no time-based blanking is trusted.
PLAUSIBLE_SINCE: Final = datetime(2026, 1, 1).astimezone()
_RANGE = re.compile(r"^\s*(\d{1,2})[:h](\d{2})?\s*[-–]\s*(\d{1,2})[:h](\d{2})?\s*$")


def clock_plausible(now: datetime) -> bool:
    """Whether the system clock can be trusted for sleeping (see PLAUSIBLE_SINCE)."""
    return now >= PLAUSIBLE_SINCE


def period_from_text(value: object) -> object:
    """``"08:30-12:00"`` as the fields of a TimeRange; anything else as it is."""
    if not isinstance(value, str):
        return value
    match = _RANGE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a period such as '08:30-12:00'")
    h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"{value!r} has an hour or minute out of range")
    end = None if h2 == 24 else time(h2, m2)
    if end is not None and end <= time(h1, m1):
        raise ValueError(f"{value!r} ends before it starts")
    return {"start": time(h1, m1), "end": end}


@dataclass(frozen=True, kw_only=True)
class TimeRange(Record):
    """An opening period of a day, ``"08:30-12:00"`` (``"24:00"`` allowed as an end)."""

    start: v.WallTime
    end: v.WallTime | None  # None: until midnight

    def instants(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.start, zone)
        end = (
            datetime.combine(day + timedelta(days=1), time(0), zone)
            if self.end is None
            else datetime.combine(day, self.end, zone)
        )
        return start, end


def closure_from_text(value: object) -> object:
    """``"2026-12-25"`` stands for ``{"day": "2026-12-25"}``."""
    return {"day": value} if isinstance(value, str | date) else value


@dataclass(frozen=True, kw_only=True)
class Closure(Record):
    """A day the site is closed (holiday, strike, works), with the reason if known."""

    day: v.Day
    reason: v.ShortText | None = None


@dataclass(frozen=True, kw_only=True)
class OpeningHours(Record):
    """When a site is open: periods per weekday, and closure days.

    A weekday not listed is closed. ``OpeningHours()`` with no day at all means "not
    known": the screen then never sleeps.
    """

    monday: v.Periods = ()
    tuesday: v.Periods = ()
    wednesday: v.Periods = ()
    thursday: v.Periods = ()
    friday: v.Periods = ()
    saturday: v.Periods = ()
    sunday: v.Periods = ()
    closures: v.Closures = ()

    @property
    def known(self) -> bool:
        return any(self.periods(day) for day in Weekday)

    def periods(self, weekday: Weekday) -> tuple[TimeRange, ...]:
        result: tuple[TimeRange, ...] = getattr(self, weekday.value)
        return result

    def closure(self, day: date) -> Closure | None:
        return next((c for c in self.closures if c.day == day), None)

    def intervals(self, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """The open intervals of calendar day ``day`` (none on a closure day)."""
        if self.closure(day) is not None:
            return []
        return [r.instants(day, zone) for r in self.periods(Weekday.of(day))]

    def is_open(self, now: datetime, zone: ZoneInfo) -> bool:
        if not self.known:
            return True
        day = now.astimezone(zone).date()
        for check in (day - timedelta(days=1), day):
            if any(start <= now < end for start, end in self.intervals(check, zone)):
                return True
        return False

    def edges(self, after: datetime, zone: ZoneInfo, days: int = 15) -> list[datetime]:
        """Opening and closing instants after ``after``, in order, for ``days`` days."""
        first = after.astimezone(zone).date() - timedelta(days=1)
        found: set[datetime] = set()
        for offset in range(days + 1):
            for start, end in self.intervals(first + timedelta(days=offset), zone):
                found.update(e for e in (start, end) if e > after)
        return sorted(found)


# Hours not given: the screen never sleeps.
UNKNOWN_HOURS: Final = OpeningHours()


def awake(hours: OpeningHours, now: datetime, zone: ZoneInfo, wake_before: timedelta) -> bool:
    """Whether the screen should be on: open now, or opening within ``wake_before``.

    Always awake while the clock is not plausible or the hours are not known.
    """
    if not hours.known or not clock_plausible(now):
        return True
    return hours.is_open(now, zone) or hours.is_open(now + wake_before, zone)


def next_wake_change(
    hours: OpeningHours, now: datetime, zone: ZoneInfo, wake_before: timedelta
) -> datetime | None:
    """The next instant at which ``awake`` changes, if any in the coming two weeks."""
    if not hours.known:
        return None
    candidates = []
    for edge in hours.edges(now - wake_before, zone):
        for instant in (edge, edge - wake_before):
            if instant > now:
                candidates.append(instant)
    state = awake(hours, now, zone, wake_before)
    for instant in sorted(candidates):
        if awake(hours, instant, zone, wake_before) != state:
            return instant
    return None


@dataclass(frozen=True, kw_only=True)
class TimeWindow(Record):
    """When a playlist entry may show: weekdays, a time of day (overnight allowed), days."""

    weekdays: tuple[Weekday, ...] = ()
    start: v.WallTime | None = None
    end: v.WallTime | None = None
    first_day: v.Day | None = None
    last_day: v.Day | None = None

    def open_at(self, local: datetime) -> bool:
        day = local.date()
        clock = local.time().replace(tzinfo=None)
        if self.start is not None and self.end is not None and self.end <= self.start:
            # Overnight (22:00-06:00): the morning part belongs to the evening before.
            if clock < self.end:
                day -= timedelta(days=1)
            elif clock < self.start:
                return False
        elif (self.start is not None and clock < self.start) or (
            self.end is not None and clock >= self.end
        ):
            return False
        if self.weekdays and Weekday.of(day) not in self.weekdays:
            return False
        if self.first_day and day < self.first_day:
            return False
        return not (self.last_day and day > self.last_day)

    def edges(self, after: datetime, zone: ZoneInfo) -> list[datetime]:
        """Instants in the next two days at which ``open_at`` may change."""
        local = after.astimezone(zone)
        found = []
        for offset in range(3):
            day = local.date() + timedelta(days=offset)
            found.append(datetime.combine(day, time(0), zone))
            for moment in (self.start, self.end):
                if moment is not None:
                    found.append(datetime.combine(day, moment, zone))
        return sorted(f for f in found if f > after)
