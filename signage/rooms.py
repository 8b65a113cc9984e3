"""The rules of shared rooms, one set for the publisher, the console and the screens:
who holds a room when, what is free, which bookings clash, what to offer instead.

Everything is in wall-clock time of the room's site (as the semainier), minutes since
midnight inside: a booking never runs past midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Final

from signage.model.common import Text
from signage.model.hours import UNKNOWN_HOURS, OpeningHours
from signage.model.rooms import Booking, Room
from signage.model.semainier import SemainierSlot, Weekday
from signage.model.site import Site

# A free period shorter than this is not worth showing or offering.
SHORTEST_FREE: Final = timedelta(minutes=30)
# The week two open-ended weekly bookings are compared from when no day is given.
ANY_WEEK: Final = date(2026, 1, 5)
# How far ahead the nearest free slots are looked for.
LOOK_AHEAD_DAYS: Final = 21


def minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def clock(value: int) -> time:
    return time(min(value, 24 * 60 - 1) // 60, min(value, 24 * 60 - 1) % 60)


@dataclass(frozen=True, slots=True)
class Use:
    """A room held for a while on a day: by a booking, or by a semainier slot naming it."""

    start: time
    end: time
    partner: str | None
    title: Text | None
    public: bool
    booking: Booking | None = None
    slot: SemainierSlot | None = None


def hours_of(room: Room, site: Site | None) -> OpeningHours:
    """When the room can be used: its own hours, else its site's."""
    if room.hours is not None and room.hours.known:
        return room.hours
    return site.hours if site is not None else UNKNOWN_HOURS


def open_periods(room: Room, site: Site | None, day: date) -> list[tuple[int, int]]:
    """The room's open periods that day, in minutes (none on a closure day, none when
    its hours are not known: nobody can say it is free)."""
    hours = hours_of(room, site)
    if not hours.known or hours.closure(day) is not None:
        return []
    return [
        (minutes(p.start), 24 * 60 if p.end is None else minutes(p.end))
        for p in hours.periods(Weekday.of(day))
    ]


def uses(
    room: Room, day: date, bookings: Iterable[Booking], slots: Iterable[SemainierSlot] = ()
) -> list[Use]:
    """What holds the room that day, in time order (cancelled occurrences free it)."""
    found = [
        Use(b.start, b.end, b.partner, b.title, b.public, booking=b)
        for b in bookings
        if b.room == room.id and b.holds_room(day)
    ]
    name = room.name.casefold()
    found += [
        Use(s.start, s.end, s.partner, s.title, True, slot=s)
        for s in slots
        if s.room is not None
        and s.room.casefold() == name
        and s.for_site(room.site)
        and s.happens_on(day)
        and not s.cancelled(day)
    ]
    return sorted(found, key=lambda u: (u.start, u.end))


def free_periods(
    room: Room,
    site: Site | None,
    day: date,
    bookings: Iterable[Booking],
    slots: Iterable[SemainierSlot] = (),
    *,
    shortest: timedelta = SHORTEST_FREE,
) -> list[tuple[time, time]]:
    """The periods of ``day`` the room is open and nobody holds it, at least ``shortest``."""
    taken = [(minutes(u.start), minutes(u.end)) for u in uses(room, day, bookings, slots)]
    least = int(shortest.total_seconds() // 60)
    free = []
    for start, end in open_periods(room, site, day):
        cursor = start
        for begin, finish in taken:
            if finish <= cursor or begin >= end:
                continue
            if begin - cursor >= least:
                free.append((cursor, begin))
            cursor = max(cursor, finish)
        if end - cursor >= least:
            free.append((cursor, end))
    return [(clock(a), clock(b) if b < 24 * 60 else time(23, 59)) for a, b in free]


def overlap(a: Booking | Use, b: Booking | Use) -> bool:
    return a.start < b.end and b.start < a.end


def _never(day: date) -> bool:
    return False


def first_day_both(
    a: Booking, b: Booking, since: date | None = None, closed: Callable[[date], bool] = _never
) -> date | None:
    """The first day both bookings hold their room (from ``since``), if any; a day the
    building is ``closed`` holds nobody."""
    if a.date is not None or b.date is not None:
        once, other = (a, b) if a.date is not None else (b, a)
        assert once.date is not None
        day = once.date
        ok = once.holds_room(day) and other.holds_room(day) and not closed(day)
        return day if ok and (since is None or day >= since) else None
    if a.weekday is not b.weekday:
        return None
    starts = [d for d in (a.valid_from, b.valid_from, since) if d is not None]
    # Neither says when it starts: from any week (callers give ``since``, their today).
    first = max(starts) if starts else ANY_WEEK
    ends = [d for d in (a.valid_until, b.valid_until) if d is not None]
    last = min(ends) if ends else None
    assert a.weekday is not None
    first += timedelta(days=(a.weekday.iso - first.isoweekday()) % 7)
    # Each skipped week is an exception of one of the two or a closure: past them (a
    # year of closures at most), both hold it.
    skips = len(a.except_on) + len(a.cancelled_on) + len(b.except_on) + len(b.cancelled_on)
    for week in range(skips + 53):
        day = first + timedelta(weeks=week)
        if last is not None and day > last:
            return None
        if a.holds_room(day) and b.holds_room(day) and not closed(day):
            return day
    return None


class Problem(StrEnum):
    TAKEN = "taken"  # another booking holds the room then
    HOURS = "hours"  # outside the room's hours
    CLOSED = "closed"  # a one-time booking on a day the building is closed
    UNKNOWN_ROOM = "unknown_room"
    NOT_SHARED = "not_shared"  # the room is not open to this partner


@dataclass(frozen=True, slots=True)
class Clash:
    """Why a booking is refused: what it meets (the booking kept, and the first day they
    meet), or the hours it leaves."""

    booking: Booking
    problem: Problem
    other: Booking | None = None
    day: date | None = None
    room: Room | None = None


def outside_hours(booking: Booking, room: Room, site: Site | None) -> bool:
    """Whether the booking leaves the room's open periods (on its day of the week)."""
    hours = hours_of(room, site)
    if not hours.known:
        return False
    weekday = booking.weekday or Weekday.of(booking.date)  # type: ignore[arg-type]
    start, end = minutes(booking.start), minutes(booking.end)
    return not any(
        minutes(p.start) <= start and end <= (24 * 60 if p.end is None else minutes(p.end))
        for p in hours.periods(weekday)
    )


def check_booking(
    booking: Booking,
    rooms: Sequence[Room],
    kept: Sequence[Booking],
    sites: Sequence[Site] = (),
    *,
    since: date | None = None,
) -> Clash | None:
    """Whether ``booking`` may join ``kept`` (the bookings already accepted): its room is
    known and open to its partner, it lies in the room's hours, and no kept booking of
    the room overlaps it on a day both take place (from ``since``)."""
    room = next((r for r in rooms if r.id == booking.room), None)
    if room is None:
        return Clash(booking, Problem.UNKNOWN_ROOM)
    if not room.open_to(booking.partner):
        return Clash(booking, Problem.NOT_SHARED, room=room)
    site = next((s for s in sites if s.id == room.site), None)
    if outside_hours(booking, room, site):
        return Clash(booking, Problem.HOURS, room=room)
    hours = hours_of(room, site)
    if booking.date is not None and hours.closure(booking.date) is not None:
        return Clash(booking, Problem.CLOSED, day=booking.date, room=room)
    for other in kept:
        if other.room != booking.room or not overlap(booking, other):
            continue
        day = first_day_both(booking, other, since, lambda d: hours.closure(d) is not None)
        if day is not None:
            return Clash(booking, Problem.TAKEN, other=other, day=day, room=room)
    return None


def accepted(
    bookings: Sequence[Booking],
    rooms: Sequence[Room],
    sites: Sequence[Site] = (),
    *,
    since: date | None = None,
) -> tuple[list[Booking], list[Clash]]:
    """The bookings kept in their order (the first of two that clash is kept) and the
    reasons the others are refused."""
    kept: list[Booking] = []
    refused: list[Clash] = []
    for booking in bookings:
        clash = check_booking(booking, rooms, kept, sites, since=since)
        if clash is None:
            kept.append(booking)
        else:
            refused.append(clash)
    return kept, refused


def nearest_free(
    room: Room,
    site: Site | None,
    bookings: Sequence[Booking],
    day: date,
    length: timedelta,
    *,
    slots: Sequence[SemainierSlot] = (),
    count: int = 3,
    days: int = LOOK_AHEAD_DAYS,
) -> list[tuple[date, time, time]]:
    """The first free periods that can hold ``length``, from ``day`` on: what to offer a
    partner whose booking was refused."""
    found: list[tuple[date, time, time]] = []
    for offset in range(days):
        current = day + timedelta(days=offset)
        for start, end in free_periods(room, site, current, bookings, slots, shortest=length):
            found.append((current, start, end))
            if len(found) >= count:
                return found
    return found
