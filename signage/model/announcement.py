"""Announcements and image posters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from signage.model.common import InstantValidity, Item, Text
from signage.model.record import v


@dataclass(frozen=True, kw_only=True)
class Announcement(Item, InstantValidity):
    """A short message for visitors, shown while valid."""

    title: Text
    body: Text | None = None
    urgent: Annotated[
        bool,
        v.Field(
            description="Shown before everything else (alone, or every other slide) while valid."
        ),
    ] = False
