"""The semainier: the weekly plan of who is in the building and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated

from signage.model.common import DateValidity, Item, Text
from signage.model.record import v


class Weekday(StrEnum):
    """Day of the week, in English in the feed (translated on screen)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def iso(self) -> int:
        """ISO number, Monday = 1 … Sunday = 7, as ``date.isoweekday()``."""
        return list(Weekday).index(self) + 1

    @classmethod
    def of(cls, day: date) -> Weekday:
        """The weekday of a calendar day."""
        return list(cls)[day.isoweekday() - 1]


class Access(StrEnum):
    """How a visitor gets a place: walk in, or book first."""

    FREE = "free"
    APPOINTMENT = "appointment"


@dataclass(frozen=True, kw_only=True)
class SemainierSlot(Item, DateValidity):
    """One recurring weekly slot: a permanence, a workshop slot, a free-access period.

    Times are wall-clock times in the site's zone, so a Tuesday 9:30 slot stays at 9:30
    across the daylight-saving changes.
    """

    weekday: Weekday
    start: Annotated[v.WallTime, v.Field(description="Start, local wall-clock time ('09:30').")]
    end: Annotated[
        v.WallTime, v.Field(description="End, local wall-clock time ('12:00'), after start.")
    ]
    title: Annotated[
        Text, v.Field(description="What happens, e.g. 'Permanence informaticien public'.")
    ]
    partner: Annotated[v.ShortText | None, v.Field(description="Who runs it, e.g. 'CCAS'.")] = None
    room: Annotated[v.ShortText | None, v.Field(description="Where in the building.")] = None
    access: Annotated[Access, v.Field(description="'free' or 'appointment'.")] = Access.FREE
    access_note: Annotated[
        v.ShortText | None,
        v.Field(
            description="How to get in, in the partner's words ('Sur inscription'); "
            "shown instead of the access label."
        ),
    ] = None
    audience: Annotated[Text | None, v.Field(description="Who it is for, if restricted.")] = None
    cancelled_on: Annotated[
        tuple[v.Day, ...],
        v.Field(description="Days this slot does not take place (shown as cancelled)."),
    ] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.end <= self.start:
            raise ValueError("end must be after start (slots do not run past midnight)")

    def cancelled(self, day: date) -> bool:
        return day in self.cancelled_on

    def happens_on(self, day: date) -> bool:
        """Whether this slot takes place on calendar day ``day``."""
        return Weekday.of(day) is self.weekday and self.valid_on(day)
