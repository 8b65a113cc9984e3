"""Rooms and shared equipment of a site, and the partners' bookings of them.

A room (« Espace numérique », « Salle de groupe ») or a piece of equipment that travels
(a case of laptops) belongs to one site. A booking takes it for a date, or every week
between two dates, at wall-clock times in the site's zone. A public booking is also a
slot of the semainier (one source of truth: nobody types it twice); a private one shows
as « réservé — CCAS », never its title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from signage.model.common import DateValidity, Text
from signage.model.hours import OpeningHours
from signage.model.record import Record, v
from signage.model.semainier import Access, Weekday


class RoomKind(StrEnum):
    ROOM = "room"  # a place in the building
    EQUIPMENT = "equipment"  # something that travels: a case of laptops, a projector


@dataclass(frozen=True, kw_only=True)
class Room(Record):
    """A bookable place or piece of equipment of one site."""

    id: Annotated[v.SiteId, v.Field(description="Short lowercase id, e.g. 'espace-numerique'.")]
    site: Annotated[v.SiteId, v.Field(description="The site it belongs to, e.g. 'maurepas'.")]
    name: Annotated[v.ShortText, v.Field(description="As visitors read it: 'Espace numérique'.")]
    kind: Annotated[RoomKind, v.Field(description="'room' or 'equipment'.")] = RoomKind.ROOM
    capacity: Annotated[
        int | None, v.Field(ge=1, le=10_000, description="How many people it holds.")
    ] = None
    equipment: Annotated[
        tuple[v.ShortText, ...],
        v.Field(max_length=30, description="What it has: 'postes', 'vidéoprojecteur'…"),
    ] = ()
    shareable: Annotated[
        bool,
        v.Field(description="Partners may book it, and screens show when it is free."),
    ] = True
    shared_with: Annotated[
        tuple[v.ShortText, ...],
        v.Field(max_length=100, description="The partners who may book it; empty: all."),
    ] = ()
    hours: Annotated[
        OpeningHours | None,
        v.Field(description="When it can be used; absent: the site's opening hours."),
    ] = None
    rules: Annotated[
        Text | None,
        v.Field(description="Its rules of use (the charter a partner accepts once)."),
    ] = None
    approval: Annotated[
        bool, v.Field(description="Bookings wait for the site referent's approval.")
    ] = False
    ask: Annotated[
        Text | None,
        v.Field(description="How a visitor books it: 'Réservable à l'accueil' by default."),
    ] = None
    booking_url: Annotated[
        v.WebAddress | None,
        v.Field(description="The partners' booking page (its QR code is on the slide)."),
    ] = None

    def open_to(self, partner: str) -> bool:
        """Whether ``partner`` may book it."""
        wanted = partner.strip().casefold()
        return self.shareable and (
            not self.shared_with or any(p.strip().casefold() == wanted for p in self.shared_with)
        )


@dataclass(frozen=True, kw_only=True)
class Booking(DateValidity):
    """A room taken by a partner: on ``date``, or every ``weekday`` from ``valid_from``
    to ``valid_until`` (both included), except the days in ``except_on``."""

    id: Annotated[v.ShortText | None, v.Field(description="Stable identifier (optional).")] = None
    room: Annotated[v.SiteId, v.Field(description="The room's id, e.g. 'espace-numerique'.")]
    partner: Annotated[v.ShortText, v.Field(description="Who booked it, e.g. 'ARCS'.")]
    title: Annotated[Text, v.Field(description="What for: 'Atelier : créer son adresse'.")]
    public: Annotated[
        bool,
        v.Field(
            description="Open to visitors: on the semainier with its title; else "
            "screens say « réservé — partner »."
        ),
    ] = False
    audience: Annotated[Text | None, v.Field(description="Who it is for, if restricted.")] = None
    access: Annotated[Access, v.Field(description="'free' or 'appointment'.")] = Access.FREE
    access_note: Annotated[
        v.ShortText | None, v.Field(description="How to get in, in the partner's words.")
    ] = None
    date: Annotated[v.Day | None, v.Field(description="The day of a one-time booking.")] = None
    weekday: Annotated[
        Weekday | None, v.Field(description="The day of the week of a weekly booking.")
    ] = None
    start: Annotated[v.WallTime, v.Field(description="Start, local time ('14:00').")]
    end: Annotated[v.WallTime, v.Field(description="End, local time ('16:00'), after start.")]
    except_on: Annotated[
        tuple[v.Day, ...],
        v.Field(max_length=200, description="Weeks it does not take place (not shown)."),
    ] = ()
    cancelled_on: Annotated[
        tuple[v.Day, ...],
        v.Field(max_length=200, description="Days it is cancelled (shown as « annulé »)."),
    ] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.end <= self.start:
            raise ValueError("end must be after start (a booking does not run past midnight)")
        if (self.date is None) == (self.weekday is None):
            raise ValueError("give a date (once) or a weekday (every week): one of the two")
        if self.date is not None and (self.valid_from or self.valid_until):
            raise ValueError("a one-time booking has a date, not a first and last day")

    def takes_place(self, day: dt.date) -> bool:
        """Whether it is on the calendar that day (cancelled occurrences included)."""
        if self.date is not None:
            return day == self.date
        return Weekday.of(day) is self.weekday and self.valid_on(day) and day not in self.except_on

    def cancelled(self, day: dt.date) -> bool:
        return day in self.cancelled_on

    def holds_room(self, day: dt.date) -> bool:
        """Whether it keeps the room that day (a cancelled occurrence frees it)."""
        return self.takes_place(day) and not self.cancelled(day)
