"""The player with live content: cache at start, syncs in the background, stale marks."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QThread
from pytestqt.qtbot import QtBot

from signage.cli import main
from signage.clock import FixedClock
from signage.config import LoadedConfig, load_config
from signage.player.app import Player
from signage.player.latency import LatencyProbe
from signage.player.render import render_frame
from signage.player.sync_bridge import SyncBridge
from signage.player.text import PaintLog
from signage.slides import AnnouncementSlide, FallbackSlide
from signage.sources.http import HttpFetcher
from signage.sources.sync import Outcome, Syncer, SyncReport
from tests.conftest import paris
from tests.httpd import FeedServer, ok, status
from tests.test_sync import GOOD, WORKSHOP, feed_bytes

NOW = paris(2026, 11, 28, 10, 40)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


def screen_config(tmp_path: Path, url: str, extra: str = "") -> LoadedConfig:
    path = tmp_path / "screen.toml"
    path.write_text(
        f'[site]\nid = "maurepas"\n[source]\nfeed = "{url}"\ncache_dir = "cache"\n'
        f"read_timeout = 1.0\nconnect_timeout = 1.0\n{extra}\n"
        '[display]\ntransition = "none"\n'
        '[[playlist]]\nkind = "announcements"\nduration = 10\n',
        encoding="utf-8",
    )
    return load_config(path)


def start(qtbot: QtBot, players: list[Player], loaded: LoadedConfig, **options: object) -> Player:
    player = Player(
        loaded,
        windowed=True,
        clock=options.pop("clock", FixedClock(NOW)),  # type: ignore[arg-type]
        time_scale=100,
        **options,
    )  # type: ignore[arg-type]
    players.append(player)
    player.start()
    return player


def test_cached_content_shows_at_once_when_the_server_is_down(
    qtbot: QtBot, players: list[Player], server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/feed.json", ok(GOOD))
    loaded = screen_config(tmp_path, url)
    first = start(qtbot, players, loaded)
    qtbot.waitUntil(lambda: isinstance(first.rotation.current, AnnouncementSlide), timeout=5000)
    first.stop()
    server.stop()  # the network is gone; a new start must not wait for it
    again = start(qtbot, players, loaded)
    assert isinstance(again.rotation.current, AnnouncementSlide)
    assert again.rotation.current.announcement.title.pick("fr") == "Bonjour"


def test_no_cache_and_no_server_shows_the_fallback_and_says_why(
    qtbot: QtBot, players: list[Player], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    player = start(qtbot, players, screen_config(tmp_path, "http://127.0.0.1:9/feed.json"))
    assert isinstance(player.rotation.current, FallbackSlide)
    qtbot.waitUntil(lambda: any("cannot reach" in r.message for r in caplog.records), timeout=8000)
    assert isinstance(player.rotation.current, FallbackSlide)


def test_new_content_arrives_without_restarting_the_rotation(
    qtbot: QtBot, players: list[Player], server: FeedServer, tmp_path: Path
) -> None:
    newer = feed_bytes(announcements=[{"title": "Un"}, {"title": "Deux"}, {"title": "Trois"}])
    url = server.route("/feed.json", ok(GOOD), ok(newer))
    player = start(qtbot, players, screen_config(tmp_path, url))
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, AnnouncementSlide), timeout=5000)
    shown_before = player.rotation.current
    assert player.bridge is not None
    player.bridge.sync_soon()
    qtbot.waitUntil(lambda: len(player.snapshot.feed.announcements) == 3, timeout=5000)
    assert player.rotation.current is shown_before  # applied at the next boundary only
    player.rotation.advance()
    # The rotation keeps its place: after the first announcement comes the second one.
    assert player.rotation.current.announcement.title.pick("fr") == "Deux"  # type: ignore[union-attr]


def test_failures_are_logged_once_when_they_start_and_once_when_they_end(
    qtbot: QtBot,
    players: list[Player],
    server: FeedServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = server.route("/feed.json", ok(GOOD), *[status(503)] * 8, ok(GOOD))
    loaded = screen_config(tmp_path, url)
    assert loaded.config is not None
    fetcher = HttpFetcher("test", backoff=0.01)  # each sync tries 4 times, quickly
    syncer = Syncer(loaded.config.source, "maurepas", fetcher=fetcher)
    player = start(qtbot, players, loaded, syncer=syncer)
    qtbot.waitUntil(lambda: player.snapshot.version != "", timeout=5000)
    assert player.syncer is not None
    reports = [player.syncer.sync() for _ in range(3)]
    assert [r.outcome for r in reports] == [Outcome.FAILED, Outcome.FAILED, Outcome.UNCHANGED]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for report in reports:
            player.apply_report(report)
    messages = [r.message for r in caplog.records]
    assert sum("503" in m for m in messages) == 1  # when it starts, not at every failed sync
    assert sum("sync works again" in m for m in messages) == 1


def test_old_content_gets_a_discreet_mark_and_one_log_line(
    qtbot: QtBot,
    players: list[Player],
    server: FeedServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = server.route("/feed.json", ok(GOOD))
    clock = FixedClock(NOW)
    player = start(
        qtbot, players, screen_config(tmp_path, url, "stale_after_hours = 2"), clock=clock
    )
    qtbot.waitUntil(lambda: player.snapshot.version != "", timeout=5000)
    assert player.paint_context().updated_at is None
    server.stop()
    clock.set(NOW + timedelta(hours=3))
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            player.rotation.advance()
    assert player.paint_context().updated_at == NOW
    assert sum("older than" in r.message for r in caplog.records) == 1

    log = PaintLog()
    render_frame(
        player.rotation.current, QSize(1920, 1080), replace(player.paint_context(), log=log)
    )  # type: ignore[arg-type]
    assert [t.text for t in log.texts if t.role == "updated"] == [
        "Mis à jour le 28 nov. à 10\u00a0h\u00a040"
    ]


def test_an_unwritable_cache_keeps_the_screen_going_and_says_so(
    qtbot: QtBot,
    players: list[Player],
    server: FeedServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    url = server.route("/feed.json", ok(GOOD))
    player = start(qtbot, players, screen_config(tmp_path, url))
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, AnnouncementSlide), timeout=5000)
    assert any("content kept in memory" in r.message for r in caplog.records)


def test_sync_results_reach_the_gui_thread(
    qtbot: QtBot, server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/feed.json", ok(GOOD))
    loaded = screen_config(tmp_path, url)
    assert loaded.config is not None
    syncer = Syncer(loaded.config.source, "maurepas")
    worker_threads: list[threading.Thread] = []

    def sync() -> SyncReport:
        worker_threads.append(threading.current_thread())
        return syncer.sync()

    bridge = SyncBridge(sync, interval=timedelta(minutes=5), zone=paris(2026, 1, 1).tzinfo)  # type: ignore[arg-type]
    delivered: list[QThread] = []
    bridge.synced.connect(lambda report: delivered.append(QThread.currentThread()))
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    finally:
        bridge.stop()
        syncer.close()
    assert worker_threads[0] is not threading.main_thread()
    assert delivered[0] is QThread.currentThread()  # the GUI thread


def test_the_gui_thread_keeps_ticking_during_a_large_sync(
    qtbot: QtBot, players: list[Player], server: FeedServer, tmp_path: Path
) -> None:
    workshops = [{**WORKSHOP, "title": f"Atelier numéro {i} " + "x" * 300} for i in range(4000)]
    big = feed_bytes(workshops=workshops)
    assert len(big) > 1_500_000
    url = server.route("/feed.json", ok(big))
    player = start(qtbot, players, screen_config(tmp_path, url, "max_feed_mb = 8"))
    probe = LatencyProbe(10)
    probe.start()
    qtbot.waitUntil(lambda: len(player.snapshot.feed.workshops) == 4000, timeout=20000)
    probe.stop()
    assert probe.gaps, "the probe never ticked"
    # What this guards against is the screen freezing while a big feed comes in (a
    # parse or an index built on the GUI thread: seconds). The milliseconds are
    # benchmarks/sync_load.py's (7–9 ms with the sync process); here the sync runs in a
    # thread of this process, beside three other suites on two cores in CI, where a
    # 303 ms gap was once measured under the faked clock: half a second is the bound.
    assert probe.worst < 500, f"the GUI thread stalled {probe.worst} ms"


def test_fetch_command_tells_what_it_got(
    server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {**WORKSHOP, "start": "demain"}
    url = server.route(
        "/feed.json", ok(feed_bytes(workshops=[WORKSHOP, bad], announcements=[{"title": "A"}]))
    )
    loaded = screen_config(tmp_path, url)
    assert main(["fetch", "--config", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    assert "HTTP:    200" in out
    assert "1 workshops" in out and "1 announcements" in out
    assert "dropped: workshops[1]: start: 'demain'" in out
    assert f"cache folder: {tmp_path / 'cache'}" in out
    server.stop()
    assert main(["fetch", "--config", str(loaded.path)]) == 1
    out = capsys.readouterr().out
    assert "failed: feed not fetched: cannot reach the server" in out
    assert "cached:  content confirmed" in out


def test_config_rejects_other_schemes(tmp_path: Path) -> None:
    loaded = screen_config(tmp_path, "ftp://example.org/feed.json")
    assert [str(p) for p in loaded.errors] == [
        "source.feed: 'ftp://example.org/feed.json': only https:// and http:// addresses, "
        "or a file path"
    ]


def test_refresh_has_a_floor(tmp_path: Path) -> None:
    loaded = screen_config(tmp_path, "https://example.org/feed.json", "refresh_minutes = 0.1")
    assert loaded.config is not None and loaded.config.source.refresh_minutes == 1.0
    assert "below the floor" in str(loaded.warnings[0])


def test_a_sync_asked_while_one_runs_follows_it(qtbot: QtBot) -> None:
    """« Synchroniser » (or the change file) during a slow sync: the scheduler would drop
    the ask (one run at a time); the bridge makes it when the sync in flight ends."""
    release = threading.Event()
    started: list[float] = []

    def sync() -> SyncReport:
        started.append(time.monotonic())
        if len(started) == 1:
            release.wait(5)  # the first sync is slow
        return SyncReport(Outcome.UNCHANGED, "ok", None)

    bridge = SyncBridge(sync, interval=timedelta(minutes=5), zone=paris(2026, 1, 1).tzinfo)  # type: ignore[arg-type]
    delivered: list[SyncReport] = []
    bridge.synced.connect(delivered.append)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bool(started), timeout=5000)
        bridge.sync_soon()  # asked while the first runs
        release.set()
        qtbot.waitUntil(lambda: len(delivered) == 2, timeout=5000)
    finally:
        bridge.stop()
    assert len(started) == 2


def test_every_sync_asked_after_a_report_is_made(qtbot: QtBot) -> None:
    """The player asks for a sync as soon as a report says there is more (a console's
    change signal): asked in the instant the previous sync is ending, it must still run."""
    runs: list[int] = []

    def sync() -> SyncReport:
        runs.append(len(runs))
        return SyncReport(Outcome.UNCHANGED, "ok", None)

    bridge = SyncBridge(sync, interval=timedelta(minutes=5), zone=paris(2026, 1, 1).tzinfo)  # type: ignore[arg-type]
    delivered: list[SyncReport] = []

    def again(report: SyncReport) -> None:
        delivered.append(report)
        if len(delivered) < 30:
            bridge.sync_soon()

    bridge.synced.connect(again)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: len(delivered) == 30, timeout=10000)
    finally:
        bridge.stop()
    assert len(runs) == 30
