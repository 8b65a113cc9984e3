"""A room's bookings as an iCalendar feed, for Outlook or Thunderbird to subscribe to.

One event per booking: a weekly one as a weekly rule, its weeks off and its cancelled
days as exceptions. A booking that is not public shows its title only to its own
partner; to others « réservé — CCAS »."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import icalendar

from signage.model.rooms import Booking, Room
from signage.model.site import Site
from signage.rooms import ANY_WEEK


def first_day(booking: Booking) -> date:
    """The day of its first occurrence (a weekly booking with no first day: from the
    week the rules compare open-ended bookings from)."""
    if booking.date is not None:
        return booking.date
    assert booking.weekday is not None
    start = booking.valid_from or ANY_WEEK
    return start + timedelta(days=(booking.weekday.iso - start.isoweekday()) % 7)


def summary(booking: Booking, viewer: str | None) -> str:
    own = viewer is not None and booking.partner.casefold() == viewer.casefold()
    if booking.public or own:
        return f"{booking.title.pick('fr')} — {booking.partner}"
    return f"réservé — {booking.partner}"


def room_calendar(
    room: Room, site: Site | None, bookings: Sequence[tuple[str, Booking]], viewer: str | None
) -> bytes:
    """``bookings`` as (a stable id, the booking); ``viewer``: the partner who reads it
    (None: the admins, who see every title)."""
    zone = site.zone if site is not None else None
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ESC signage//rooms//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{room.name}{f' — {site.name}' if site else ''}")
    for uid, booking in bookings:
        if booking.room != room.id:
            continue
        day = first_day(booking)
        event = icalendar.Event()
        event.add("uid", f"{uid}@esc-signage")
        event.add("summary", summary(booking, None if viewer is None else viewer))
        event.add("location", f"{room.name}{f', {site.name}' if site else ''}")
        event.add("dtstart", datetime.combine(day, booking.start, zone))
        event.add("dtend", datetime.combine(day, booking.end, zone))
        event.add("dtstamp", datetime.combine(day, booking.start, zone))
        if booking.weekday is not None:
            rule: dict[str, object] = {"freq": "weekly"}
            if booking.valid_until is not None:
                rule["until"] = datetime.combine(booking.valid_until, booking.end, zone)
            event.add("rrule", rule)
            skipped = sorted({*booking.except_on, *booking.cancelled_on})
            if skipped:
                event.add("exdate", [datetime.combine(d, booking.start, zone) for d in skipped])
        elif booking.cancelled(day):
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
