"""Workshops from a shared calendar (Nextcloud, Google, Outlook, Thunderbird exports).

``icalendar`` parses, ``recurring-ical-events`` expands RRULE/RDATE/EXDATE, moved and
cancelled occurrences (RECURRENCE-ID) and applies X-WR-TIMEZONE; nothing is done by
hand. Times stay wall-clock times in their zone across daylight-saving changes; UTC
times are shown in the site's zone. One broken event is left out, the others are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from pydantic import ValidationError

from signage.errors import describe_validation_error
from signage.model import Workshop
from signage.sources.csv_semainier import fold


class IcsRefused(ValueError):
    """The data is not an iCalendar file at all."""


@dataclass(frozen=True)
class IcsWorkshops:
    workshops: tuple[Workshop, ...]
    problems: tuple[str, ...]


def parse_ics(
    data: bytes,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    *,
    categories: frozenset[str] = frozenset(),
    sites: tuple[str, ...] | None = None,
) -> IcsWorkshops:
    """The workshops of calendar ``data`` that overlap ``start``–``end`` (aware).

    With ``categories``, only events carrying one of them (case and accents ignored).
    """
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise IcsRefused(f"not an iCalendar file: {exc}") from exc
    if not isinstance(calendar, icalendar.Calendar):
        raise IcsRefused("not an iCalendar file (no VCALENDAR)")
    wanted = {fold(c) for c in categories}
    workshops: list[Workshop] = []
    problems: list[str] = []
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    for event in query.between(start, end):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if wanted and not wanted & _categories(event):
            continue
        try:
            workshops.append(_workshop(event, zone, sites))
        except (ValidationError, ValueError, TypeError) as exc:
            summary = str(event.get("SUMMARY", "?"))
            reason = (
                describe_validation_error(exc) if isinstance(exc, ValidationError) else str(exc)
            )
            problems.append(f"event {summary!r}: {reason}")
    workshops.sort(key=lambda w: w.start)
    return IcsWorkshops(tuple(workshops), tuple(problems))


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
    start = _aware(event.decoded("DTSTART"), zone)
    if "DTEND" in event:
        end = _aware(event.decoded("DTEND"), zone)
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    elif not isinstance(event.decoded("DTSTART"), datetime):
        end = start + timedelta(days=1)  # RFC 5545: an all-day event lasts the day
    else:
        end = start + timedelta(hours=1)  # no end given: show it as an hour
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
            "title": str(event.get("SUMMARY", "")).strip(),
            "place": str(event.get("LOCATION", "")).strip() or None,
            "organiser": str(name).strip() if name else None,
            "registration": registration,
        }
    )
