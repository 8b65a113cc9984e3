"""A sync ends within its deadline plus a second whatever the server does, and the GUI
thread never waits for it (a config edit or a shutdown during a hanging sync)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import SourceSection, load_config
from signage.player.app import Player
from signage.sources.sync import Outcome, Syncer
from tests.conftest import paris
from tests.httpd import FeedServer, Responder, stall, trickle, trickle_head

DEADLINE = 5.0  # the smallest a screen config accepts
BODY = json.dumps(
    {"format": "esc-signage-feed", "version": 1, "announcements": [{"title": "Bonjour"}]}
).encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


BEHAVIOURS = {
    "trickled status line and headers": lambda s: trickle_head(s, 0.2),
    "stall in the middle of the body": lambda s: stall(s, BODY * 50),
    "trickled body": lambda s: trickle(BODY * 50, 0.2),
}


@pytest.mark.parametrize("behaviour", sorted(BEHAVIOURS))
def test_the_deadline_holds_whatever_the_server_does(
    server: FeedServer, tmp_path: Path, behaviour: str
) -> None:
    responder: Responder = BEHAVIOURS[behaviour](server)
    url = server.route("/feed.json", responder)
    # Read timeout longer than the deadline: the deadline alone must stop it.
    source = SourceSection(
        feed=url, deadline_seconds=DEADLINE, read_timeout=60, cache_dir=tmp_path / "c"
    )
    syncer = Syncer(source, "maurepas")
    began = time.monotonic()
    report = syncer.sync()
    took = time.monotonic() - began
    syncer.close()
    assert report.outcome is Outcome.FAILED
    assert "deadline" in report.message
    assert took <= DEADLINE + 1, f"{behaviour}: {took:.1f} s"


def screen(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "screen.toml"
    path.write_text(
        f'[site]\nid = "maurepas"\n[source]\nfeed = "{url}"\ndeadline_seconds = 60\n'
        "read_timeout = 60\n",
        encoding="utf-8",
    )
    return path


def test_the_gui_thread_never_waits_for_a_hanging_sync(
    qtbot: QtBot, server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/feed.json", trickle_head(server, 0.2))
    path = screen(tmp_path, url)
    player = Player(load_config(path), windowed=True, clock=FixedClock(paris(2026, 11, 28, 10)))
    player.start()
    try:
        qtbot.waitUntil(lambda: bool(server.requests_to("/feed.json")), timeout=5000)
        # A referent edits the config (a new feed address) while the sync hangs.
        other = server.route("/other.json", trickle_head(server, 0.2))
        path.write_text(path.read_text("utf-8").replace(url, other), encoding="utf-8")
        began = time.monotonic()
        player.apply_config(load_config(path))
        assert time.monotonic() - began < 0.5
        qtbot.waitUntil(lambda: bool(server.requests_to("/other.json")), timeout=5000)
    finally:
        began = time.monotonic()
        player.stop()
        assert time.monotonic() - began < 0.5  # shutting down does not wait either
