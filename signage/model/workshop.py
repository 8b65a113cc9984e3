"""A workshop of the partners' catalogue: a dated event with a way to register."""

from __future__ import annotations

from pydantic import Field, model_validator

from signage.bounds import LONGEST_EVENT, Instant
from signage.model.common import Item, ShortText, Text


class Workshop(Item):
    """One dated workshop. Start and end carry their UTC offset (e.g. ``+01:00``)."""

    start: Instant
    end: Instant
    title: Text
    organiser: ShortText | None = Field(default=None, description="Who runs it.")
    place: ShortText | None = Field(default=None, description="Where, e.g. 'Salle numérique'.")
    registration: Text | None = Field(
        default=None, description="How to register, e.g. 'À l'accueil ou au 02 23 62 …'."
    )
    audience: Text | None = Field(default=None, description="Who it is for.")
    free: bool | None = Field(
        default=None,
        description="Free of charge: true shows 'Gratuit'. Leave it out when unknown "
        "(a calendar import): nothing is then said about the price.",
    )
    price: ShortText | None = Field(default=None, description="Price when not free.")

    @model_validator(mode="after")
    def _check_times(self) -> Workshop:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.end - self.start > LONGEST_EVENT:
            raise ValueError("lasts more than a year: check the end's year")
        return self
