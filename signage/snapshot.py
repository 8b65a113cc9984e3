"""The content snapshot: what the player shows, immutable, handed from sync to screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from signage.feed import EMPTY_FEED, DroppedItem, Feed


@dataclass(frozen=True)
class Snapshot:
    """A validated feed whose images are local, pre-scaled files.

    ``fetched_at`` is when this content was downloaded; ``confirmed_at`` is the last
    time the source was reached and said it is still current (a 200 or a 304): the age
    a visitor cares about.
    """

    feed: Feed
    version: str
    source: str
    fetched_at: datetime
    confirmed_at: datetime
    dropped: tuple[DroppedItem, ...] = ()
    image_problems: tuple[str, ...] = field(default=())

    def age(self, now: datetime) -> timedelta:
        return now - self.confirmed_at

    def is_stale(self, now: datetime, limit: timedelta) -> bool:
        return self.age(now) > limit


def empty_snapshot(source: str, now: datetime) -> Snapshot:
    """No content at all: the player shows its fallback slide."""
    return Snapshot(EMPTY_FEED, "", source, now, now)
