"""Issue 16: the status tells the truth — local times with their offset, "urgent" when an
urgent message shows, no stale error after recovery, the last success remembered across
a restart, when a sleeping screen wakes; a command piped into `head` ends quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import load_config
from signage.ops.status import format_status
from signage.player.app import Player
from signage.sources.sync import Outcome, SyncReport
from tests.conftest import FeedWriter, paris

NOW = paris(2026, 11, 28, 10, 40)


def _player(qtbot: QtBot, players: list[Player], config: Path, clock: FixedClock) -> Player:
    player = Player(load_config(config), windowed=True, clock=clock, time_scale=100)
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.snapshot.version != "", timeout=5000)
    return player


def _status(tmp_path: Path, player: Player) -> dict[str, object]:
    assert player.operations is not None
    player.operations.recorder.flush()
    return json.loads((tmp_path / "records" / "status.json").read_text())  # type: ignore[no-any-return]


def test_times_are_local_and_an_urgent_message_is_said(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    config = write_feed(
        playlist=[{"kind": "announcements", "duration": 5}],
        announcements=[{"id": "alerte", "title": "Fermeture à 15 h", "urgent": True}],
        display=f'[records]\nfolder = "{tmp_path / "records"}"\n',
    )
    player = _player(qtbot, players, config, FixedClock(NOW))
    qtbot.waitUntil(lambda: player.rotation.current is not None, timeout=5000)
    status = _status(tmp_path, player)
    assert str(status["updated_at"]).startswith("2026-11-28T10:40") and str(
        status["updated_at"]
    ).endswith("+01:00")
    current = status["current_slide"]
    assert isinstance(current, dict) and current["description"].startswith("urgent ")
    assert "Fermeture à 15 h" in current["description"]
    text = format_status(status, NOW)
    assert "2026-11-28 10:40 (+01:00)" in text and "showing urgent" in text


def test_an_error_is_cleared_on_recovery_and_the_last_success_outlives_a_restart(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    config = write_feed(
        playlist=[{"kind": "announcements", "duration": 5}],
        announcements=[{"id": "bonjour", "title": "Bonjour"}],
        display=f'[records]\nfolder = "{tmp_path / "records"}"\n',
    )
    player = _player(qtbot, players, config, FixedClock(NOW))
    operations = player.operations
    assert operations is not None and player.bridge is not None
    player.bridge.stop()  # no sync of its own comes between the reports below
    operations.on_report(SyncReport(Outcome.FAILED, "the server answered 503", None))
    assert "503" in str(_status(tmp_path, player)["sync"])
    operations.on_report(SyncReport(Outcome.UNCHANGED, "unchanged", None))
    sync = _status(tmp_path, player)["sync"]
    assert isinstance(sync, dict) and sync["last_error"] is None
    success = sync["last_success"]
    player.stop()
    players.remove(player)
    again = Player(load_config(config), windowed=True, clock=FixedClock(NOW), time_scale=100)
    players.append(again)
    assert again.operations is not None
    again.operations.write_status()
    again.operations.recorder.flush()
    status = json.loads((tmp_path / "records" / "status.json").read_text())
    assert status["sync"]["last_success"] == success


def test_a_sleeping_screen_says_when_it_wakes() -> None:
    status = {
        "site": {"id": "maurepas", "name": "ESC Maurepas"},
        "updated_at": "2026-11-28T20:00:00+01:00",
        "display": "asleep",
        "wakes_at": "2026-11-30T08:20:00+01:00",
        "content": {},
        "sync": {"last_success": "2026-11-28T19:55:00+01:00", "last_error": None},
    }
    text = format_status(status, paris(2026, 11, 28, 20, 1))
    assert "asleep (closed), wakes 2026-11-30 08:20 (+01:00)" in text
    assert "last success 2026-11-28 19:55 (+01:00)" in text and "failing" not in text


@pytest.mark.parametrize("command", [["schema"], ["--help"]])
def test_a_command_piped_into_head_ends_quietly(command: list[str]) -> None:
    shell = f"{sys.executable} -m signage {' '.join(command)} | head -c 10"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {shell}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
        check=False,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_a_heartbeat_added_while_running_is_sent_without_a_restart(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    from tests.httpd import FeedServer, status  # noqa: PLC0415

    server = FeedServer()
    try:
        url = server.route("/beat", status(204))
        config = write_feed(
            playlist=[{"kind": "announcements", "duration": 5}],
            announcements=[{"id": "bonjour", "title": "Bonjour"}],
            display=f'[records]\nfolder = "{tmp_path / "records"}"\n',
        )
        player = _player(qtbot, players, config, FixedClock(NOW))
        assert player.operations is not None and player.operations.heartbeat is None
        beat = f'\n[heartbeat]\nurl = "{url}"\ntoken = "t0k3n-de-test"\nminutes = 5\n'
        config.write_text(config.read_text() + beat)
        player.apply_config(load_config(config))
        qtbot.waitUntil(lambda: bool(server.requests_to("/beat")), timeout=10000)
        assert server.requests_to("/beat")[0].headers["authorization"] == "Bearer t0k3n-de-test"
    finally:
        server.stop()
