"""One site's share of a feed, sorted once, so that each slide change costs O(log n).

``build_playlist`` and ``next_change`` run at every slide boundary on the GUI thread.
Filtering a feed of 100,000 workshops there took a tenth of a second each time; here the
feed is sorted once per content version (in the sync thread, see ``warm``), and what an
instant needs is found by bisection:

* the agenda's workshops: sorted by start, with a max-tree of their ends, so the next
  workshop not yet over is found in O(log n) however many are past;
* the next change of the playlist: sorted ends, starts and validity edges;
* announcements and posters valid now: the set only changes at a validity edge, so it
  is worked out once per interval between edges;
* the semainier of a day: the slots of its weekday, once per day.

Pure: the answers are those of a plain scan (tests compare both); the cache only keeps
the last few feeds, by identity.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, Generic, TypeVar

from signage.feed import Feed
from signage.model import (
    Announcement,
    ImagePoster,
    ResourceApp,
    SemainierSlot,
    Site,
    WifiOffer,
    Workshop,
)
from signage.model.common import InstantValidity
from signage.model.rooms import Booking, Room
from signage.model.semainier import Weekday

T = TypeVar("T", bound=InstantValidity)
_KEEP: Final = 4  # feeds indexed at once (the one shown, one arriving, renders, tests)


class _MaxTree:
    """Maximum over ranges of a fixed list of numbers, to find the first value above x."""

    def __init__(self, values: Sequence[float]) -> None:
        size = 1
        while size < len(values):
            size *= 2
        self._size = size
        tree = [float("-inf")] * (2 * size)
        tree[size : size + len(values)] = values
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self._tree = tree

    def first_above(self, start: int, x: float) -> int | None:
        """The smallest index ≥ ``start`` whose value is > ``x``, if any."""
        if start >= self._size:
            return None
        tree, node = self._tree, start + self._size
        while True:
            if tree[node] > x:
                while node < self._size:  # down to the leftmost leaf above x
                    node = 2 * node if tree[2 * node] > x else 2 * node + 1
                return node - self._size
            while node & 1:  # a right child: its parent's range is done, climb
                node >>= 1
            if node == 0:
                return None
            node += 1  # the next range to the right


class _Edges:
    """Sorted instants, to find the first one after a moment."""

    def __init__(self, instants: list[datetime]) -> None:
        self._instants = sorted(instants, key=lambda i: i.timestamp())
        self._stamps = [i.timestamp() for i in self._instants]

    def after(self, moment: float, shift: timedelta = timedelta(0)) -> datetime | None:
        """The first instant (minus ``shift``) strictly after ``moment`` (a timestamp)."""
        index = bisect_right(self._stamps, moment + shift.total_seconds())
        return self._instants[index] - shift if index < len(self._instants) else None


class _Valid(Generic[T]):
    """Dated items valid at an instant; the set only changes at an edge, so it is
    computed once per interval between two edges."""

    def __init__(self, items: list[T]) -> None:
        self._items: list[T] = items
        edges = {e.timestamp() for i in items for e in (i.valid_from, i.valid_until) if e}
        self._edges = sorted(edges)
        self._memo: tuple[int, list[T]] | None = None
        self._lock = threading.Lock()

    def at(self, now: datetime) -> list[T]:
        interval = bisect_right(self._edges, now.timestamp())
        with self._lock:
            if self._memo is None or self._memo[0] != interval:
                self._memo = (interval, [i for i in self._items if i.valid_at(now)])
            return self._memo[1]


class SiteContent:
    """The items of a feed for one site, sorted and indexed (immutable once built)."""

    def __init__(self, feed: Feed, site_id: str) -> None:
        self.site: Site | None = feed.site(site_id)
        # By start, then end and title: two workshops at the same hour keep one order
        # whatever the feed's (a console's preview adds the one being typed at the end).
        workshops = sorted(
            (w for w in feed.workshops if w.for_site(site_id)),
            key=lambda w: (w.start.timestamp(), w.end.timestamp(), w.title.pick("fr")),
        )
        self._workshops = workshops
        self._starts = [w.start.timestamp() for w in workshops]
        self._tree = _MaxTree([w.end.timestamp() for w in workshops])
        self._ends = _Edges([w.end for w in workshops])
        self._begins = _Edges([w.start for w in workshops])
        self._weekdays: dict[Weekday, list[SemainierSlot]] = {day: [] for day in Weekday}
        for slot in feed.semainier:
            if slot.for_site(site_id):
                self._weekdays[slot.weekday].append(slot)
        for slots in self._weekdays.values():
            slots.sort(key=lambda s: (s.start, s.end))
        self._days: dict[date, tuple[SemainierSlot, ...]] = {}
        # The site's rooms and their bookings; a public booking is a semainier slot too.
        self.rooms: tuple[Room, ...] = tuple(r for r in feed.rooms if r.site == site_id)
        names = {r.id: r for r in self.rooms}
        self.bookings: tuple[Booking, ...] = tuple(b for b in feed.bookings if b.room in names)
        self._public = [(b, names[b.room]) for b in self.bookings if b.public]
        announcements = [a for a in feed.announcements if a.for_site(site_id)]
        posters = [p for p in feed.posters if p.for_site(site_id)]
        self.urgent = _Valid([a for a in announcements if a.urgent])
        self.announcements = _Valid([a for a in announcements if not a.urgent])
        self.posters = _Valid(posters)
        dated: list[Announcement | ImagePoster] = [*announcements, *posters]
        self._validity = _Edges([e for i in dated for e in (i.valid_from, i.valid_until) if e])
        self.wifi: tuple[WifiOffer, ...] = tuple(o for o in feed.wifi if o.for_site(site_id))
        self.apps: tuple[ResourceApp, ...] = tuple(a for a in feed.apps if a.for_site(site_id))
        self._lock = threading.Lock()

    def upcoming(self, now: datetime, horizon: datetime, most: int) -> list[Workshop]:
        """Workshops not over at ``now`` that start before ``horizon``, by start, at most
        ``most`` of them."""
        moment, end = now.timestamp(), horizon.timestamp()
        found: list[Workshop] = []
        index = self._tree.first_above(0, moment)
        while index is not None and len(found) < most and self._starts[index] < end:
            found.append(self._workshops[index])
            index = self._tree.first_above(index + 1, moment)
        return found

    def slots_on(self, day: date) -> tuple[SemainierSlot, ...]:
        """The slots taking place on ``day``, in time order (kept per day): the
        semainier's, and the public bookings of the site's rooms."""
        with self._lock:
            slots = self._days.get(day)
            if slots is None:
                found = [s for s in self._weekdays[Weekday.of(day)] if s.valid_on(day)]
                found += [_slot(b, r, day) for b, r in self._public if b.takes_place(day)]
                slots = tuple(sorted(found, key=lambda s: (s.start, s.end)))
                if len(self._days) > 8:
                    self._days.clear()
                self._days[day] = slots
            return slots

    def semainier_on(self, day: date) -> list[SemainierSlot]:
        """The semainier's own slots of ``day`` (without the bookings)."""
        return [s for s in self._weekdays[Weekday.of(day)] if s.valid_on(day)]

    def next_workshop_change(self, now: datetime, horizons: Sequence[timedelta]) -> list[datetime]:
        """When a workshop leaves the agenda (its end) or enters it (start − horizon)."""
        moment = now.timestamp()
        found = [self._ends.after(moment)]
        found += [self._begins.after(moment, horizon) for horizon in horizons]
        return [f for f in found if f is not None]

    def next_validity_edge(self, now: datetime) -> datetime | None:
        return self._validity.after(now.timestamp())


def _slot(booking: Booking, room: Room, day: date) -> SemainierSlot:
    """A public booking as the semainier slot of ``day`` it makes (built, not checked:
    the booking was)."""
    return SemainierSlot(
        id=booking.id,
        sites=(room.site,),
        weekday=Weekday.of(day),
        start=booking.start,
        end=booking.end,
        title=booking.title,
        partner=booking.partner,
        room=room.name,
        access=booking.access,
        access_note=booking.access_note,
        audience=booking.audience,
        cancelled_on=(day,) if booking.cancelled(day) else (),
    )


@dataclass
class _Entry:
    feed: Feed
    site_id: str
    content: SiteContent


_cache: list[_Entry] = []
_cache_lock = threading.Lock()


def site_content(feed: Feed, site_id: str) -> SiteContent:
    """The index of ``feed`` for ``site_id``, built on first use and kept while the feed
    is among the last few used (by identity: hashing a big feed would cost a scan)."""
    with _cache_lock:
        for entry in _cache:
            if entry.feed is feed and entry.site_id == site_id:
                return entry.content
    content = SiteContent(feed, site_id)  # built outside the lock: may take a while
    with _cache_lock:
        _cache.insert(0, _Entry(feed, site_id, content))
        del _cache[_KEEP:]
    return content


def warm(feed: Feed, site_id: str) -> None:
    """Build the index now (in the sync thread) rather than at the next slide change."""
    site_content(feed, site_id)
