"""The player over time: sleep and wake with display commands, urgent messages that do
not wait, the "now" highlight moving on, and config edits applied live."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import LoadedConfig, load_config
from signage.display_power import DisplayPower
from signage.player.app import Player
from signage.slides import SemainierSlide, SlotState, UrgentSlide, WifiSlide
from tests.conftest import FeedWriter, paris
from tests.httpd import FeedServer, ok
from tests.test_sync import feed_bytes

NOW = paris(2026, 11, 28, 10, 40)  # a Saturday
WIFI = [{"ssid": "ARCS", "security": "open"}]


def start(qtbot: QtBot, players: list[Player], loaded: LoadedConfig, clock: FixedClock) -> Player:
    player = Player(loaded, windowed=True, clock=clock, time_scale=100, allow_sleep=True)
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.stage.current_image() is not None, timeout=5000)
    return player


def hours_config(write_feed: FeedWriter, tmp_path: Path, extra: str = "") -> LoadedConfig:
    log = tmp_path / "display.log"
    path = write_feed(
        display=(
            '[hours]\nsaturday = "09:00-12:00"\nwake_before_minutes = 10\n'
            f'sleep_command = ["sh", "-c", "echo off >> {log}"]\n'
            f'wake_command = ["sh", "-c", "echo on >> {log}"]\n{extra}'
        ),
        wifi=WIFI,
    )
    return load_config(path)


def test_the_screen_sleeps_when_closed_and_wakes_before_opening(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    clock = FixedClock(paris(2026, 11, 28, 12, 30))  # Saturday, closed since 12:00
    player = start(qtbot, players, hours_config(write_feed, tmp_path), clock)
    assert player.sleep.sleeping
    assert not player.rotation.running
    qtbot.waitUntil(
        lambda: player.stage.grab_frame().pixelColor(QPoint(640, 400)) == QColor("#000000"),
        timeout=3000,
    )
    clock.set(paris(2026, 12, 5, 8, 50))  # next Saturday, ten minutes before opening
    player.sleep.check()
    assert not player.sleep.sleeping
    assert player.rotation.running
    qtbot.waitUntil(
        lambda: (
            (tmp_path / "display.log").is_file()
            and (tmp_path / "display.log").read_text().split() == ["off", "on"]
        ),
        timeout=3000,
    )


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["false"], "failed (1)"),
        (["sleep", "30"], "did not finish in 1 s"),
        (["no-such-program-here"], "not found"),
    ],
    ids=["fails", "hangs", "missing"],
)
def test_a_bad_display_command_is_logged_once_and_harmless(
    command: list[str], words: str, caplog: pytest.LogCaptureFixture
) -> None:
    power = DisplayPower(command, command, timeout=1)
    began = time.monotonic()
    threads = [power.set(False), power.set(True), power.set(False)]
    assert time.monotonic() - began < 0.5  # never waits on the caller's thread
    for thread in threads:
        assert thread is not None
        thread.join(5)
    assert sum(words in r.message for r in caplog.records) == 1


def test_no_sleep_without_hours(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter
) -> None:
    clock = FixedClock(paris(2026, 11, 29, 3, 0))
    player = start(qtbot, players, load_config(write_feed(wifi=WIFI)), clock)
    assert not player.sleep.sleeping


def test_an_urgent_message_does_not_wait_for_the_slide_to_end(
    qtbot: QtBot, players: list[Player], tmp_path: Path
) -> None:
    server = FeedServer()
    try:
        urgent = feed_bytes(
            wifi=WIFI,
            announcements=[{"title": "Fermeture exceptionnelle cet après-midi", "urgent": True}],
        )
        url = server.route("/feed.json", ok(feed_bytes(wifi=WIFI)), ok(urgent))
        path = tmp_path / "screen.toml"
        path.write_text(
            f'[site]\nid = "maurepas"\n[source]\nfeed = "{url}"\ncache_dir = "c"\n'
            '[[playlist]]\nkind = "wifi"\nduration = 600\n',
            encoding="utf-8",
        )
        player = start(qtbot, players, load_config(path), FixedClock(NOW))
        qtbot.waitUntil(lambda: isinstance(player.rotation.current, WifiSlide), timeout=5000)
        assert player.bridge is not None
        player.bridge.sync_soon()
        qtbot.waitUntil(lambda: isinstance(player.rotation.current, UrgentSlide), timeout=5000)
    finally:
        server.stop()


def test_the_now_highlight_moves_on_at_the_slot_edge(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter
) -> None:
    path = write_feed(
        playlist=[{"kind": "semainier", "duration": 600}],
        semainier=[
            {"weekday": "saturday", "start": "10:00", "end": "11:00", "title": "Café"},
            {"weekday": "saturday", "start": "11:00", "end": "12:00", "title": "Atelier"},
        ],
    )
    clock = FixedClock(paris(2026, 11, 28, 10, 59))
    player = start(qtbot, players, load_config(path), clock)
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, SemainierSlide), timeout=5000)
    refreshed: list[object] = []
    player.rotation.slideRefreshed.connect(refreshed.append)
    clock.set(paris(2026, 11, 28, 11, 0))
    player.rotation.refresh()  # what the change timer does at 11:00
    slide = player.rotation.current
    assert isinstance(slide, SemainierSlide) and refreshed == [slide]
    assert [v.state for v in slide.slots] == [SlotState.PAST, SlotState.NOW]


def test_a_config_edit_applies_live_and_keeps_the_rotation_place(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter
) -> None:
    path = write_feed(
        playlist=[{"kind": "wifi", "duration": 600}, {"kind": "announcements", "duration": 600}],
        wifi=WIFI,
        announcements=[{"title": {"fr": "Bonjour", "en": "Hello"}}],
    )
    player = start(qtbot, players, load_config(path), FixedClock(NOW))
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, WifiSlide), timeout=5000)
    path.write_text(
        path.read_text().replace("[site]", '[display]\nlanguage = "en"\n[site]'), encoding="utf-8"
    )
    player.watcher.poll()
    player.watcher.poll()  # applied once the edit has settled, checked off the GUI thread
    qtbot.waitUntil(lambda: player.languages == ("en",), timeout=5000)
    assert isinstance(player.rotation.current, WifiSlide)  # same place, not back to the start
    player.rotation.advance()
    assert player.language == "en"


def test_a_config_check_never_holds_the_gui_thread(qtbot: QtBot, write_feed: FeedWriter) -> None:
    # A check as slow as a config with huge values used to be (30 s froze the screen):
    # the GUI thread only notices the edit; the check runs beside it.
    from signage.player.config_watch import ConfigWatcher  # noqa: PLC0415

    path = write_feed(playlist=[{"kind": "wifi", "duration": 600}], wifi=WIFI)

    def slow_check(checked: Path) -> LoadedConfig:
        time.sleep(1.0)
        return load_config(checked)

    watcher = ConfigWatcher(path, load=slow_check)
    reloaded: list[LoadedConfig] = []
    watcher.reloaded.connect(reloaded.append)
    path.write_text(path.read_text() + '\n[display]\ntheme = "dark"\n', encoding="utf-8")
    began = time.monotonic()
    watcher.poll()
    watcher.poll()
    assert time.monotonic() - began < 0.1 and watcher.checking
    qtbot.waitUntil(lambda: len(reloaded) == 1, timeout=5000)
    assert reloaded[0].config is not None
    assert reloaded[0].config.display.theme.value == "dark"
    watcher.stop()


def test_a_broken_config_edit_keeps_the_running_config(
    qtbot: QtBot,
    players: list[Player],
    write_feed: FeedWriter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = write_feed(playlist=[{"kind": "wifi", "duration": 600}], wifi=WIFI)
    player = start(qtbot, players, load_config(path), FixedClock(NOW))
    running = player.config
    path.write_text(path.read_text() + '\n[display]\ntheme = "pink"\n', encoding="utf-8")
    for _ in range(4):
        player.watcher.poll()
    qtbot.waitUntil(lambda: not player.watcher.checking, timeout=5000)
    player.apply_config(load_config(path))  # the same broken file seen again
    assert player.config is running
    assert sum("display.theme: 'pink' is not allowed" in r.message for r in caplog.records) == 1
    with caplog.at_level(logging.INFO):
        path.write_text(path.read_text().replace('theme = "pink"', 'theme = "dark"'))
        player.watcher.poll()
        player.watcher.poll()
        qtbot.waitUntil(lambda: player.config is not running, timeout=5000)
    assert any("valid again" in r.message for r in caplog.records)


def test_a_desktop_preview_never_sleeps(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    player = Player(
        hours_config(write_feed, tmp_path),
        windowed=True,
        clock=FixedClock(paris(2026, 11, 28, 22, 0)),
        time_scale=100,
    )
    players.append(player)
    player.start()
    assert not player.sleep.sleeping


def test_new_opening_hours_in_the_content_put_the_screen_to_sleep_at_once(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    open_all_day = {"id": "maurepas", "name": "ESC Maurepas", "hours": {"saturday": "08:00-18:00"}}
    config = write_feed(sites=[open_all_day], wifi=WIFI)
    player = start(qtbot, players, load_config(config), FixedClock(NOW))
    assert not player.sleep.sleeping
    # From now on the site closes at 10:00 on Saturdays (it is 10:40): published, synced.
    feed = json.loads((tmp_path / "feed.json").read_text())
    feed["sites"][0]["hours"] = {"saturday": "08:00-10:00"}
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    assert player.bridge is not None
    player.bridge.sync_soon()
    qtbot.waitUntil(lambda: player.sleep.sleeping, timeout=5000)
    assert player.sleep.next_change is not None  # it knows when it wakes
