"""The bundled demo: complete, valid, and never stale."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from signage.config import load_config
from signage.demo import prepare_demo
from signage.feed import parse_feed_bytes
from signage.playlist import build_playlist
from signage.slides import AgendaSlide, AppsSlide, SemainierSlide, WifiSlide
from tests.conftest import PARIS, load_feed, paris, sync_once


@pytest.mark.parametrize("today", [date(2026, 11, 28), date(2027, 3, 24), date(2031, 10, 22)])
def test_demo_has_upcoming_workshops_whatever_the_day(tmp_path: Path, today: date) -> None:
    config = load_config(prepare_demo(tmp_path, today)).config
    assert config is not None
    report = sync_once(config)
    assert report.dropped == () and report.images_refused == ()
    assert report.snapshot is not None
    upcoming = [
        w
        for w in report.snapshot.feed.workshops
        if today <= w.start.astimezone(PARIS).date() <= today + timedelta(days=42)
    ]
    assert len(upcoming) >= 8


def test_redated_workshops_keep_their_wall_clock_time_across_dst(tmp_path: Path) -> None:
    # The reference weeks are in winter (UTC+1); re-dated to a summer week (UTC+2)
    # a 14:00 workshop must still start at 14:00 local time.
    config = load_config(prepare_demo(tmp_path, date(2027, 7, 6))).config
    assert config is not None
    feed = load_feed(config)
    original_bytes = (Path(__file__).parents[1] / "assets" / "demo" / "feed.json").read_bytes()
    original = parse_feed_bytes(original_bytes).feed
    for moved, source in zip(feed.workshops, original.workshops, strict=True):
        assert moved.start.astimezone(PARIS).time() == source.start.astimezone(PARIS).time()
        assert moved.start.astimezone(PARIS).weekday() == source.start.astimezone(PARIS).weekday()
        assert moved.start.utcoffset() == timedelta(hours=2)


def test_demo_shows_every_kind_on_a_saturday_morning(tmp_path: Path) -> None:
    loaded = load_config(prepare_demo(tmp_path, date(2026, 11, 28)))
    assert loaded.config is not None
    feed = load_feed(loaded.config)
    slides = build_playlist(feed, loaded.config, paris(2026, 11, 28, 10, 40))
    kinds = {type(s).__name__ for s in slides}
    assert kinds == {
        "SemainierSlide",
        "AgendaSlide",
        "AnnouncementSlide",
        "WifiSlide",
        "AppsSlide",
        "PosterSlide",
        "RoomsSlide",
    }
    assert sum(len(s.apps) for s in slides if isinstance(s, AppsSlide)) >= 6
    (wifi,) = [s for s in slides if isinstance(s, WifiSlide)]
    assert wifi.offer.provider == "ARCS"
    days = [s for s in slides if isinstance(s, SemainierSlide)]
    assert any(v.state.value == "now" for day in days for v in day.slots)
    assert sum(len(s.workshops) for s in slides if isinstance(s, AgendaSlide)) >= 8
    poster = next(s for s in slides if type(s).__name__ == "PosterSlide")
    assert Path(poster.poster.image).is_file()  # type: ignore[attr-defined]


def test_demo_semainier_covers_the_week(tmp_path: Path) -> None:
    config = load_config(prepare_demo(tmp_path, date(2026, 11, 28))).config
    assert config is not None
    feed = load_feed(config)
    days = {s.weekday.value for s in feed.semainier}
    assert {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} <= days
    friday = [s.title.pick("fr") for s in feed.semainier if s.weekday.value == "friday"]
    assert any("bénévoles" in t for t in friday)  # the volunteers' Friday-morning slot
