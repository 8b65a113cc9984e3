"""A workshop of the partners' catalogue: a dated event with a way to register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from signage.bounds import LONGEST_EVENT
from signage.model.common import Item, Text
from signage.model.record import v


@dataclass(frozen=True, kw_only=True)
class Workshop(Item):
    """One dated workshop. Start and end carry their UTC offset (e.g. ``+01:00``)."""

    start: v.Instant
    end: v.Instant
    title: Text
    organiser: Annotated[v.ShortText | None, v.Field(description="Who runs it.")] = None
    place: Annotated[v.ShortText | None, v.Field(description="Where, e.g. 'Salle numérique'.")] = (
        None
    )
    registration: Annotated[
        Text | None, v.Field(description="How to register, e.g. 'À l'accueil ou au 02 23 62 …'.")
    ] = None
    audience: Annotated[Text | None, v.Field(description="Who it is for.")] = None
    free: Annotated[
        bool | None,
        v.Field(
            description="Free of charge: true shows 'Gratuit'. Leave it out when unknown "
            "(a calendar import): nothing is then said about the price."
        ),
    ] = None
    price: Annotated[v.ShortText | None, v.Field(description="Price when not free.")] = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.end - self.start > LONGEST_EVENT:
            raise ValueError("lasts more than a year: check the end's year")
