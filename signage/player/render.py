"""Rendering slides to images, off the screen: ``signage render``, tests, benchmarks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QImage, QImageWriter, QPainter

from signage.player.context import PaintContext
from signage.player.frame import body_rect, paint_body, paint_frame, with_screen
from signage.slides import Slide


def render_frame(slide: Slide, size: QSize, ctx: PaintContext) -> QImage:
    """The whole frame (header and slide) as an image of ``size``."""
    image = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        paint_frame(painter, QRectF(0, 0, size.width(), size.height()), slide, ctx)
    finally:
        painter.end()
    return image


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` as PNG, raising OSError with the path when Qt cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), QByteArray(b"png"))
    # Light compression (zlib level 2): 35 ms instead of 45 at 1080p, files 12 % larger.
    writer.setQuality(80)
    if not writer.write(image):
        raise OSError(f"could not write {path}: {writer.errorString()}")


def render_body(slide: Slide, screen: QSize, ctx: PaintContext) -> QImage:
    """The slide without its header, as an image the size of the body of ``screen``.

    The window draws the header itself (its clock changes every minute) and crossfades
    only these body images.
    """
    rect = QRectF(0, 0, screen.width(), screen.height())
    ctx = with_screen(ctx, rect)
    body = body_rect(rect, ctx)
    image = QImage(QSize(round(body.width()), round(body.height())), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(-body.left(), -body.top())
        paint_body(painter, rect, slide, ctx)
    finally:
        painter.end()
    return image
