"""Bookings from files, checked by the rules the console applies (``signage.rooms``):
the admins' bookings first, then each partner's against all those already kept. A
booking that clashes is a problem of the folder that holds it, naming what it meets and
the nearest free periods; a partner's folder with problems keeps its previous part, as
for any other problem (docs/publishing.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from signage.model.rooms import Booking, Room
from signage.model.semainier import Weekday
from signage.model.site import Site
from signage.publish.part import Entry, Part
from signage.publish.problems import SourceProblem
from signage.rooms import Clash, Problem, check_booking, hours_of, minutes, nearest_free

CALENDARS = "booking-calendars.toml"  # bookings read from a partner's own calendar


def _hm(moment: time) -> str:
    return moment.strftime("%H:%M")


def describe(clash: Clash, rooms: list[Room], sites: list[Site], kept: list[Booking]) -> str:
    """Why a booking is refused, in the words of the publisher's other problems."""
    booking, room = clash.booking, clash.room
    if clash.problem is Problem.UNKNOWN_ROOM or room is None:
        known = ", ".join(sorted(r.id for r in rooms)) or "none yet"
        return f"{booking.room!r} is not a room of rooms.toml (known: {known})"
    if clash.problem is Problem.NOT_SHARED:
        if not room.shareable:
            return f"{room.name} is not shared (rooms.toml: shareable = false)"
        return f"{room.name} is shared with {', '.join(room.shared_with)} only (rooms.toml)"
    site = next((s for s in sites if s.id == room.site), None)
    weekday = booking.weekday or Weekday.of(booking.date)  # type: ignore[arg-type]
    if clash.problem is Problem.HOURS:
        periods = hours_of(room, site).periods(weekday)
        shown = ", ".join(f"{_hm(p.start)}–{_hm(p.end) if p.end else '24:00'}" for p in periods)
        return (
            f"{_hm(booking.start)}–{_hm(booking.end)} is outside the hours of {room.name} on "
            f"{weekday.value}s ({shown or 'closed'})"
        )
    if clash.problem is Problem.CLOSED:
        closure = hours_of(room, site).closure(clash.day) if clash.day else None
        why = f" ({closure.reason})" if closure is not None and closure.reason else ""
        return f"{room.name} is closed on {booking.date}{why}"
    other, day = clash.other, clash.day
    assert other is not None and day is not None
    length = timedelta(minutes=minutes(booking.end) - minutes(booking.start))
    free = nearest_free(room, site, kept, day, length)
    offer = "; ".join(f"{d.isoformat()} {_hm(a)}–{_hm(b)}" for d, a, b in free)
    offer = offer or "nothing in three weeks"
    return (
        f"{room.name} is already booked on {day.isoformat()} ({Weekday.of(day).value}) "
        f"{_hm(other.start)}–{_hm(other.end)} by {other.partner} "
        f"(« {other.title.pick('fr')} »); free for {_length(length)}: {offer}"
    )


def _length(length: timedelta) -> str:
    total = int(length.total_seconds() // 60)
    return f"{total // 60} h {total % 60:02d}" if total % 60 else f"{total // 60} h"


@dataclass
class BookingCheck:
    """The bookings kept so far, and the rooms and sites they are checked against."""

    rooms: list[Room]
    sites: list[Site]
    since: date
    kept: list[Booking] = field(default_factory=list)
    # Bookings read from calendars, checked last (``settle``): an import never takes
    # a room from a booking written by hand. (booking, file, where, folder shown)
    deferred: list[tuple[Booking, str, str, str]] = field(default_factory=list)

    def check(
        self, part: Part, *, partner: str | None = None, sites: Any = None, shown: str = ""
    ) -> list[Booking]:
        """Leave out of ``part`` the bookings that may not be kept (each a problem of the
        part); returns those accepted, for ``keep`` once the part is known to publish."""
        accepted: list[Booking] = []
        entries: list[Entry] = []
        for entry in part.entries.get("bookings", []):
            booking = entry.item
            assert isinstance(booking, Booking)
            file, _, where = entry.origin.partition(", ")
            problem = self._partner_problem(booking, partner, sites)
            if problem is None and file == CALENDARS:
                self.deferred.append((booking, file, where, shown))
                entries.append(entry)
                continue
            if problem is None:
                clash = check_booking(
                    booking, self.rooms, [*self.kept, *accepted], self.sites, since=self.since
                )
                if clash is not None:
                    problem = describe(clash, self.rooms, self.sites, [*self.kept, *accepted])
            if problem is not None:
                part.problems.append(SourceProblem(file, where or "", problem))
                continue
            accepted.append(booking)
            entries.append(entry)
        if "bookings" in part.entries:
            part.entries["bookings"] = entries
        return accepted

    def keep(self, bookings: list[Booking]) -> None:
        self.kept += bookings

    def settle(self, document: dict[str, Any]) -> list[SourceProblem]:
        """Check the bookings read from calendars against all the others; take the
        refused out of ``document``; return why, each a warning of its folder."""
        said: list[SourceProblem] = []
        refused: set[str] = set()
        for booking, file, where, shown in self.deferred:
            clash = check_booking(booking, self.rooms, self.kept, self.sites, since=self.since)
            if clash is None:
                self.kept.append(booking)
                continue
            if booking.id is not None:
                refused.add(booking.id)
            place = f"{shown}/{file}" if shown else file
            reason = describe(clash, self.rooms, self.sites, self.kept)
            said.append(SourceProblem(place, where, f"not taken: {reason}", "warning"))
        if refused:
            document["bookings"] = [
                b for b in document.get("bookings", []) if b.get("id") not in refused
            ]
        return said

    def _partner_problem(
        self, booking: Booking, partner: str | None, sites: tuple[str, ...] | None
    ) -> str | None:
        if partner is None:
            return None
        if booking.partner.strip().casefold() != partner.strip().casefold():
            return (
                f"a booking of {partner}'s folder is in {partner}'s name, not {booking.partner!r}"
            )
        room = next((r for r in self.rooms if r.id == booking.room), None)
        if room is not None and sites is not None and room.site not in sites:
            return f"{room.name} is at {room.site}; {partner} may book at {', '.join(sites)} only"
        return None
