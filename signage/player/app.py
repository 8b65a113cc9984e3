"""The composition root: builds and wires the player. Nothing happens at import time.

``Player`` takes its collaborators (clock, feed reader, theme) in its constructor with
real defaults, so tests run it on a fixed clock and a temporary feed without patching.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from signage.clock import Clock, SystemClock
from signage.config import (
    DisplayMode,
    DisplaySection,
    LoadedConfig,
    Orientation,
    ScreenConfig,
    Transition,
)
from signage.feed import EMPTY_FEED, Feed, FeedRefused, ParsedFeed
from signage.i18n import label
from signage.model import Site
from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.render import render_body
from signage.player.rotation import Rotation
from signage.player.stage import SlideStage
from signage.player.theme import Theme
from signage.playlist import build_playlist, fallback_slide, resolve_site
from signage.slides import Slide
from signage.sources.local import read_feed_file

log = logging.getLogger(__name__)

FeedReader = Callable[[Path], ParsedFeed]
Renderer = Callable[[Slide, QSize, PaintContext], QImage]


def display_available(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt can open a window here (a display, or an explicit platform plugin)."""
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform != "linux":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def load_feed(config: ScreenConfig, reader: FeedReader = read_feed_file) -> Feed:
    """The configured feed, or an empty one (fallback slide) with the reason logged."""
    path = config.source.feed
    try:
        parsed = reader(path)
    except FeedRefused as exc:
        log.error("feed %s refused: %s", path, exc)
        return EMPTY_FEED
    except OSError as exc:
        log.error("feed %s cannot be read: %s", path, exc.strerror or exc)
        return EMPTY_FEED
    for dropped in parsed.dropped:
        log.warning("feed %s: item left out: %s", path, dropped)
    return parsed.feed


class Player:
    """One screen: config + content → rotation → stage (the window)."""

    def __init__(
        self,
        loaded: LoadedConfig,
        *,
        clock: Clock | None = None,
        feed_reader: FeedReader = read_feed_file,
        theme: Theme | None = None,
        windowed: bool | None = None,
        time_scale: float = 1.0,
        renderer: Renderer = render_body,
    ) -> None:
        self._render = renderer
        self.clock = clock or SystemClock()
        self.theme = theme or Theme(family=load_fonts())
        self.config = loaded.config
        self.feed = EMPTY_FEED
        self._problem = ""
        if self.config is None:
            # A broken config never blacks out the screen: it says so, on screen and in
            # the log, with the file and the first problem, until the file is fixed.
            for problem in loaded.errors:
                log.error("%s: %s", loaded.path, problem)
            self._problem = (
                f"{label('config_problem', 'fr')}\n{loaded.path.name} — {loaded.errors[0]}"
            )
            self.site = Site(id="unknown", name="Signage")
            display = DisplaySection(transition=Transition.NONE)
        else:
            self.feed = load_feed(self.config, feed_reader)
            self.site = resolve_site(self.feed, self.config)
            display = self.config.display
        self.language = display.language.value
        transition_ms = (
            0 if display.transition is Transition.NONE else round(display.transition_seconds * 1000)
        )
        self.windowed = windowed if windowed is not None else display.mode is DisplayMode.WINDOWED
        self.stage = SlideStage(
            self.paint_context,
            transition_ms=transition_ms,
            portrait=display.orientation is Orientation.PORTRAIT,
            quit_keys=self.windowed,
        )
        self.rotation = Rotation(
            self._playlist, self.clock, time_scale=time_scale, parent=self.stage
        )
        self.rotation.slideChanged.connect(self._show)
        self.stage.resized.connect(self._repaint_current)
        self._failed: set[str] = set()

    def _playlist(self, now: datetime) -> Sequence[Slide]:
        if self.config is None:
            return (fallback_slide(self.site, self._problem),)
        return build_playlist(self.feed, self.config, now)

    def paint_context(self) -> PaintContext:
        return PaintContext(
            now=self.clock.now().astimezone(self.site.zone),
            language=self.language,
            theme=self.theme,
        )

    def _show(self, slide: Slide, *, fade: bool = True) -> None:
        try:
            body = self._render(slide, self.stage.screen_size(), self.paint_context())
        except Exception:  # a painter bug must not take the screen down
            if slide.key not in self._failed:  # once, not every cycle
                self._failed.add(slide.key)
                log.exception("slide %s could not be painted; skipped", slide.key)
            return
        self.stage.show_slide(body, slide.site.name, slide.key, fade=fade)

    def _repaint_current(self) -> None:
        if self.rotation.current is not None:
            self._show(self.rotation.current, fade=False)

    def start(self) -> None:
        if self.windowed:
            self.stage.resize(1280, 720)
            self.stage.show()
        else:
            self.stage.setCursor(Qt.CursorShape.BlankCursor)
            screen = self.stage.screen()
            if screen is not None:
                # Without a window manager (a bare X session in a kiosk) nothing would
                # honour the fullscreen request: cover the screen ourselves first.
                self.stage.setGeometry(screen.geometry())
            self.stage.showFullScreen()
        self.rotation.start()


def run(loaded: LoadedConfig, *, windowed: bool | None = None) -> int:
    """Run the player until its window closes; returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("signage")
    player = Player(loaded, windowed=windowed)
    player.start()
    return int(app.exec())
