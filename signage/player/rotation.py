"""The rotation: which slide is on screen, and when the next one comes.

At each slide boundary the playlist is rebuilt from the current content and time (a
pure function, cheap), and the rotation moves to the slide after the one it showed, by
key, so that a content change or the passing of time does not send it back to the start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from signage.clock import Clock
from signage.slides import Slide

log = logging.getLogger(__name__)

PlaylistFn = Callable[[datetime], Sequence[Slide]]


class Rotation(QObject):
    """Advances through the playlist by the slides' durations.

    Signals:
        slideChanged(object): a Slide is to be shown now.
    """

    slideChanged = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(
        self,
        playlist: PlaylistFn,
        clock: Clock,
        *,
        time_scale: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._playlist = playlist
        self._clock = clock
        self._time_scale = time_scale
        self._current: Slide | None = None
        self._position = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)

    @property
    def current(self) -> Slide | None:
        return self._current

    def set_playlist(self, playlist: PlaylistFn) -> None:
        """Use ``playlist`` from the next boundary on (the slide on screen stays)."""
        self._playlist = playlist

    def start(self) -> None:
        self.advance()

    def stop(self) -> None:
        self._timer.stop()

    def advance(self) -> None:
        """Show the next slide now and schedule the one after."""
        slides = list(self._playlist(self._clock.now()))
        if not slides:  # the playlist function always returns one; be safe anyway
            self._timer.start(1000)
            return
        self._position = self._next_position(slides)
        self._current = slides[self._position]
        self.slideChanged.emit(self._current)
        self._timer.start(max(1, int(self._current.duration * 1000 * self._time_scale)))

    def _next_position(self, slides: list[Slide]) -> int:
        if self._current is not None:
            keys = [s.key for s in slides]
            if self._current.key in keys:
                return (keys.index(self._current.key) + 1) % len(slides)
        # The slide shown is gone (content changed): the slide now at its place is the
        # one that followed it, so continue there (and from the start after a fallback).
        return max(self._position, 0) % len(slides)
