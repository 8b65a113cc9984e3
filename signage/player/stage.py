"""The window visitors look at: the header with a live clock, and slides crossfading.

The stage only shows what it is given: a body image per slide, already painted. It
keeps two images at most (the one fading out and the one fading in).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEasingCurve, QRectF, QSize, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from signage.model import Site
from signage.player.context import PaintContext
from signage.player.frame import body_rect, with_screen
from signage.player.painters.header import paint_header


class SlideStage(QWidget):
    """Full-window widget painting the header and the current slide's body image.

    ``context`` is called at each paint for the current PaintContext (its clock).
    With ``portrait`` on a landscape output, everything is drawn turned a quarter.

    Signals:
        resized(): the window changed size; slides must be painted again at the new size.
        shown(str): the slide with this key is now on screen.
        framePainted(bool): a frame was painted; True while a transition runs (for
            frame-time measurements).
    """

    resized = Signal()
    shown = Signal(str)
    framePainted = Signal(bool)  # noqa: N815 (Qt naming)

    def __init__(
        self,
        context: Callable[[], PaintContext],
        *,
        transition_ms: int = 800,
        transition: str = "crossfade",
        portrait: bool = False,
        quit_keys: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._portrait = portrait
        self._quit_keys = quit_keys
        self._site: Site | None = None
        self._current: QImage | None = None
        self._previous: QImage | None = None
        self._transition = transition  # "crossfade" or "slide"; "none" is transition_ms=0
        self._fade = QVariantAnimation(self)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setDuration(max(0, transition_ms))
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._fade.valueChanged.connect(self.update)
        self._fade.finished.connect(self._drop_previous)
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self._tick)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setWindowTitle("signage")

    # -- what the rotation calls ---------------------------------------------------

    def screen_size(self) -> QSize:
        """The size slides must be painted at (portrait swaps the window's sides)."""
        size = self.size()
        return size.transposed() if self._rotated() else size

    def show_slide(self, body: QImage, site: Site, key: str = "", *, fade: bool = True) -> None:
        """Crossfade to ``body`` (an image from ``render_body`` at ``screen_size()``)."""
        self._site = site
        self._previous = self._current if fade and self._fade.duration() > 0 else None
        self._current = body
        if self._previous is not None and self.isVisible():
            self._fade.stop()
            self._fade.start()
        else:
            self._previous = None
        self.update()
        if not self._clock.isActive():
            self._tick()
        self.shown.emit(key)

    @property
    def transition(self) -> str:
        """How slides change: "crossfade" or "slide" (none when the duration is 0)."""
        return self._transition

    def current_image(self) -> QImage | None:
        return self._current

    # -- Qt ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        try:
            size = self.screen_size()
            if self._rotated():
                painter.translate(self.width(), 0)
                painter.rotate(90)
            screen = QRectF(0, 0, size.width(), size.height())
            ctx = with_screen(self._context(), screen)
            body = body_rect(screen, ctx)
            if self._current is None:
                painter.fillRect(screen, ctx.theme.color("background"))
            else:
                self._paint_body(painter, body)
            if self._site is not None:
                paint_header(painter, screen, self._site, ctx)
        finally:
            painter.end()
        self.framePainted.emit(self._fade.state() == self._fade.State.Running)

    def _paint_body(self, painter: QPainter, body: QRectF) -> None:
        assert self._current is not None
        running = self._previous is not None and self._fade.state() == self._fade.State.Running
        if not running or self._previous is None:
            painter.drawImage(body, self._current)
            return
        progress = float(self._fade.currentValue() or 0.0)
        if self._transition == "slide":
            # The new slide pushes the old one out to the left, within the body only.
            painter.save()
            painter.setClipRect(body)
            shift = body.width() * progress
            painter.drawImage(body.translated(-shift, 0), self._previous)
            painter.drawImage(body.translated(body.width() - shift, 0), self._current)
            painter.restore()
            return
        painter.drawImage(body, self._previous)
        painter.setOpacity(progress)
        painter.drawImage(body, self._current)
        painter.setOpacity(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        # Quitting from the keyboard only in a desktop preview: in a hall, a visitor
        # leaning on a keyboard must not stop the screen.
        if self._quit_keys and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
            return
        super().keyPressEvent(event)

    # -- internals -----------------------------------------------------------------

    def _rotated(self) -> bool:
        return self._portrait and self.width() > self.height()

    def _drop_previous(self) -> None:
        self._previous = None
        self.update()

    def _tick(self) -> None:
        """Repaint for the clock, then wake at the start of the next minute."""
        self.update()
        now: datetime = self._context().now
        self._clock.start(max(200, int((60 - now.second) * 1000 - now.microsecond / 1000) + 20))
