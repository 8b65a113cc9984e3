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
ChangesFn = Callable[[datetime], datetime | None]


class Rotation(QObject):
    """Advances through the playlist by the slides' durations.

    Between boundaries it also wakes at the instants ``changes`` names (a window edge, a
    slot starting): the slide on screen is then refreshed in place if it is still
    there, or the rotation moves on.

    Signals:
        slideChanged(object): a Slide is to be shown now.
        slideRefreshed(object): the Slide on screen has new contents (same key).
    """

    slideChanged = Signal(object)  # noqa: N815 (Qt naming)
    slideRefreshed = Signal(object)  # noqa: N815 (Qt naming)

    def __init__(
        self,
        playlist: PlaylistFn,
        clock: Clock,
        *,
        time_scale: float = 1.0,
        changes: ChangesFn | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._playlist = playlist
        self._changes = changes
        self._clock = clock
        self._time_scale = time_scale
        self._current: Slide | None = None
        self._position = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.advance)
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.timeout.connect(self.refresh)

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
        self._change_timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def refresh(self) -> None:
        """Time or content changed: update the slide on screen, or move on if it is gone."""
        slides = list(self._playlist(self._clock.now()))
        same = next((s for s in slides if self._current and s.key == self._current.key), None)
        if same is None:
            self.advance()
            return
        if same != self._current:
            self._current = same
            self.slideRefreshed.emit(same)
        self._schedule_change()

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
        self._schedule_change()

    def _schedule_change(self) -> None:
        self._change_timer.stop()
        if self._changes is None:
            return
        now = self._clock.now()
        change = self._changes(now)
        if change is None:
            return
        # From timestamps: subtracting aware datetimes that share a zone ignores DST.
        delay = (change.timestamp() - now.timestamp()) * 1000
        if delay < self._timer.remainingTime():
            self._change_timer.start(max(1, int(delay) + 5))

    def _next_position(self, slides: list[Slide]) -> int:
        if self._current is not None:
            keys = [s.key for s in slides]
            if self._current.key in keys:
                return (keys.index(self._current.key) + 1) % len(slides)
        # The slide shown is gone (content changed): the slide now at its place is the
        # one that followed it, so continue there (and from the start after a fallback).
        return max(self._position, 0) % len(slides)
