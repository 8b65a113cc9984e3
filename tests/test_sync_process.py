"""Syncs in a child process: the same content as in the player's own process, handed
over item by item; unchanged content costs nothing; a lost child is replaced."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from signage.config import SourceSection, load_config
from signage.snapshot import Snapshot
from signage.sources.sync import Outcome, Syncer, SyncReport
from signage.sources.sync_process import SyncProcess, SyncSetup
from tests.httpd import FeedServer, hang, ok, status
from tests.test_sync import WORKSHOP, feed_bytes


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1d3557").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


def setup_for(url: str, cache: Path, *, watch: bool = False, held: str = "") -> SyncSetup:
    source = SourceSection(feed=url, cache_dir=cache, watch_seconds=10 if watch else 0)
    return SyncSetup(source, "maurepas", (1280, 720), (), "Europe/Paris", watch, held)


@pytest.fixture
def processes() -> Iterator[list[SyncProcess]]:
    made: list[SyncProcess] = []
    yield made
    for process in made:
        process.close()


def synced(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> tuple[SyncProcess, Snapshot]:
    """A sync process that has brought one workshop (ETag "v1"), and what it brought."""
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP]), etag='"v1"'))
    process = SyncProcess(setup_for(url, tmp_path / "cache"))
    processes.append(process)
    snapshot = process.sync(None).snapshot
    assert snapshot is not None
    return process, snapshot


def test_the_child_brings_the_same_content_as_an_in_process_sync(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    workshops = [{**WORKSHOP, "title": f"Atelier {n} — « café numérique »"} for n in range(300)]
    server.route("/poster.png", ok(png(2400, 1200), "image/png"))
    body = feed_bytes(
        workshops=workshops,
        posters=[{"image": server.url("/poster.png"), "caption": "Fête du numérique"}],
        announcements=[{"title": "Fermeture exceptionnelle lundi"}],
    )
    url = server.route("/feed.json", ok(body, etag='"v1"'))
    process = SyncProcess(setup_for(url, tmp_path / "child"))
    processes.append(process)

    report = process.sync(None)

    assert report.outcome is Outcome.UPDATED, report.message
    assert report.snapshot is not None
    direct = Syncer(SourceSection(feed=url, cache_dir=tmp_path / "direct"), "maurepas").sync()
    assert direct.snapshot is not None
    got, expected = report.snapshot.feed, direct.snapshot.feed
    assert got.workshops == expected.workshops
    assert got.announcements == expected.announcements
    assert report.snapshot.version == direct.snapshot.version
    # The poster's image was fetched and pre-scaled by the child, into its cache.
    (poster,) = got.posters
    assert Path(poster.image).is_file() and Path(poster.image).is_relative_to(tmp_path / "child")
    with Image.open(poster.image) as prepared:
        assert prepared.size == (1280, 640)
    assert report.images_fetched == 1


def test_a_304_sends_only_the_new_confirmation_date(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    process, first = synced(server, tmp_path, processes)

    again = process.sync(first)

    assert again.outcome is Outcome.UNCHANGED and again.status == 304
    assert server.requests_to("/feed.json")[-1].headers.get("if-none-match") == '"v1"'
    assert again.snapshot is not None
    # The items were neither sent nor rebuilt: the player keeps its feed object, and
    # so has nothing to lay out again.
    assert again.snapshot.feed is first.feed
    assert again.snapshot.confirmed_at > first.confirmed_at


def test_the_content_the_player_started_from_is_not_sent_again(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP]), etag='"v1"'))
    cache = tmp_path / "cache"
    Syncer(SourceSection(feed=url, cache_dir=cache), "maurepas").sync()  # an earlier run
    player = Syncer(SourceSection(feed=url, cache_dir=cache), "maurepas")
    held = player.start()  # what the screen shows at start, from its cache
    assert held is not None
    process = SyncProcess(setup_for(url, cache, held=held.version))
    processes.append(process)

    report = process.sync(held)

    assert report.status == 304
    assert report.snapshot is not None and report.snapshot.feed is held.feed


def test_a_child_that_died_between_syncs_is_replaced_without_a_failed_sync(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    process, held = synced(server, tmp_path, processes)
    first = process.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)  # out of memory, a crash in a decoder…
    time.sleep(0.2)

    back = process.sync(held)

    assert back.ok, back.message
    assert process.pid != first
    assert back.snapshot is not None
    assert back.snapshot.feed.workshops == held.feed.workshops


def test_a_child_lost_mid_sync_fails_that_sync_and_the_screen_keeps_its_content(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    url = server.route(
        "/feed.json", ok(feed_bytes(workshops=[WORKSHOP]), etag='"v1"'), hang(server), ok(b"{}")
    )
    process = SyncProcess(setup_for(url, tmp_path / "cache"))
    processes.append(process)
    held = process.sync(None).snapshot
    assert held is not None and process.pid is not None
    results: list[SyncReport] = []
    waiting = threading.Thread(target=lambda: results.append(process.sync(held)))
    waiting.start()
    deadline = time.monotonic() + 10
    while len(server.requests_to("/feed.json")) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    waiting.join(10)

    (lost,) = results
    assert lost.outcome is Outcome.FAILED
    assert "sync process was lost" in lost.message and "-9" in lost.message
    assert lost.snapshot is held


def test_a_feed_that_breaks_the_player_is_set_aside_and_fetched_whole(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    process, held = synced(server, tmp_path, processes)
    cache = tmp_path / "cache"

    process.discard_soon("the playlist failed (test)")
    report = process.sync(held)

    assert report.status == 200  # no If-None-Match: fetched whole
    assert "if-none-match" not in server.requests_to("/feed.json")[-1].headers
    assert any((cache / "corrupt").iterdir())


def test_the_child_watches_the_version_file(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP], sequence=4)))
    server.route("/version.json", ok(json.dumps({"sequence": 4}).encode()))
    process = SyncProcess(setup_for(url, tmp_path / "cache", watch=True))
    processes.append(process)
    held = process.sync(None).snapshot
    assert held is not None and held.feed.sequence == 4
    assert process.watch() is False

    server.route("/version.json", ok(json.dumps({"sequence": 5}).encode()))

    assert process.watch() is True


def test_a_failed_fetch_keeps_the_snapshot_the_player_holds(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP])), status(404))
    source = SourceSection(feed=url, cache_dir=tmp_path / "cache")
    process = SyncProcess(SyncSetup(source, "maurepas", (1280, 720), (), "Europe/Paris", False, ""))
    processes.append(process)
    held = process.sync(None).snapshot
    assert held is not None

    failed = process.sync(held)

    assert failed.outcome is Outcome.FAILED and "404" in failed.message
    assert failed.snapshot is held


def test_the_player_shows_what_its_sync_process_brings(
    server: FeedServer, tmp_path: Path, qtbot: object, players: list[object]
) -> None:
    from signage.player.app import Player  # noqa: PLC0415

    url = server.route(
        "/feed.json",
        ok(feed_bytes(announcements=[{"title": "Permanence CAF annulée"}]), etag='"v1"'),
    )
    config = tmp_path / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n[source]\nfeed = "{url}"\ncache_dir = "{tmp_path / "c"}"\n'
        '[[playlist]]\nkind = "announcements"\nduration = 10\n',
        encoding="utf-8",
    )
    player = Player(load_config(config), windowed=True, sync_process=True)
    players.append(player)
    player.start()

    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: (
            [a.title.pick("fr") for a in player.snapshot.feed.announcements]
            == ["Permanence CAF annulée"]
        ),
        timeout=20_000,
    )
    assert player.sync_process is not None
    child = player.sync_process.pid
    assert child is not None
    player.stop()
    players.remove(player)

    # Stopping the player ends its sync process (and reaps it): nothing left behind.
    assert not Path(f"/proc/{child}").exists()


def test_a_child_that_stops_answering_is_ended_and_that_sync_fails(
    server: FeedServer, tmp_path: Path, processes: list[SyncProcess]
) -> None:
    url = server.route("/feed.json", ok(feed_bytes(workshops=[WORKSHOP]), etag='"v1"'))
    source = SourceSection(feed=url, cache_dir=tmp_path / "cache", deadline_seconds=5)
    setup = SyncSetup(source, "maurepas", (1280, 720), (), "Europe/Paris", False, "")
    process = SyncProcess(setup, answer_margin=0.5)
    processes.append(process)
    held = process.sync(None).snapshot
    stuck = process.pid
    assert held is not None and stuck is not None
    os.kill(stuck, signal.SIGSTOP)  # alive, but it will never answer

    began = time.monotonic()
    failed = process.sync(held)

    assert 5 <= time.monotonic() - began < 9  # its deadline and the margin, not for ever
    assert failed.outcome is Outcome.FAILED and "-9" in failed.message
    assert failed.snapshot is held
    back = process.sync(held)  # a new child
    assert back.ok, back.message
    assert process.pid != stuck
