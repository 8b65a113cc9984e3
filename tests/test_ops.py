"""Running for months: status file, proof of display, heartbeats, screenshots, no leaks."""

from __future__ import annotations

import gc
import json
import os
import stat
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from signage.cli import main
from signage.clock import FixedClock
from signage.config import LoadedConfig, load_config
from signage.ops.heartbeat import HeartbeatSender
from signage.ops.records import Recorder, format_totals, summarise
from signage.player.app import Player
from signage.sources.atomic import atomic_write
from tests.conftest import FeedWriter, paris
from tests.httpd import FeedServer, status

NOW = paris(2026, 11, 28, 10, 40)


def launch(qtbot: QtBot, players: list[Player], loaded: LoadedConfig, clock: FixedClock) -> Player:
    """A windowed player, started, once its first sync has brought content."""
    player = Player(loaded, windowed=True, clock=clock, time_scale=100)
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.snapshot.version != "", timeout=5000)
    return player


def screen(write_feed: FeedWriter, tmp_path: Path, extra: str = "") -> LoadedConfig:
    path = write_feed(
        playlist=[{"kind": "wifi", "duration": 5}, {"kind": "announcements", "duration": 5}],
        wifi=[{"id": "arcs", "ssid": "ARCS", "security": "open"}],
        announcements=[{"id": "bonjour", "title": "Bonjour"}],
        display=f'[records]\nfolder = "{tmp_path / "records"}"\n{extra}',
    )
    return load_config(path)


def test_status_file_and_status_command(
    qtbot: QtBot,
    players: list[Player],
    write_feed: FeedWriter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaded = screen(write_feed, tmp_path)
    player = launch(qtbot, players, loaded, FixedClock(NOW))
    player.rotation.advance()
    assert player.operations is not None
    player.operations.recorder.flush()
    status = json.loads((tmp_path / "records" / "status.json").read_text())
    assert status["site"] == {"id": "maurepas", "name": "ESC Maurepas"}
    assert status["display"] == "awake"
    assert status["current_slide"]["description"].startswith(("wifi", "announcements"))
    assert status["content"]["version"] == player.snapshot.version[:16]
    assert main(["status", "--config", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    assert "ESC Maurepas (maurepas)" in out and "display:  awake" in out
    assert main(["status", "--config", str(loaded.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pid"] > 0


def test_the_status_file_survives_a_crash_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    atomic_write(path, b'{"display": "awake"}')

    def crash(temp: str, target: Path) -> None:
        raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b'{"display": "asl', replace=crash)
    assert json.loads(path.read_text()) == {"display": "awake"}


def test_proof_of_display_rotates_and_sums(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path, max_log_bytes=2000)
    for number in range(120):
        kind = "agenda" if number % 3 else "wifi"
        recorder.shown(
            {
                "at": (NOW + timedelta(minutes=number)).isoformat(),
                "site": "maurepas",
                "kind": kind,
                "slide": f"{kind}:1",
                "items": [],
                "seconds": 30.0,
            }
        )
    recorder.shown(
        {
            "at": (NOW - timedelta(days=10)).isoformat(),
            "site": "maurepas",
            "kind": "agenda",
            "slide": "old",
            "items": [],
            "seconds": 999,
        }
    )
    recorder.stop()
    logs = sorted(p.name for p in tmp_path.glob("shows.jsonl*"))
    assert len(logs) > 2 and "shows.jsonl.1" in logs
    assert all(p.stat().st_size < 2600 for p in tmp_path.glob("shows.jsonl*"))
    totals = summarise(tmp_path / "shows.jsonl", NOW - timedelta(days=1))
    counts = {t.kind: (t.showings, t.seconds) for t in totals}
    kept = sum(
        1
        for line in "".join(p.read_text() for p in tmp_path.glob("shows.jsonl*")).splitlines()
        if '"old"' not in line
    )
    assert sum(c[0] for c in counts.values()) == kept  # every line kept is counted once
    assert counts["wifi"][1] == counts["wifi"][0] * 30
    text = format_totals(totals)
    assert "agenda:" in text and "showings" in text


def test_proof_of_display_records_what_was_shown(
    qtbot: QtBot,
    players: list[Player],
    write_feed: FeedWriter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaded = screen(write_feed, tmp_path)
    clock = FixedClock(NOW)
    player = launch(qtbot, players, loaded, clock)
    for _ in range(4):
        clock.set(clock.now() + timedelta(seconds=5))
        player.rotation.advance()
    assert player.operations is not None
    player.operations.recorder.flush()
    lines = [json.loads(x) for x in (tmp_path / "records" / "shows.jsonl").read_text().splitlines()]
    assert {x["kind"] for x in lines} >= {"wifi", "announcements"}
    assert any(x["items"] == ["arcs"] for x in lines)
    assert all(x["seconds"] in (0.0, 5.0) for x in lines)
    assert main(["report", "--config", str(loaded.path), "--since", "2026-11-28"]) == 0
    assert "wifi:" in capsys.readouterr().out


def test_heartbeats_survive_a_server_that_is_down(tmp_path: Path) -> None:
    server = FeedServer()
    try:
        url = server.route("/beat", status(503), status(503), status(503), status(204))
        sender = HeartbeatSender(url, "secret-token", "esc-signage/test", pause=0.05)
        for number in range(500):  # an hour of beats while the server fails
            sender.submit({"n": number}, b"\x89PNG fake")
            assert sender.pending <= 1  # memory stays bounded
        deadline = time.monotonic() + 5
        while sender.sent == 0 and time.monotonic() < deadline:
            sender.submit({"n": "again"})
            time.sleep(0.1)
        sender.stop()
        assert sender.sent >= 1  # resumed once the server answered
        beats = server.requests_to("/beat")
        assert beats[-1].headers["authorization"] == "Bearer secret-token"
        assert beats[-1].headers["content-type"].startswith("multipart/form-data")
        assert len(beats) < 60  # not one request per submitted beat
    finally:
        server.stop()


def test_screenshot_command_grabs_the_live_screen(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    loaded = screen(write_feed, tmp_path)
    player = launch(qtbot, players, loaded, FixedClock(NOW))
    assert player.operations is not None
    player.operations.recorder.flush()
    out = tmp_path / "shot.png"
    result: list[int] = []
    client = threading.Thread(
        target=lambda: result.append(
            main(["screenshot", "--config", str(loaded.path), "--out", str(out)])
        )
    )
    client.start()
    qtbot.waitUntil(lambda: bool(result), timeout=10000)  # the GUI thread serves meanwhile
    assert result == [0]
    from PySide6.QtGui import QImage  # noqa: PLC0415

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_thousands_of_rotations_hold_no_more_objects(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    loaded = screen(write_feed, tmp_path)
    player = launch(qtbot, players, loaded, FixedClock(NOW))

    def census() -> tuple[int, int]:
        qtbot.wait(50)
        # Qt objects first: listing them makes Shiboken load the methods of their types,
        # which would otherwise show up as growth in the Python count.
        children = len(player.stage.findChildren(object))
        gc.collect()
        return len(gc.get_objects()), children

    for _ in range(300):  # warm up: caches, fonts, QR matrices
        player.rotation.advance()
    census()
    objects, children = census()
    for _ in range(2000):
        player.rotation.advance()
    after_objects, after_children = census()
    assert after_children == children
    assert after_objects - objects < 500, f"{after_objects - objects} more Python objects"
    assert len(player.stage._pictures) <= 5  # images held: going out, on screen, coming in


def test_private_records_and_a_screenshot_socket_only_its_user_reaches(
    qtbot: QtBot,
    players: list[Player],
    write_feed: FeedWriter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    os.umask(0o002)  # a group-writable umask, as on many desktops
    try:
        loaded = screen(write_feed, tmp_path)
        player = launch(qtbot, players, loaded, FixedClock(NOW))
        assert player.operations is not None
        player.rotation.advance()
        player.operations.recorder.flush()
    finally:
        os.umask(0o022)
    records = tmp_path / "records"
    assert stat.S_IMODE(records.stat().st_mode) == 0o700
    for name in ("status.json", "shows.jsonl"):
        assert stat.S_IMODE((records / name).stat().st_mode) == 0o600, name
    address = Path(json.loads((records / "status.json").read_text())["screenshot_socket"])
    assert address.parent == runtime / "esc-signage"
    assert stat.S_IMODE(address.parent.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(address.stat().st_mode)
    assert stat.S_IMODE(address.stat().st_mode) & 0o077 == 0
    assert player.syncer is not None
    assert stat.S_IMODE(player.syncer.cache.folder.stat().st_mode) == 0o700
    player.stop()
    assert not address.exists()  # removed on exit


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("http://admins.example.org/beat", False),
        ("https://admins.example.org/beat", True),
        ("http://127.0.0.1:8000/beat", True),
        ("http://localhost/beat", True),
    ],
)
def test_a_heartbeat_token_over_plain_http_is_refused_by_validate(
    write_feed: FeedWriter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    url: str,
    valid: bool,
) -> None:
    loaded = screen(write_feed, tmp_path, f'[heartbeat]\nurl = "{url}"\ntoken = "secret-token"\n')
    assert main(["validate", str(loaded.path)]) == (0 if valid else 1)
    if not valid:
        assert "unencrypted; use https://" in capsys.readouterr().err


def test_proof_of_display_per_item_goes_with_the_heartbeat_and_never_counts_sleep(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    # Open 8:00-12:00 on Saturday 28 November: awake at 10:40, asleep at 12:30.
    hours = '[hours]\nsaturday = ["08:00-12:00"]\nwake_before_minutes = 0\n'
    loaded = screen(write_feed, tmp_path, hours)
    clock = FixedClock(NOW)
    player = Player(loaded, windowed=True, clock=clock, time_scale=100, allow_sleep=True)
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.snapshot.version != "", timeout=5000)
    assert player.operations is not None
    for _ in range(4):
        clock.set(clock.now() + timedelta(seconds=5))
        player.rotation.advance()
    awake = player.operations.tally.take()
    assert awake is not None
    rows = {(kind, item): (count, seconds) for kind, item, count, seconds in awake["rows"]}
    assert rows[("wifi", "arcs")][0] >= 1 and rows[("announcements", "bonjour")][0] >= 1
    clock.set(paris(2026, 11, 28, 12, 30))
    player.sleep.check()
    qtbot.waitUntil(lambda: player.sleep.sleeping, timeout=3000)
    player.operations.tally.take()  # the slide ended by sleep: counted up to 12:30
    for _ in range(4):
        clock.set(clock.now() + timedelta(minutes=30))
        player.rotation.advance()
        player._repaint_current()  # a repaint while asleep (a resize) shows nothing
    assert player.operations.tally.take() is None


def test_a_heartbeat_goes_when_content_changes_and_when_the_screen_sleeps_or_wakes(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    # Issue 26: the console must not call a screen late for ten minutes after it took a
    # publication, nor « en ligne » while it sleeps: it hears of each change at once.
    server = FeedServer()
    try:
        url = server.route("/beat", *[status(201)] * 50)
        beat = f'[heartbeat]\nurl = "{url}"\ntoken = "secret-token"\nminutes = 60\n'
        hours = '[hours]\nsaturday = ["08:00-12:00"]\nwake_before_minutes = 0\n'
        loaded = screen(write_feed, tmp_path, beat + hours)
        clock = FixedClock(NOW)
        player = Player(loaded, windowed=True, clock=clock, time_scale=100, allow_sleep=True)
        players.append(player)
        player.start()

        def beats() -> list[dict[str, object]]:
            found = []
            for seen in server.requests_to("/beat"):
                part = seen.body.split(b'name="status"', 1)[1].split(b"\r\n\r\n", 1)[1]
                found.append(json.loads(part.split(b"\r\n--", 1)[0]))
            return found

        qtbot.waitUntil(lambda: len(beats()) >= 1, timeout=10_000)  # the first slide
        shown = len(beats())
        # New content: a heartbeat with it, not in an hour.
        feed = tmp_path / "feed.json"
        document = json.loads(feed.read_text())
        document["sequence"] = 4242
        document["generated_at"] = "2026-11-28T09:40:00+00:00"
        feed.write_text(json.dumps(document))
        assert player.bridge is not None
        player.bridge.sync_soon()
        qtbot.waitUntil(
            lambda: any(b.get("content", {}).get("sequence") == 4242 for b in beats()),  # type: ignore[union-attr]
            timeout=15_000,
        )
        assert len(beats()) > shown
        # Closing time: a heartbeat saying it sleeps.
        clock.set(paris(2026, 11, 28, 12, 30))
        player.sleep.check()
        qtbot.waitUntil(lambda: beats()[-1].get("display") == "asleep", timeout=10_000)
    finally:
        server.stop()
