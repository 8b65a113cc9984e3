"""Sync against a real HTTP server on 127.0.0.1: every way a feed or a server can fail."""

from __future__ import annotations

import io
import json
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from signage import __version__
from signage.clock import FixedClock
from signage.config import SourceSection
from signage.feed import ParsedFeed, parse_feed_bytes
from signage.sources.cache import ContentCache
from signage.sources.http import HttpFetcher
from signage.sources.sync import Outcome, Syncer, user_agent
from tests.httpd import (
    FeedServer,
    endless,
    gzip_bomb,
    hang,
    ok,
    status,
    trickle,
    truncated,
)

WORKSHOP = {
    "start": "2026-12-01T14:00:00+01:00",
    "end": "2026-12-01T16:00:00+01:00",
    "title": "Prendre en main son smartphone",
}


def feed_bytes(**sections: Any) -> bytes:
    document = {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
        **sections,
    }
    return json.dumps(document).encode()


GOOD = feed_bytes(workshops=[WORKSHOP], announcements=[{"title": "Bonjour"}])


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


class Counter:
    """A parser that counts its calls, to prove an unchanged feed is not parsed again."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: bytes) -> ParsedFeed:
        self.calls += 1
        return parse_feed_bytes(data)


def make_syncer(
    url: str, tmp_path: Path, *, parse: Any = parse_feed_bytes, **limits: Any
) -> Syncer:
    settings: dict[str, Any] = {
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "deadline_seconds": 5.0,
        "max_feed_mb": 1.0,
        "cache_dir": tmp_path / "cache",
    }
    settings.update(limits)
    source = SourceSection(feed=url, **settings)
    fetcher = HttpFetcher(
        user_agent("maurepas"),
        connect_timeout=source.connect_timeout,
        read_timeout=source.read_timeout,
        backoff=0.05,
        retry_after_cap=0.5,
    )
    syncer = Syncer(source, "maurepas", fetcher=fetcher, parse=parse, image_box=(640, 360))
    syncer.start()
    return syncer


def titles(syncer: Syncer) -> list[str]:
    assert syncer.snapshot is not None
    return [a.title.pick("fr") for a in syncer.snapshot.feed.announcements]


def primed(server: FeedServer, tmp_path: Path, *responders: Any) -> Syncer:
    """A syncer that already holds GOOD, then meets ``responders``."""
    url = server.route("/feed.json", ok(GOOD), *responders)
    syncer = make_syncer(url, tmp_path)
    assert syncer.sync().outcome is Outcome.UPDATED
    return syncer


# -- conditional GET ---------------------------------------------------------------------


def test_unchanged_feed_costs_a_304_and_no_parse(server: FeedServer, tmp_path: Path) -> None:
    url = server.route(
        "/feed.json", ok(GOOD, etag='"v1"', last_modified="Sat, 28 Nov 2026 08:00:00 GMT")
    )
    parse = Counter()
    syncer = make_syncer(url, tmp_path, parse=parse)
    first = syncer.sync()
    second = syncer.sync()
    assert (first.outcome, first.status) == (Outcome.UPDATED, 200)
    assert (second.outcome, second.status) == (Outcome.UNCHANGED, 304)
    assert parse.calls == 1
    asked = server.requests_to("/feed.json")[1].headers
    assert asked["if-none-match"] == '"v1"'
    assert asked["if-modified-since"] == "Sat, 28 Nov 2026 08:00:00 GMT"
    assert second.snapshot is not None and second.snapshot.version == first.snapshot.version  # type: ignore[union-attr]


def test_a_304_writes_the_confirmation_to_disk_at_most_every_ten_minutes(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/feed.json", ok(GOOD, etag='"v1"'))
    clock = FixedClock(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    source = SourceSection(feed=url, cache_dir=tmp_path / "cache")
    syncer = Syncer(source, "maurepas", clock=clock)
    syncer.start()
    assert syncer.sync().status == 200
    stored = tmp_path / "cache" / "snapshot.bin"
    written = stored.read_bytes(), stored.stat().st_mtime_ns

    clock.set(datetime(2026, 11, 28, 9, 5, tzinfo=UTC))
    polled = syncer.sync()

    # Confirmed for the screen (its content's age), but nothing rewritten: a poll every
    # 10 s would otherwise rewrite the whole feed on the SD card each time.
    assert polled.status == 304 and polled.snapshot is not None
    assert polled.snapshot.confirmed_at == clock.now()
    assert (stored.read_bytes(), stored.stat().st_mtime_ns) == written

    clock.set(datetime(2026, 11, 28, 9, 11, tzinfo=UTC))
    assert syncer.sync().status == 304
    cached = ContentCache(tmp_path / "cache").load()
    assert cached is not None and cached.confirmed_at == clock.now()


def test_requests_share_one_deadline_thread(server: FeedServer, tmp_path: Path) -> None:
    syncer = primed(server, tmp_path)
    for _ in range(30):
        assert syncer.sync().status in {200, 304}
    # A thread per request (threading.Timer) was most of a poll's CPU; one keeps them all.
    names = [t.name for t in threading.enumerate()]
    assert names.count("deadlines") == 1
    assert not any(name.startswith("Thread-") and "Timer" in name for name in names)


def test_last_modified_alone_is_enough(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", ok(GOOD, last_modified="Sat, 28 Nov 2026 08:00:00 GMT"))
    syncer = make_syncer(url, tmp_path)
    syncer.sync()
    assert syncer.sync().status == 304


def test_the_player_says_who_it_is(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", ok(GOOD))
    make_syncer(url, tmp_path).sync()
    assert server.seen[0].headers["user-agent"] == f"esc-signage/{__version__} (site maurepas)"


# -- server trouble ------------------------------------------------------------------------


def test_server_errors_are_retried(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", status(500), status(503), ok(GOOD))
    report = make_syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.UPDATED
    assert len(server.requests_to("/feed.json")) == 3


def test_a_long_retry_after_is_capped(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", status(429, Retry_After="3600"), ok(GOOD))
    began = time.monotonic()
    report = make_syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.UPDATED
    assert time.monotonic() - began < 3


def test_a_server_that_keeps_failing_leaves_the_content(server: FeedServer, tmp_path: Path) -> None:
    syncer = primed(server, tmp_path, status(503))
    report = syncer.sync()
    assert report.outcome is Outcome.FAILED
    assert "503" in report.message
    assert titles(syncer) == ["Bonjour"]


def test_a_server_that_never_answers_is_given_up(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", hang(server))
    syncer = make_syncer(url, tmp_path, read_timeout=0.5)
    began = time.monotonic()
    report = syncer.sync()
    assert report.outcome is Outcome.FAILED
    assert "did not answer in time" in report.message
    assert time.monotonic() - began < 5


def test_the_deadline_bounds_a_silent_server_whatever_the_read_timeout(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/feed.json", hang(server))
    syncer = make_syncer(url, tmp_path, read_timeout=60.0, deadline_seconds=5.0)
    began = time.monotonic()
    report = syncer.sync()
    assert report.outcome is Outcome.FAILED
    assert 4.5 < time.monotonic() - began < 6.5


def test_a_trickling_server_is_stopped_by_the_deadline(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", trickle(GOOD, every=0.05))
    syncer = make_syncer(url, tmp_path, deadline_seconds=5.0)
    began = time.monotonic()
    report = syncer.sync()
    elapsed = time.monotonic() - began
    assert report.outcome is Outcome.FAILED
    assert "deadline" in report.message
    assert 4.5 < elapsed < 7


def test_nobody_listening(tmp_path: Path) -> None:
    report = make_syncer("http://127.0.0.1:9/feed.json", tmp_path).sync()
    assert report.outcome is Outcome.FAILED
    assert "cannot reach the server" in report.message


# -- what comes back is not a usable feed ---------------------------------------------------


@pytest.mark.parametrize(
    ("responder", "outcome", "words"),
    [
        (truncated(GOOD), Outcome.FAILED, "cut short"),
        (ok(GOOD[:-20]), Outcome.REFUSED, "not valid JSON"),
        (ok(b"<html><body>Maintenance</body></html>", "text/html"), Outcome.REFUSED, "text/html"),
        (ok(b'{"format": "esc-signage-feed", "version": 2}'), Outcome.REFUSED, "version 2"),
        (ok(b'{"hello": "world"}'), Outcome.REFUSED, "not a signage feed"),
    ],
    ids=["truncated", "invalid-json", "html-page", "unknown-version", "not-a-feed"],
)
def test_a_refused_feed_never_replaces_a_good_one(
    server: FeedServer, tmp_path: Path, responder: Any, outcome: Outcome, words: str
) -> None:
    syncer = primed(server, tmp_path, responder)
    before = syncer.snapshot
    report = syncer.sync()
    assert report.outcome is outcome
    assert words in report.message
    assert report.snapshot is before
    assert titles(syncer) == ["Bonjour"]
    # And the cache still holds the good feed for the next start.
    again = make_syncer(server.url("/feed.json"), tmp_path)
    assert titles(again) == ["Bonjour"]


@pytest.mark.parametrize(
    "responder",
    [endless(50 * 1024 * 1024), gzip_bomb(50 * 1024 * 1024)],
    ids=["50MB-body", "gzip-bomb"],
)
def test_oversized_bodies_stop_at_the_cap_with_bounded_memory(
    server: FeedServer, tmp_path: Path, responder: Any
) -> None:
    url = server.route("/feed.json", responder)
    syncer = make_syncer(url, tmp_path, max_feed_mb=1.0)
    tracemalloc.start()
    try:
        report = syncer.sync()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.outcome is Outcome.FAILED
    assert "too large" in report.message
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def test_an_announced_oversized_body_is_not_downloaded(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/feed.json", ok(b" " * (2 * 1024 * 1024)))
    report = make_syncer(url, tmp_path, max_feed_mb=1.0).sync()
    assert "announced" in report.message


def test_one_invalid_workshop_is_dropped_the_others_kept(
    server: FeedServer, tmp_path: Path
) -> None:
    bad = {**WORKSHOP, "end": "2026-12-01T13:00:00+01:00"}
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP, bad, WORKSHOP])))
    report = make_syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.UPDATED
    assert report.snapshot is not None and len(report.snapshot.feed.workshops) == 2
    assert [(d.section, d.index) for d in report.dropped] == [("workshops", 1)]
    assert "end must be after start" in report.dropped[0].reason


# -- images ---------------------------------------------------------------------------------


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode != "1" else 1).save(out, "PNG")
    return out.getvalue()


def test_hostile_images_drop_their_poster_only(server: FeedServer, tmp_path: Path) -> None:
    import hashlib  # noqa: PLC0415

    good = png(1600, 1200)
    bomb = png(12000, 12000, "1")  # 144 megapixels in a few kilobytes
    assert len(bomb) < 200_000
    images = {
        "/good.png": ok(good, "image/png"),
        "/bomb.png": ok(bomb, "image/png"),
        "/cut.png": ok(good[: len(good) // 3], "image/png"),
        "/text.png": ok(b"this is not an image at all", "image/png"),
        "/hash.png": ok(good, "image/png"),
        "/icon.png": ok(b"GIF89a broken", "image/gif"),
    }
    for path, responder in images.items():
        server.route(path, responder)
    posters = [
        {
            "image": server.url("/good.png"),
            "sha256": hashlib.sha256(good).hexdigest(),
            "caption": "ok",
        },
        {"image": server.url("/bomb.png")},
        {"image": server.url("/cut.png")},
        {"image": server.url("/text.png")},
        {"image": server.url("/hash.png"), "sha256": "0" * 64},
    ]
    apps = [
        {
            "name": "ameli",
            "description": "Santé",
            "url": "https://www.ameli.fr/",
            "icon": server.url("/icon.png"),
        }
    ]
    url = server.route("/feed.json", ok(feed_bytes(posters=posters, apps=apps)))
    report = make_syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.UPDATED
    snapshot = report.snapshot
    assert snapshot is not None
    (kept,) = snapshot.feed.posters
    assert kept.caption is not None and kept.caption.pick("fr") == "ok"
    stored = Path(kept.image)
    assert stored.parent == tmp_path / "cache" / "images"
    assert stored.name.startswith(hashlib.sha256(good).hexdigest())  # named from the hash
    with Image.open(stored) as image:
        assert image.size == (480, 360)  # pre-scaled to the screen box, once
    reasons = " | ".join(report.images_refused)
    assert "too large" in reasons
    assert "broken image" in reasons
    assert "not an image" in reasons
    assert "the feed expects" in reasons
    assert [d.section for d in report.dropped] == ["posters"] * 4
    (app,) = snapshot.feed.apps
    assert app.icon is None  # the app stays, without its icon


def test_images_are_not_downloaded_again(server: FeedServer, tmp_path: Path) -> None:
    server.route("/a.png", ok(png(100, 100), "image/png"))
    first = feed_bytes(posters=[{"image": server.url("/a.png")}])
    second = feed_bytes(posters=[{"image": server.url("/a.png"), "caption": "new"}])
    url = server.route("/feed.json", ok(first), ok(second))
    syncer = make_syncer(url, tmp_path)
    assert syncer.sync().images_fetched == 1
    report = syncer.sync()
    assert (report.images_fetched, report.images_reused) == (0, 1)
    assert len(server.requests_to("/a.png")) == 1


# -- the cache -------------------------------------------------------------------------------


def test_cached_content_is_there_at_start_without_network(
    server: FeedServer, tmp_path: Path
) -> None:
    primed(server, tmp_path)
    server.stop()
    syncer = make_syncer(server.url("/feed.json"), tmp_path)  # start() reads the cache only
    assert titles(syncer) == ["Bonjour"]
    report = syncer.sync()
    assert report.outcome is Outcome.FAILED
    assert titles(syncer) == ["Bonjour"]


def test_a_corrupted_cache_is_set_aside_and_refetched(server: FeedServer, tmp_path: Path) -> None:
    primed(server, tmp_path)
    snapshot_file = tmp_path / "cache" / "snapshot.bin"
    data = bytearray(snapshot_file.read_bytes())
    data[-5] ^= 0xFF  # one flipped byte on disk
    snapshot_file.write_bytes(bytes(data))
    syncer = make_syncer(server.url("/feed.json"), tmp_path)
    assert syncer.snapshot is None
    assert list((tmp_path / "cache" / "corrupt").iterdir())
    assert syncer.sync().outcome is Outcome.UPDATED
    assert "if-none-match" not in server.seen[-1].headers
    assert titles(syncer) == ["Bonjour"]


def test_a_sync_killed_before_the_replace_leaves_the_old_snapshot(
    server: FeedServer, tmp_path: Path
) -> None:
    primed(server, tmp_path)
    cache_dir = tmp_path / "cache"

    def killed(temp: str, target: Path) -> None:
        raise KeyboardInterrupt("killed between write and replace")

    cache = ContentCache(cache_dir, replace=killed)
    newer = feed_bytes(announcements=[{"title": "Nouveau"}])
    url = server.route("/feed.json", ok(newer))
    source = SourceSection(feed=url, cache_dir=cache_dir)
    syncer = Syncer(source, "maurepas", cache=cache, image_box=(640, 360))
    syncer.start()
    with pytest.raises(KeyboardInterrupt):
        syncer.sync()
    (cache_dir / ".snapshot.bin.leftover.tmp").write_bytes(b"half a snapshot")  # a hard kill
    after = make_syncer(url, tmp_path)
    assert titles(after) == ["Bonjour"]  # the old snapshot, whole
    assert not list(cache_dir.glob(".*.tmp"))  # and the leftover is cleared


def test_an_unwritable_cache_keeps_the_content_in_memory(
    server: FeedServer, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    url = server.route("/feed.json", ok(GOOD))
    syncer = make_syncer(url, tmp_path, cache_dir=blocked / "cache")
    report = syncer.sync()
    assert report.outcome is Outcome.UPDATED
    assert report.cache_error is not None and "content kept in memory" in report.cache_error
    assert titles(syncer) == ["Bonjour"]


def test_a_local_feed_file_is_synced_too(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(GOOD)
    syncer = make_syncer(str(feed), tmp_path)
    assert syncer.sync().outcome is Outcome.UPDATED
    assert syncer.sync().outcome is Outcome.UNCHANGED
    feed.write_bytes(feed_bytes(announcements=[{"title": "Modifié"}]))
    assert syncer.sync().outcome is Outcome.UPDATED
    assert titles(syncer) == ["Modifié"]
