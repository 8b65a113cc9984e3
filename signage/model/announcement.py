"""Announcements and image posters."""

from __future__ import annotations

from pydantic import Field

from signage.model.common import InstantValidity, Item, Text


class Announcement(Item, InstantValidity):
    """A short message for visitors, shown while valid."""

    title: Text
    body: Text | None = Field(default=None)
    urgent: bool = Field(
        default=False,
        description="Shown before everything else (alone, or every other slide) while valid.",
    )
