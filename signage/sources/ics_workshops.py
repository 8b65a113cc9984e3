"""Workshops from a shared calendar (Nextcloud, Google, Outlook, Thunderbird exports).

``icalendar`` parses, ``recurring-ical-events`` expands RRULE/RDATE/EXDATE, moved and
cancelled occurrences (RECURRENCE-ID) and applies X-WR-TIMEZONE; nothing is done by
hand. Times stay wall-clock times in their zone across daylight-saving changes; UTC
times are shown in the site's zone. One broken event is left out, the others are kept.

A calendar is outside data: before the library expands it, each event is checked
(``signage.bounds``): a start outside 1900–2100, an event longer than a year, a rule
repeating every minute or second, a series that would take more than
``MAX_RECURRENCE_STEPS`` steps to reach the end of the period, or more than
``MAX_OCCURRENCES`` occurrences in all are left out with a reason, so that a dozen
hostile lines cannot take minutes or gigabytes. Whatever the library still raises stays
with the series that caused it.
"""

from __future__ import annotations

import signal
import threading
import time as clock
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrule, rrulestr
from pydantic import ValidationError

from signage.bounds import (
    CALENDAR_SECONDS,
    LONGEST_EVENT,
    MAX_OCCURRENCES,
    MAX_RECURRENCE_STEPS,
)
from signage.errors import describe_validation_error
from signage.human_values import fold
from signage.model import Workshop

# Series starting before this are refused: stepping a rule from year 1 to today would
# be the slow part, and no workshop calendar starts before 1900.
OLDEST_START: Final = datetime(1900, 1, 1)  # noqa: DTZ001 (compared with local wall times)
NEWEST_START: Final = datetime(2100, 1, 1)  # noqa: DTZ001
LONGEST_WINDOW: Final = timedelta(days=400)
_TOO_FINE: Final = frozenset({"SECONDLY", "MINUTELY"})
# One rule's stepping may take this long: a real rule takes milliseconds, its 50,000
# allowed steps about half a second on a PC; a rule that never matches would take
# seconds (dateutil scans it year by year without yielding, up to the year 9999).
RULE_SECONDS: Final = 2.0


class IcsRefused(ValueError):
    """The data is not an iCalendar file at all."""


@dataclass(frozen=True)
class IcsWorkshops:
    workshops: tuple[Workshop, ...]
    problems: tuple[str, ...]


@dataclass
class _Budget:
    """What one calendar may still spend: occurrences, rule steps, seconds."""

    deadline: float
    occurrences: int = MAX_OCCURRENCES
    steps: int = MAX_RECURRENCE_STEPS
    problems: list[str] = field(default_factory=list)

    def out_of_time(self) -> bool:
        return clock.monotonic() > self.deadline


def parse_ics(
    data: bytes,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    *,
    categories: frozenset[str] = frozenset(),
    sites: tuple[str, ...] | None = None,
    seconds: float = CALENDAR_SECONDS,
) -> IcsWorkshops:
    """The workshops of calendar ``data`` that overlap ``start``–``end`` (aware).

    With ``categories``, only events carrying one of them (case and accents ignored).
    Raises IcsRefused when ``data`` is not a calendar; anything else wrong is a problem
    line and the rest of the calendar is kept.
    """
    end = min(end, start + LONGEST_WINDOW)
    calendar = _read(data)
    budget = _Budget(clock.monotonic() + seconds)
    _keep_workable(calendar, zone, start, end, budget)
    wanted = {fold(c) for c in categories}
    workshops: list[Workshop] = []
    for event in _occurrences(calendar, start, end, budget):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if wanted and not wanted & _categories(event):
            continue
        if len(workshops) >= MAX_OCCURRENCES:
            budget.problems.append(
                f"more than {MAX_OCCURRENCES:,} occurrences; the following are left out"
            )
            break
        try:
            workshops.append(_workshop(event, zone, sites))
        except ValidationError as exc:
            budget.problems.append(f"event {_summary(event)!r}: {describe_validation_error(exc)}")
        except Exception as exc:  # the calendar is outside data: one event, one problem
            budget.problems.append(f"event {_summary(event)!r}: unreadable ({_short(exc)})")
    workshops.sort(key=lambda w: w.start)
    return IcsWorkshops(tuple(workshops), tuple(dict.fromkeys(budget.problems)))


def _read(data: bytes) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the parser raises many kinds on garbage: all mean "not ICS"
        raise IcsRefused(f"not an iCalendar file: {_short(exc)}") from exc
    if not isinstance(calendar, icalendar.Calendar):
        raise IcsRefused("not an iCalendar file (no VCALENDAR)")
    return calendar


# -- before expansion: each event checked against the bounds -----------------------------


def _keep_workable(
    calendar: icalendar.Calendar, zone: ZoneInfo, start: datetime, end: datetime, budget: _Budget
) -> None:
    """Remove from ``calendar`` the events that would overflow, explode or never end."""
    kept: list[Any] = []
    for component in calendar.subcomponents:
        if getattr(component, "name", "") != "VEVENT":
            kept.append(component)
            continue
        if budget.out_of_time():
            budget.problems.append(
                f"calendar too long to read in {CALENDAR_SECONDS:g} s; the rest is left out"
            )
            break
        try:
            reason = _unworkable(component, zone, start, end, budget)
        except Exception as exc:  # a value the library cannot even decode
            reason = f"unreadable ({_short(exc)})"
        if reason is None:
            kept.append(component)
        elif reason:
            budget.problems.append(f"event {_summary(component)!r}: {reason}; left out")
    calendar.subcomponents = kept


def _unworkable(
    event: Any, zone: ZoneInfo, start: datetime, end: datetime, budget: _Budget
) -> str | None:
    """Why ``event`` cannot be expanded safely; "" to drop it quietly; None to keep it."""
    if "DTSTART" not in event:
        return "no start (DTSTART)"
    first = _wall(event.decoded("DTSTART"), zone)
    if not OLDEST_START <= first < NEWEST_START:
        return f"starts in {first.year}, outside the years 1900 to 2099"
    length = _length(event, first, zone)
    if length is not None and length > LONGEST_EVENT:
        return "lasts more than a year (check the end's year)"
    if length is not None and length < timedelta(0):
        return "ends before it starts"
    # An empty "RRULE:" line repeats nothing: the event happens once, as
    # recurring-ical-events (the reference here) reads it.
    found = event.get("RRULE")
    rules = [r for r in (found if isinstance(found, list) else [found]) if r]
    if not rules:
        if "RECURRENCE-ID" not in event:
            budget.occurrences -= 1
        return None if budget.occurrences >= 0 else ""
    window = (_local(start, zone) - LONGEST_EVENT, _local(end, zone) + timedelta(days=1))
    for rule in rules:
        reason = _check_rule(rule, first, window, budget)
        if reason is not None:
            return reason
    return None


def _check_rule(
    rule: Any, first: datetime, window: tuple[datetime, datetime], budget: _Budget
) -> str | None:
    """Step through the rule up to the end of the period (lazily, within the budget)."""
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    if frequency in _TOO_FINE:
        return f"repeats every {'second' if frequency == 'SECONDLY' else 'minute'}"
    if _impossible_day(rule):
        return ""  # "every 30 February": nothing to show (dateutil would scan to 9999)
    text = rule.to_ical().decode()
    try:
        parsed = rrulestr(text, dtstart=first, ignoretz=True)
    except (ValueError, TypeError, OverflowError) as exc:
        return f"its repetition rule is unreadable ({_short(exc)})"
    if not isinstance(parsed, rrule):
        return "its repetition rule is unreadable"
    # Stepping stops at the end of the period even for a rule that never matches (which
    # dateutil would otherwise scan up to the year 9999).
    until = getattr(parsed, "_until", None)  # dateutil keeps it private; read only
    parsed = parsed.replace(count=None, until=min(until, window[1]) if until else window[1])
    inside = steps = 0
    slow = "its repetitions take too long to work out"
    try:
        with _interrupted_after(min(RULE_SECONDS, budget.deadline - clock.monotonic())):
            for steps, moment in enumerate(parsed, start=1):
                if moment >= window[0]:
                    inside += 1
                if steps > budget.steps:
                    return (
                        f"repeats too often (more than {MAX_RECURRENCE_STEPS:,} times from "
                        f"{first:%Y-%m-%d} to the end of the period)"
                    )
                if budget.out_of_time():
                    return slow
    except _RuleTooSlow:
        return slow
    budget.steps -= steps
    if not inside:
        # Nothing in the period: the library need not expand it (and a rule that never
        # matches would have it scan to the year 9999).
        return ""
    budget.occurrences -= inside
    if budget.occurrences < 0:
        return f"more than {MAX_OCCURRENCES:,} occurrences in the period"
    return None


class _RuleTooSlow(Exception):
    pass


@contextmanager
def _interrupted_after(seconds: float) -> Iterator[None]:
    """Raise _RuleTooSlow inside the block after ``seconds`` (main thread only).

    The stepping happens inside dateutil, which gives no control back while it scans
    for a match; an interval timer is the one way to stop it. Only the main thread
    receives signals, which is where the calendar reader's child process runs it;
    elsewhere (tests, a direct call from a thread) the block runs unbounded and the
    child's own limits remain the guarantee.
    """
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not usable or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _RuleTooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_MONTH_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _impossible_day(rule: Any) -> bool:
    """Whether BYMONTH and BYMONTHDAY name no real day (30 February, 31 April…)."""
    try:
        months = [int(m) for m in rule.get("BYMONTH", [])] or list(range(1, 13))
        days = [int(d) for d in rule.get("BYMONTHDAY", [])]
    except (TypeError, ValueError):
        return False  # left to the library, which refuses it
    if not days:
        return False
    return not any(
        1 <= month <= 12
        and any(-_MONTH_DAYS[month - 1] <= d <= _MONTH_DAYS[month - 1] and d != 0 for d in days)
        for month in months
    )


def _length(event: Any, first: datetime, zone: ZoneInfo) -> timedelta | None:
    if "DTEND" in event:
        return _wall(event.decoded("DTEND"), zone) - first
    if "DURATION" in event:
        duration = event.decoded("DURATION")
        return duration if isinstance(duration, timedelta) else None
    return None


def _wall(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A naive wall-clock datetime for comparisons (an aware one in the site's zone)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.replace(tzinfo=None)
    return datetime.combine(value, time(0))  # a wall time, compared as such


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


# -- expansion: the library, series by series when the whole calendar fails --------------


def _occurrences(
    calendar: icalendar.Calendar, start: datetime, end: datetime, budget: _Budget
) -> Iterator[Any]:
    try:
        yield from _expand(calendar, start, end)
        return
    except Exception:
        pass  # one series broke the whole query: isolate it below
    for uid, series in _series(calendar):
        try:
            yield from _expand(series, start, end)
        except Exception as exc:
            budget.problems.append(f"event {uid!r}: cannot be expanded ({_short(exc)}); left out")


def _expand(calendar: icalendar.Calendar, start: datetime, end: datetime) -> list[Any]:
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    return list(query.between(start, end))


def _series(calendar: icalendar.Calendar) -> Iterable[tuple[str, icalendar.Calendar]]:
    """One small calendar per UID (the series and its moved occurrences), with the zones."""
    groups: dict[str, list[Any]] = {}
    shared: list[Any] = []
    for component in calendar.subcomponents:
        if getattr(component, "name", "") == "VEVENT":
            groups.setdefault(str(component.get("UID", id(component))), []).append(component)
        else:
            shared.append(component)
    for uid, events in groups.items():
        single = icalendar.Calendar()
        for key, value in calendar.items():
            single.add(key, value)
        single.subcomponents = [*shared, *events]
        yield uid, single


# -- one occurrence → one workshop --------------------------------------------------------


def _categories(event: Any) -> set[str]:
    found: set[str] = set()
    values = event.get("CATEGORIES")
    for value in values if isinstance(values, list) else [values] if values else []:
        for category in getattr(value, "cats", [value]):
            found.add(fold(str(category)))
    return found


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)  # floating time
    return datetime.combine(value, time(0), zone)  # an all-day event starts at midnight


def _workshop(event: Any, zone: ZoneInfo, sites: tuple[str, ...] | None) -> Workshop:
    begins = event.decoded("DTSTART")
    start = _aware(begins, zone)
    all_day = not isinstance(begins, datetime)
    if "DTEND" in event:
        end = _aware(event.decoded("DTEND"), zone)
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        end = start
    if end <= start:
        # RFC 5545: no end means an all-day event lasts the day; a timed one is shown as
        # an hour. The library fills DTEND = DTSTART on occurrences, and some exports
        # write it so: both mean "no end given".
        end = start + (timedelta(days=1) if all_day else timedelta(hours=1))
    organiser = event.get("ORGANIZER")
    name = organiser.params.get("CN") if organiser is not None else None
    description = str(event.get("DESCRIPTION", "")).strip()
    link = str(event.get("URL", "")).strip()
    registration = " — ".join(p for p in (description[:400], link) if p) or None
    return Workshop.model_validate(
        {
            "id": f"{event.get('UID', '')}@{start.isoformat()}"[:200],
            "sites": sites,
            "start": start,
            "end": end,
            "title": str(event.get("SUMMARY", "")).strip()[:2000],
            "place": str(event.get("LOCATION", "")).strip()[:200] or None,
            "organiser": str(name).strip()[:200] if name else None,
            "registration": registration,
        }
    )


def _summary(event: Any) -> str:
    try:
        return str(event.get("SUMMARY", "?"))[:80]
    except Exception:
        return "?"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
