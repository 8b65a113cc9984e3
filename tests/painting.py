"""Helpers for painter tests: render a slide offscreen and keep what was drawn."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage

from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.render import render_frame
from signage.player.text import PaintLog
from signage.player.theme import Theme
from signage.slides import Slide

SIZES = [(1920, 1080), (1280, 720), (3840, 2160), (1080, 1920)]


def render(
    slide: Slide, size: tuple[int, int], now: datetime, language: str = "fr", printed: bool = False
) -> tuple[QImage, PaintLog]:
    log = PaintLog()
    ctx = PaintContext(
        now=now, language=language, theme=Theme(load_fonts()), log=log, printed=printed
    )
    return render_frame(slide, QSize(*size), ctx), log


def to_pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io  # noqa: PLC0415

    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")


def dominant_color(image: QImage, rect: QRectF) -> str:
    """The most frequent colour inside ``rect`` (sampled), as ``#rrggbb``."""
    counts: Counter[str] = Counter()
    step = max(1, int(min(rect.width(), rect.height()) / 20))
    for y in range(int(rect.top()) + step, int(rect.bottom()) - step, step):
        for x in range(int(rect.left()) + step, int(rect.right()) - step, step):
            counts[image.pixelColor(x, y).name()] += 1
    return counts.most_common(1)[0][0]


def inside(inner: QRectF, outer: QRectF, slack: float = 1.5) -> bool:
    return (
        inner.left() >= outer.left() - slack
        and inner.top() >= outer.top() - slack
        and inner.right() <= outer.right() + slack
        and inner.bottom() <= outer.bottom() + slack
    )


def overlap(a: QRectF, b: QRectF, slack: float = 1.5) -> bool:
    shared = a.adjusted(slack, slack, -slack, -slack).intersected(
        b.adjusted(slack, slack, -slack, -slack)
    )
    return shared.width() > 0 and shared.height() > 0
