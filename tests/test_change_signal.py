"""Issue 16: an urgent message (and its withdrawal) reaches a screen within seconds,
whatever its refresh interval: ``publish`` writes a tiny ``version.json``, the screen
asks for it often (a 304 when unchanged) and syncs at once when it names a newer
publication."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from signage.sources.change_signal import ChangeSignal, version_address
from tests.httpd import FeedServer, status
from tests.publishing import Content, copy_example, serving


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_version_file_sits_beside_the_feed() -> None:
    assert version_address("https://esc.example.org/ecrans/feed.json") == (
        "https://esc.example.org/ecrans/version.json"
    )
    assert version_address("/srv/signage/feed.json") == "/srv/signage/version.json"


def test_a_newer_publication_asks_for_one_sync(tmp_path: Path) -> None:
    held = {"sequence": 4}
    clock = Clock()
    signal = ChangeSignal(str(tmp_path / "feed.json"), lambda: held["sequence"], "t", clock=clock)
    assert not signal.poll()  # no version file: relies on the refresh interval
    (tmp_path / "version.json").write_text(json.dumps({"sequence": 5}))
    clock.now += 601  # the quiet time after a missing file
    assert signal.poll()
    assert not signal.poll()  # asked already; the sync is on its way
    clock.now += 20
    assert signal.poll()  # that sync did not bring it: ask again
    held["sequence"] = 5
    assert not signal.poll()


def test_over_http_an_unchanged_version_costs_a_304() -> None:
    body = json.dumps({"sequence": 7}).encode()

    def version(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v7"':
            status(304)(request)
            return
        request.send_response(200)
        request.send_header("ETag", '"v7"')
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    server = FeedServer({"/version.json": [version]})
    try:
        signal = ChangeSignal(server.url("/feed.json"), lambda: 6, "t")
        assert signal.poll()
        assert not signal.poll()
        assert [s.headers.get("if-none-match") for s in server.seen] == [None, '"v7"']
        signal.close()
    finally:
        server.stop()


def _status(home: Path) -> dict[str, Any]:
    found = list((home / "state").rglob("status.json"))
    try:
        return json.loads(found[0].read_text()) if found else {}
    except ValueError:  # read while being replaced
        return {}


def _urgent_shown(home: Path) -> bool:
    current = _status(home).get("current_slide") or {}
    return str(current.get("key", "")).startswith("urgent:")


def _wait(check: Callable[[], object], seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.25)
    return float("inf")


@pytest.mark.timeout(180)
def test_an_urgent_message_reaches_a_running_screen_within_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content: Content = copy_example(tmp_path, capsys)
    assert content.publish().code == 0
    assert (content.out / "version.json").is_file()
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
    }
    with serving(content.out.parent) as base:
        config = tmp_path / "screen.toml"
        config.write_text(
            f'[site]\nid = "maurepas"\n\n[source]\nfeed = "{base}/{content.out.name}/feed.json"\n'
            "refresh_minutes = 60\nwatch_seconds = 5\n\n"
            '[[playlist]]\nkind = "wifi"\nduration = 30\n\n'
            '[[playlist]]\nkind = "apps"\nduration = 30\n',
            "utf-8",
        )
        home.mkdir()
        with (home / "player.log").open("ab") as log:
            player = subprocess.Popen(
                [sys.executable, "-m", "signage", "run", "--config", str(config), "--windowed"],
                env=env,
                stdout=log,
                stderr=log,
            )
        try:
            assert _wait(lambda: _status(home).get("current_slide"), 60) < 60, "no start"
            time.sleep(6)  # past the first sync and first watch
            content.append(
                "admins/announcements.toml",
                '\n[[announcement]]\nid = "alerte"\ntitle = "Fermeture à 15 h"\nurgent = true\n',
            )
            assert content.publish().code == 0
            shown_after = _wait(lambda: _urgent_shown(home), 45)
            text = content.admins / "announcements.toml"
            text.write_text(text.read_text("utf-8").split('\n[[announcement]]\nid = "alerte"')[0])
            assert content.publish().code == 0
            gone_after = _wait(lambda: not _urgent_shown(home), 45)
        finally:
            player.terminate()
            player.wait(20)
    log_text = (home / "player.log").read_text(errors="replace")[-3000:]
    # A refresh interval of an hour, yet seconds: the 30-second bound of the issue.
    assert shown_after < 30, f"urgent not shown within 30 s: {log_text}"
    assert gone_after < 30, f"withdrawn urgent still shown after 30 s: {log_text}"
