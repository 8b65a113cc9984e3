"""The window visitors look at: a Qt Quick stage fed with Python-painted pictures.

Python paints each slide body once (and the header once a minute) into images; the QML
stage shows them and runs the transition with animators. With Qt Quick's threaded render
loop (OpenGL, the default on a Raspberry Pi) the animation runs on the render thread and
stays smooth while a sync job holds the GIL. The stage keeps at most three body images
(going out, on screen, coming in).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Q_ARG, QMetaObject, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QResizeEvent
from PySide6.QtQuick import QQuickImageProvider, QQuickView

from signage.model import Site
from signage.player.context import PaintContext
from signage.player.frame import with_screen
from signage.player.painters.header import header_rect, paint_header

QML = Path(__file__).resolve().parent / "qml" / "stage.qml"
KEEP = {"body": 3, "header": 2}  # pictures kept per kind: going out, on screen, coming in


class _Pictures(QQuickImageProvider):
    """Hands the painted pictures to QML by id; forgets all but the last few of a kind."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._images: OrderedDict[str, QImage] = OrderedDict()

    def put(self, kind: str, serial: int, image: QImage) -> str:
        name = f"{kind}-{serial}"
        self._images[name] = image
        of_kind = [n for n in self._images if n.startswith(f"{kind}-")]
        for old in of_kind[: max(0, len(of_kind) - KEEP[kind])]:
            del self._images[old]
        return f"image://stage/{name}"

    def __len__(self) -> int:
        return len(self._images)

    def requestImage(self, name: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
        return self._images.get(name, QImage())


class SlideStage(QQuickView):
    """Full-window stage: the header with a live clock, and the current slide's body.

    ``context`` is called for the current PaintContext (its clock, language, theme).

    Signals:
        resized(): the window changed size; slides must be painted again at the new size.
        shown(str): the slide with this key is now on screen.
    """

    resized = Signal()
    shown = Signal(str)

    def __init__(
        self,
        context: Callable[[], PaintContext],
        *,
        transition_ms: int = 800,
        transition: str = "crossfade",
        portrait: bool = False,
        quit_keys: bool = False,
    ) -> None:
        super().__init__()
        self._context = context
        self._portrait = portrait
        self._quit_keys = quit_keys
        self._transition = transition
        self._transition_ms = max(0, transition_ms)
        self._site: Site | None = None
        self._current: QImage | None = None
        self._painted = QSize()  # the screen size the pictures on show were painted at
        self._serial = 0
        self._sleeping = False
        self._pictures = _Pictures()
        self.engine().addImageProvider("stage", self._pictures)
        self.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
        self.setTitle("signage")
        self.setColor(QColor(context().theme.palette.background))
        self.setSource(QUrl.fromLocalFile(str(QML)))
        if self.status() != QQuickView.Status.Ready:
            raise RuntimeError(f"stage.qml did not load: {self.errors()}")
        self._root = self.rootObject()
        self.configure(transition_ms, transition, portrait)
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self._tick)
        self.resize(1280, 720)

    # -- what the player calls ---------------------------------------------------------

    @property
    def transition(self) -> str:
        """How slides change: "crossfade" or "slide" (none when the duration is 0)."""
        return self._transition

    def screen_size(self) -> QSize:
        """The size slides are painted at (portrait on a landscape output swaps sides)."""
        size = self.size()
        return size.transposed() if self._turned() else size

    def body_size(self) -> QSize:
        screen = self.screen_size()
        header = header_rect(QRectF(0, 0, screen.width(), screen.height()), self._ctx())
        return QSize(screen.width(), screen.height() - round(header.height()))

    def show_slide(self, body: QImage, site: Site, key: str = "", *, fade: bool = True) -> None:
        """Change to ``body`` (from ``render_body`` at ``screen_size()``)."""
        self._site = site
        self._current = body
        self._painted = self.screen_size()
        self._serial += 1
        source = self._pictures.put("body", self._serial, body)
        if not self._clock.isActive() and not self._sleeping:
            self._tick()  # paints the header too: once, not twice at the first slide
        else:
            self._paint_header()
        animate = fade and self._transition_ms > 0 and self.isVisible()
        QMetaObject.invokeMethod(
            self._root, "showBody", Q_ARG("QVariant", source), Q_ARG("QVariant", animate)
        )
        self.shown.emit(key)

    def configure(self, transition_ms: int, transition: str, portrait: bool) -> None:
        """Apply display settings (at start, and when the config file changes)."""
        self._transition_ms = max(0, transition_ms)
        self._transition = transition
        self._portrait = portrait
        self._root.setProperty("portrait", portrait)
        self._root.setProperty("fadeMs", self._transition_ms)
        self._root.setProperty("transition", transition)
        background = QColor(self._context().theme.palette.background)
        self._root.setProperty("background", background)
        self.setColor(background)

    def set_sleeping(self, sleeping: bool) -> None:
        """A black frame and no clock ticks (outside opening hours), or back to normal."""
        self._sleeping = sleeping
        self._root.setProperty("sleeping", sleeping)
        if sleeping:
            self._clock.stop()
        elif self._site is not None:
            self._tick()

    @property
    def sleeping(self) -> bool:
        return self._sleeping

    def current_image(self) -> QImage | None:
        return self._current

    def grab_frame(self) -> QImage:
        """What the window shows now, as an image (for tests and screenshots)."""
        return self.grabWindow()

    # -- Qt ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.screen_size() == self._painted:
            # The window taking the size it was given before the first slide (the
            # fullscreen request, answered once shown): nothing to paint again, which
            # would double the first frame's painting.
            return
        if self._site is not None:
            self._paint_header()
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        # Quitting from the keyboard only in a desktop preview: in a hall, a visitor
        # leaning on a keyboard must not stop the screen.
        if self._quit_keys and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Q):
            self.close()
            return
        super().keyPressEvent(event)

    # -- internals -------------------------------------------------------------------------

    def _turned(self) -> bool:
        return self._portrait and self.width() > self.height()

    def _ctx(self) -> PaintContext:
        size = self.screen_size()
        return with_screen(self._context(), QRectF(0, 0, size.width(), size.height()))

    def _paint_header(self) -> None:
        if self._site is None:
            return
        size = self.screen_size()
        screen = QRectF(0, 0, size.width(), size.height())
        ctx = self._ctx()
        height = round(header_rect(screen, ctx).height())
        image = QImage(QSize(size.width(), max(1, height)), QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            paint_header(painter, screen, self._site, ctx)
        finally:
            painter.end()
        self._root.setProperty("headerHeight", height)
        self._serial += 1
        source = self._pictures.put("header", self._serial, image)
        QMetaObject.invokeMethod(self._root, "showHeader", Q_ARG("QVariant", source))

    def _tick(self) -> None:
        """Repaint the header for the clock, then wake at the start of the next minute."""
        self._paint_header()
        now: datetime = self._context().now
        self._clock.start(max(200, int((60 - now.second) * 1000 - now.microsecond / 1000) + 20))


def place_window(stage: SlideStage, windowed: bool) -> None:
    """A 1280×720 window for a desktop preview, else the whole screen with no cursor."""
    if windowed:
        stage.resize(1280, 720)
        stage.show()
        return
    stage.setCursor(Qt.CursorShape.BlankCursor)
    screen = stage.screen()
    if screen is not None:
        # Without a window manager (a bare X session in a kiosk) nothing would honour
        # the fullscreen request: cover the screen ourselves first.
        stage.setGeometry(screen.geometry())
    stage.showFullScreen()
