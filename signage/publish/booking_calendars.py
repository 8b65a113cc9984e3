"""A partner's own calendar as its bookings of a room: ``booking-calendars.toml``.

::

    [[calendar]]
    name = "Agenda de La Plume"
    url = "https://cloud.laplume.example/remote.php/dav/public-calendars/abc?export"
    room = "espace-numerique"
    public = true        # on the semainier with their titles; else « réservé — La Plume »

Each event of the coming weeks becomes a one-time booking of the room, in the partner's
name, checked like any other (``signage.rooms``). An event that cannot be a booking (it
runs past midnight) or that meets a booking kept before it is left out and said, as a
warning of the partner's part, naming what it meets: its other events are published.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from signage.model.rooms import Booking
from signage.model.rules import ShortText, SiteId
from signage.publish.calendars import CalendarEntry, calendar_bytes, keep_copy
from signage.publish.part import Context, Part
from signage.publish.problems import SourceProblem
from signage.publish.tables import read_text, records, validate
from signage.sources.fetch_error import FetchError

FILE: Final = "booking-calendars.toml"


class BookingCalendar(BaseModel):
    """One ``[[calendar]]`` of booking-calendars.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ShortText | None = None
    url: str = Field(description="The calendar's address (https://…).")
    room: SiteId = Field(description="The room its events book, e.g. 'espace-numerique'.")
    partner: ShortText | None = Field(
        default=None, description="In whose name (a partner's folder: its own, always)."
    )
    public: bool = False

    @model_validator(mode="after")
    def _web(self) -> BookingCalendar:
        if not self.url.lower().startswith(("https://", "http://")):
            raise ValueError(f"url {self.url!r} is not a web address (https://…)")
        return self


def read_booking_calendars(folder: Path, part: Part, context: Context, who: str | None) -> None:
    """The bookings of every calendar of ``folder/booking-calendars.toml``."""
    from signage.sources.calendar_worker import CalendarFailed, expand_calendar  # noqa: PLC0415

    listing = folder / FILE
    if not listing.is_file():
        return
    text, problems = read_text(listing, FILE, folder)
    part.problems += problems
    found, _, problems = records(text or "", FILE, "calendar")
    part.problems += problems
    for record in found:
        entry, problems = validate(BookingCalendar, record.values, FILE, record.where)
        if entry is None:
            part.problems += problems
            continue
        if refused := context.address_problem(entry.url):
            part.problems.append(SourceProblem(FILE, f"{record.where}, url", refused))
            continue
        partner = who or entry.partner
        if not partner:
            part.problems.append(
                SourceProblem(FILE, record.where, 'name the partner: partner = "La Plume"')
            )
            continue
        shown = f"{FILE}, {record.where}"
        source = CalendarEntry(name=entry.name, url=entry.url)
        zone = context.default_zone
        try:
            data, fetched = calendar_bytes(source, shown, part, context)
            events, unread = expand_calendar(data, zone, context.start, context.end)
        except (OSError, FetchError, CalendarFailed) as exc:
            part.problems.append(SourceProblem(FILE, record.where, str(exc)))
            continue
        part.problems += [SourceProblem(FILE, record.where, p) for p in unread]
        if fetched and not unread:
            keep_copy(source, data, context)
        kept = 0
        for event in events:
            start, end = event.start.astimezone(zone), event.end.astimezone(zone)
            title = event.title.pick("fr")
            if end.date() != start.date() or end <= start:
                part.warnings.append(
                    SourceProblem(
                        FILE,
                        record.where,
                        f"« {title} » of {start:%Y-%m-%d} is not taken: a booking starts "
                        "and ends the same day",
                        "warning",
                    )
                )
                continue
            key = hashlib.sha256(f"{entry.url}|{start.isoformat()}|{title}".encode())
            booking = Booking(
                id=f"agenda-{key.hexdigest()[:12]}",
                room=entry.room,
                partner=partner,
                title=event.title,
                public=entry.public,
                date=start.date(),
                start=start.time().replace(tzinfo=None),
                end=end.time().replace(tzinfo=None),
            )
            part.add("bookings", booking, f"{shown}, « {title} » of {start:%Y-%m-%d}")
            kept += 1
        part.notes.append(f"{entry.name or entry.url}: {kept} bookings")
