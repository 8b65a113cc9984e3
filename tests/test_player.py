"""The player: rotation, crossfade stage, composition root (pytest-qt, offscreen)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import LoadedConfig, load_config
from signage.model import Site
from signage.ops.systemd import Notifier
from signage.player.app import Player, display_available
from signage.player.context import PaintContext
from signage.player.render import render_body
from signage.player.rotation import Rotation
from signage.player.stage import SlideStage
from signage.player.theme import DEFAULT_THEME
from signage.slides import FallbackSlide, Slide
from tests.conftest import FeedWriter, paris

NOW = paris(2026, 11, 28, 10, 40)
SITE = Site(id="maurepas", name="ESC Maurepas")


def slides(*keys: str) -> list[Slide]:
    return [FallbackSlide(key=k, duration=5, site=SITE) for k in keys]


def collect(qtbot: QtBot, rotation: Rotation, count: int) -> list[str]:
    shown: list[str] = []
    rotation.slideChanged.connect(lambda slide: shown.append(slide.key))
    rotation.start()
    qtbot.waitUntil(lambda: len(shown) >= count, timeout=5000)
    rotation.stop()
    return shown[:count]


def test_rotation_goes_round_the_playlist_by_durations(qtbot: QtBot) -> None:
    rotation = Rotation(lambda now: slides("a", "b", "c"), FixedClock(NOW), time_scale=0.004)
    assert collect(qtbot, rotation, 7) == ["a", "b", "c", "a", "b", "c", "a"]


def test_rotation_keeps_its_place_when_the_playlist_changes(qtbot: QtBot) -> None:
    rotation = Rotation(lambda now: slides("a", "b", "c", "d"), FixedClock(NOW), time_scale=10)
    shown: list[str] = []
    rotation.slideChanged.connect(lambda slide: shown.append(slide.key))
    rotation.start()
    rotation.advance()  # now on "b"
    rotation.set_playlist(lambda now: slides("new", "a", "b", "c", "d"))
    rotation.advance()
    rotation.set_playlist(lambda now: slides("a", "d"))  # "c" is gone: continue from its place
    rotation.advance()
    rotation.stop()
    assert shown == ["a", "b", "c", "d"]  # "d" followed the vanished "c"


def test_rotation_uses_the_clock_it_is_given(qtbot: QtBot) -> None:
    seen = []
    clock = FixedClock(NOW)

    def playlist(now: object) -> list[Slide]:
        seen.append(now)
        return slides("a")

    rotation = Rotation(playlist, clock, time_scale=10)
    rotation.start()
    clock.set(paris(2026, 11, 28, 14, 0))
    rotation.advance()
    rotation.stop()
    assert seen == [NOW, paris(2026, 11, 28, 14, 0)]


StartPlayer = Callable[..., Player]


@pytest.fixture
def start_player(qtbot: QtBot) -> Iterator[StartPlayer]:
    """Start players in a window; wait for their first content; stop them all after."""
    started: list[Player] = []

    def start(loaded: LoadedConfig, *, content: bool = True, **options: Any) -> Player:
        options.setdefault("clock", FixedClock(NOW))
        player = Player(loaded, windowed=True, **options)
        started.append(player)
        player.start()
        qtbot.waitUntil(lambda: player.stage.current_image() is not None, timeout=5000)
        if content:  # the first sync runs within a second of the start
            qtbot.waitUntil(
                lambda: not isinstance(player.rotation.current, FallbackSlide), timeout=5000
            )
        return player

    yield start
    for player in started:
        player.stop()


def test_demo_player_shows_the_semainier_first_then_rotates(
    qtbot: QtBot, start_player: StartPlayer, demo_config: LoadedConfig
) -> None:
    player = start_player(demo_config, content=False, time_scale=0.005)
    shown: list[str] = [type(player.rotation.current).__name__]
    player.rotation.slideChanged.connect(lambda slide: shown.append(type(slide).__name__))
    qtbot.waitUntil(lambda: len([k for k in shown if k != "FallbackSlide"]) >= 12, timeout=10000)
    # No cache yet: the fallback, then the first sync brings the content, semainier first.
    assert shown[0] == "FallbackSlide"
    assert next(k for k in shown if k != "FallbackSlide") == "SemainierSlide"
    assert {"AgendaSlide", "WifiSlide", "AppsSlide", "PosterSlide"} <= set(shown)


def test_window_shows_header_and_slide(
    qtbot: QtBot, start_player: StartPlayer, demo_config: LoadedConfig
) -> None:
    player = start_player(demo_config, time_scale=100)
    qtbot.wait(50)
    frame = player.stage.grab_frame()
    header = QColor(DEFAULT_THEME.palette.header)
    assert frame.pixelColor(QPoint(5, 5)) == header
    body = QColor(DEFAULT_THEME.palette.background)
    assert frame.pixelColor(QPoint(5, frame.height() - 5)) == body


def test_portrait_config_turns_the_picture(
    qtbot: QtBot, start_player: StartPlayer, write_feed: FeedWriter
) -> None:
    path = write_feed(
        display='[display]\norientation = "portrait"\n', announcements=[{"title": "Bonjour"}]
    )
    player = start_player(load_config(path), time_scale=100)
    player.stage.resize(1280, 720)
    qtbot.waitUntil(
        lambda: (
            player.stage.current_image() is not None
            and player.stage.current_image().height() > 1000
        ),
        timeout=5000,
    )  # type: ignore[union-attr]
    assert player.stage.screen_size().width() == 720


def test_invalid_config_shows_a_message_not_a_black_screen(
    qtbot: QtBot, start_player: StartPlayer, tmp_path: Path
) -> None:
    path = tmp_path / "screen.toml"
    path.write_text('[site]\nid = "maurepas"\n[source]\nfeed = "f.json"\n[display]\nmode = "x"\n')
    loaded = load_config(path)
    assert loaded.config is None
    player = start_player(loaded, content=False, time_scale=100)
    slide = player.rotation.current
    assert isinstance(slide, FallbackSlide)
    assert "screen.toml" in slide.reason and "display.mode" in slide.reason


def test_unreadable_feed_shows_the_fallback(
    qtbot: QtBot, start_player: StartPlayer, write_feed: FeedWriter
) -> None:
    path = write_feed()
    (path.parent / "feed.json").write_text("<html>502</html>", encoding="utf-8")
    player = start_player(load_config(path), content=False, time_scale=100)
    qtbot.wait(1500)  # the first sync has run and refused the feed
    assert isinstance(player.rotation.current, FallbackSlide)


def test_a_slide_that_fails_to_paint_is_skipped(
    qtbot: QtBot,
    start_player: StartPlayer,
    demo_config: LoadedConfig,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def renderer(slide: Slide, size: QSize, ctx: PaintContext) -> QImage:
        if slide.key == "broken":
            raise ZeroDivisionError("painter bug")
        return render_body(slide, size, ctx)

    player = start_player(demo_config, time_scale=0.004, renderer=renderer)
    good = slides("good")[0]
    player.rotation.set_playlist(lambda now: [good, replace(good, key="broken")])
    shown: list[str] = []
    player.stage.shown.connect(shown.append)
    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=5000)
    assert set(shown) == {"good"}
    assert sum("could not be painted" in r.message for r in caplog.records) == 1


@pytest.mark.parametrize(("quit_keys", "closes"), [(True, True), (False, False)])
def test_escape_quits_only_the_desktop_preview(
    qtbot: QtBot, make_stage: Callable[..., SlideStage], quit_keys: bool, closes: bool
) -> None:
    stage = make_stage(lambda: PaintContext(now=NOW), quit_keys=quit_keys)
    stage.show()
    qtbot.keyClick(stage, Qt.Key.Key_Escape)
    assert stage.isVisible() is not closes


def test_display_detection() -> None:
    assert not display_available({})
    assert display_available({"DISPLAY": ":0"})
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"})
    assert display_available({"QT_QPA_PLATFORM": "offscreen"})


def test_run_without_a_display_suggests_render() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "signage", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "no display found" in result.stderr and "signage render" in result.stderr
    assert "Traceback" not in result.stderr


def test_header_clock_follows_the_minute(
    qtbot: QtBot, start_player: StartPlayer, demo_config: LoadedConfig
) -> None:
    clock = FixedClock(paris(2026, 11, 28, 10, 40, 59))
    player = start_player(demo_config, clock=clock, time_scale=100)
    header_height = int(0.10 * min(player.stage.width(), player.stage.height()))
    clock_area = player.stage.grab_frame().copy(
        player.stage.width() // 2, 0, player.stage.width() // 2, header_height
    )
    clock.set(paris(2026, 11, 28, 10, 41, 0))
    # The stage wakes itself at the start of the next minute (one second away here).
    qtbot.waitUntil(
        lambda: (
            player.stage.grab_frame().copy(
                player.stage.width() // 2, 0, player.stage.width() // 2, header_height
            )
            != clock_area
        ),
        timeout=3000,
    )


def test_crossfade_blends_the_old_and_new_slide(
    qtbot: QtBot, make_stage: Callable[..., SlideStage]
) -> None:
    stage = make_stage(lambda: PaintContext(now=NOW), transition_ms=3000)
    stage.resize(640, 360)
    stage.show()
    size = stage.screen_size()
    black, white = (
        QImage(size, QImage.Format.Format_RGB32),
        QImage(size, QImage.Format.Format_RGB32),
    )
    black.fill(QColor("#000000"))
    white.fill(QColor("#ffffff"))
    stage.show_slide(black, SITE, "a")
    stage.show_slide(white, SITE, "b")
    qtbot.wait(1500)  # long enough a fade that a loaded machine still lands mid-way
    middle = stage.grab_frame().pixelColor(QPoint(320, 300)).lightness()
    assert 20 < middle < 235, "halfway through, the two slides are blended"
    qtbot.waitUntil(
        lambda: stage.grab_frame().pixelColor(QPoint(320, 300)) == QColor("#ffffff"),
        timeout=4000,
    )
    assert stage.grab_frame().pixelColor(QPoint(320, 300)) == QColor("#ffffff")


def test_no_transition_switches_at_once(
    qtbot: QtBot, make_stage: Callable[..., SlideStage]
) -> None:
    stage = make_stage(lambda: PaintContext(now=NOW), transition_ms=0)
    stage.resize(640, 360)
    stage.show()
    white = QImage(stage.screen_size(), QImage.Format.Format_RGB32)
    white.fill(QColor("#ffffff"))
    stage.show_slide(white, SITE, "a")
    white2 = QImage(white)
    white2.fill(QColor("#000000"))
    stage.show_slide(white2, SITE, "b")
    # At once: the very next frame shows the new slide, with nothing in between.
    qtbot.waitUntil(
        lambda: stage.grab_frame().pixelColor(QPoint(320, 300)) == QColor("#000000"), timeout=200
    )


@pytest.mark.parametrize(("transition", "moves"), [("slide", True), ("crossfade", False)])
def test_slide_transition_moves_the_new_slide_in(
    qtbot: QtBot, make_stage: Callable[..., SlideStage], transition: str, moves: bool
) -> None:
    stage = make_stage(lambda: PaintContext(now=NOW), transition_ms=3000, transition=transition)
    stage.resize(640, 360)
    stage.show()
    black = QImage(stage.screen_size(), QImage.Format.Format_RGB32)
    black.fill(QColor("#000000"))
    white = QImage(black)
    white.fill(QColor("#ffffff"))
    stage.show_slide(black, SITE, "a")
    stage.show_slide(white, SITE, "b")
    qtbot.wait(1500)
    frame = stage.grab_frame()
    left, right = frame.pixelColor(QPoint(5, 300)), frame.pixelColor(QPoint(635, 300))
    if moves:  # mid-way: old slide still on the left, new slide coming in on the right
        assert (left, right) == (QColor("#000000"), QColor("#ffffff"))
    else:  # a fade: both sides blend the same way, nothing moves
        assert left == right and left not in (QColor("#000000"), QColor("#ffffff"))


def test_reduce_motion_turns_a_slide_into_a_fade(
    qtbot: QtBot, start_player: StartPlayer, write_feed: FeedWriter
) -> None:
    path = write_feed(
        display='[display]\ntransition = "slide"\nreduce_motion = true\n',
        announcements=[{"title": "Bonjour"}],
    )
    player = start_player(load_config(path), time_scale=100)
    assert player.stage.transition == "crossfade"


def test_alternate_languages_take_turns_slide_by_slide(
    qtbot: QtBot, start_player: StartPlayer, write_feed: FeedWriter
) -> None:
    path = write_feed(
        display='[display]\nlanguage = "fr"\nalternate = ["en", "ar"]\n',
        announcements=[{"title": {"fr": "Bonjour", "en": "Hello", "ar": "مرحبا"}}],
    )
    player = start_player(load_config(path), time_scale=100)
    seen = [player.language]
    for _ in range(4):
        player.rotation.advance()
        seen.append(player.language)
    assert seen[-3:] in (["fr", "en", "ar"], ["en", "ar", "fr"], ["ar", "fr", "en"])
    assert set(seen) == {"fr", "en", "ar"}


def test_systemd_hears_ready_once_the_first_slide_is_drawn(
    qtbot: QtBot, demo_config: LoadedConfig, tmp_path: Path
) -> None:
    """READY=1 means a visitor sees the slide: sent after the window drew it, not when
    the picture was handed to the stage (systemd then starts what waits for the screen)."""
    drawn: list[int] = []
    told: list[tuple[int, str]] = []

    class Recording(Notifier):
        def ready(self, status: str) -> bool:
            told.append((len(drawn), status))
            return super().ready(status)

    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(address)
        sock.setblocking(False)
        player = Player(
            demo_config,
            windowed=True,
            clock=FixedClock(NOW),
            notifier=Recording({"NOTIFY_SOCKET": address}),
        )
        player.stage.frameSwapped.connect(lambda: drawn.append(1))
        player.start()
        try:
            received: list[bytes] = []

            def ready_received() -> bool:
                with contextlib.suppress(BlockingIOError):
                    received.append(sock.recv(4096))
                return any(m.startswith(b"READY=1") for m in received)

            qtbot.waitUntil(ready_received, timeout=5000)
        finally:
            player.stop()
    assert len(told) == 1
    frames_before, status = told[0]
    assert frames_before >= 1  # the first slide was on the window when systemd heard
    assert status and status in next(m for m in received if m.startswith(b"READY")).decode()
