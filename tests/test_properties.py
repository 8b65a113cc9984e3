"""Properties over generated input, valid to hostile (Hypothesis).

* parsing a feed, a calendar or a spreadsheet raises nothing but its documented error;
* whatever is accepted makes playlists, change instants, schedules and posters, and
  paints every slide at every screen shape within a time bound;
* a poisoned cache never stops a start;
* the content index answers exactly what a plain scan of the feed answers.

``HYPOTHESIS_PROFILE=long`` runs a thousand examples per property instead of forty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signage.config import ScreenConfig, SlideKind
from signage.feed import Feed, FeedRefused, parse_feed_bytes
from signage.model import SemainierSlot, Text, Workshop
from signage.playlist import build_playlist, next_change, resolve_site
from signage.poster import PosterKind, poster_slides
from signage.schedule import plan
from signage.sources.cache import CACHE_FORMAT, SNAPSHOT_NAME
from signage.sources.calendar_worker import CalendarFailed, expand_calendar
from signage.sources.csv_semainier import CsvRefused, parse_csv_semainier
from signage.sources.ics_workshops import IcsRefused, parse_ics
from signage.sources.sync import Syncer
from tests.painting import SIZES, render
from tests.strategies import (
    any_calendar,
    feed_bytes,
    feed_documents,
    instants,
    local_instant,
    plausible_documents,
    spreadsheets,
)

PARIS = ZoneInfo("Europe/Paris")
PAINT_SECONDS = 2.0  # per slide, at any shape: a generous bound for a busy CI machine
CONFIG = ScreenConfig.model_validate(
    {
        "site": {"id": "maurepas"},
        "source": {"feed": "/nonexistent/feed.json"},
        "playlist": [
            {"kind": "semainier"},
            {"kind": "agenda", "days": 60},
            {"kind": "announcements"},
            {"kind": "wifi"},
            {"kind": "apps"},
            {"kind": "posters"},
            {"kind": "rooms"},
        ],
    }
)


def accepted(data: bytes) -> Feed | None:
    try:
        return parse_feed_bytes(data).feed
    except FeedRefused:
        return None


def works_everywhere(feed: Feed, now: datetime) -> None:
    """What the screen, ``schedule`` and ``poster`` do with a feed: none may raise."""
    for size in SIZES:
        for slide in build_playlist(feed, CONFIG, now, size):
            began = time.monotonic()
            render(slide, size, now.astimezone(resolve_site(feed, CONFIG).zone))
            assert time.monotonic() - began < PAINT_SECONDS, (type(slide).__name__, size)
    next_change(feed, CONFIG, now)
    plan(feed, CONFIG, now, now + timedelta(days=2))
    for kind in PosterKind:
        poster_slides(feed, CONFIG, kind, now, (1240, 1754))


@given(data=feed_bytes)
def test_parsing_a_feed_raises_only_feed_refused(data: bytes) -> None:
    accepted(data)


@given(document=st.one_of(plausible_documents, feed_documents), moment=instants)
def test_any_accepted_feed_paints_schedules_and_prints(
    qapp: object, document: dict[str, object], moment: datetime
) -> None:
    feed = accepted(json.dumps(document).encode())
    if feed is not None:
        works_everywhere(feed, local_instant(moment))


@given(data=any_calendar)
def test_a_calendar_is_read_or_refused_in_bounded_time_and_its_workshops_work_everywhere(
    qapp: object, data: bytes
) -> None:
    start = datetime(2026, 11, 28, tzinfo=PARIS)
    began = time.monotonic()
    try:  # the path screens and publish take: a child process with hard limits
        found, _ = expand_calendar(data, PARIS, start, start + timedelta(days=42), timeout=6)
    except CalendarFailed:
        found = ()
    assert time.monotonic() - began < 7
    workshops = tuple(w.model_copy(update={"sites": None}) for w in found)
    feed = Feed(format="esc-signage-feed", version=1, workshops=workshops)
    works_everywhere(feed, start + timedelta(hours=10))


@given(data=any_calendar)
@settings(max_examples=15)
def test_reading_a_calendar_in_process_raises_only_ics_refused(data: bytes) -> None:
    start = datetime(2026, 11, 28, tzinfo=PARIS)
    with contextlib.suppress(IcsRefused):
        parse_ics(data, PARIS, start, start + timedelta(days=42))


@given(data=spreadsheets())
def test_a_spreadsheet_is_read_or_refused_and_its_slots_work_everywhere(
    qapp: object, data: bytes
) -> None:
    try:
        table = parse_csv_semainier(data)
    except CsvRefused:
        return
    feed = Feed(format="esc-signage-feed", version=1, semainier=table.slots)
    works_everywhere(feed, datetime(2026, 11, 30, 10, tzinfo=PARIS))


@given(body=feed_bytes, header=st.one_of(st.none(), st.binary(max_size=40)))
def test_a_poisoned_cache_never_stops_a_start(
    tmp_path_factory: pytest.TempPathFactory, body: bytes, header: bytes | None
) -> None:
    folder = tmp_path_factory.mktemp("cache")
    if header is None:  # a well-formed cache file holding any feed at all
        moment = datetime(2026, 11, 27, tzinfo=UTC).isoformat()
        meta = {
            "cache_format": CACHE_FORMAT,
            "sha256": hashlib.sha256(body).hexdigest(),
            "source": "/nonexistent/feed.json",
            "fetched_at": moment,
            "confirmed_at": moment,
            "images": {},
        }
        header = json.dumps(meta).encode()
    (folder / SNAPSHOT_NAME).write_bytes(header + b"\n" + body)
    source = CONFIG.source.model_copy(update={"cache_dir": folder})
    syncer = Syncer(source, "maurepas")
    try:
        snapshot = syncer.start()
    finally:
        syncer.close()
    if snapshot is not None:
        now = datetime(2026, 11, 28, 10, tzinfo=PARIS)
        build_playlist(snapshot.feed, CONFIG, now)
        next_change(snapshot.feed, CONFIG, now)


# -- the index answers what a plain scan answers ---------------------------------------------


def scanned_agenda(feed: Feed, now: datetime, days: int) -> list[Workshop]:
    horizon = now + timedelta(days=days)
    return sorted(
        (w for w in feed.workshops if w.for_site("maurepas") and w.end > now and w.start < horizon),
        key=lambda w: w.start,
    )


def scanned_change(feed: Feed, now: datetime) -> datetime | None:
    """The previous, plain-scan next_change (for the items the index covers)."""
    zone = resolve_site(feed, CONFIG).zone
    local = now.astimezone(zone)
    candidates = [datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)]
    for slot in feed.semainier:
        if slot.for_site("maurepas") and slot.happens_on(local.date()):
            candidates += [datetime.combine(local.date(), t, zone) for t in (slot.start, slot.end)]
    for workshop in feed.workshops:
        if workshop.for_site("maurepas"):
            candidates += [workshop.end, workshop.start - timedelta(days=60)]
    for item in (*feed.announcements, *feed.posters):
        if item.for_site("maurepas"):
            candidates += [e for e in (item.valid_from, item.valid_until) if e is not None]
    later = [c for c in candidates if c > now]
    return min(later) if later else None


@given(document=plausible_documents, moment=instants)
def test_the_index_answers_what_a_scan_answers(
    document: dict[str, object], moment: datetime
) -> None:
    feed = accepted(json.dumps(document).encode())
    if feed is None:
        return
    now = local_instant(moment)
    from signage.content_index import site_content  # noqa: PLC0415

    content = site_content(feed, "maurepas")
    assert content.upcoming(now, now + timedelta(days=60), 10_000) == scanned_agenda(feed, now, 60)
    agenda_only = CONFIG.model_copy(update={"playlist": CONFIG.playlist[1:2]})
    assert agenda_only.playlist[0].kind is SlideKind.AGENDA
    assert next_change(feed, agenda_only, now) == scanned_change(feed, now)
    today = now.astimezone(resolve_site(feed, CONFIG).zone).date()
    slots = content.slots_on(today)
    assert list(slots) == sorted(
        (s for s in feed.semainier if s.for_site("maurepas") and s.happens_on(today)),
        key=lambda s: (s.start, s.end),
    )
    assert all(isinstance(s, SemainierSlot) for s in slots)


def test_a_file_of_a_hundred_thousand_workshops_is_indexed_once(tmp_path: Path) -> None:
    """Not a timing test (see benchmarks/playlist_scale.py): the index is built once per
    feed and then reused, whatever the number of slide changes."""
    from signage.content_index import site_content  # noqa: PLC0415

    start = datetime(2026, 11, 28, 10, tzinfo=PARIS)
    workshops = tuple(
        Workshop(
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=90),
            title=Text(f"Atelier {n}"),
        )
        for n in range(2000)
    )
    feed = Feed(format="esc-signage-feed", version=1, workshops=workshops)
    first = site_content(feed, "maurepas")
    for minute in range(50):
        build_playlist(feed, CONFIG, start + timedelta(minutes=minute))
    assert site_content(feed, "maurepas") is first
