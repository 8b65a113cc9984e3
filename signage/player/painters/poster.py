"""An image poster, fitted to the screen without distortion, with its caption."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter

from signage.player.context import PaintContext
from signage.player.painters.common import content_rect, write
from signage.slides import PosterSlide


def paint(painter: QPainter, rect: QRectF, slide: PosterSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    poster = slide.poster
    caption = poster.caption.pick(ctx.language) if poster.caption else None
    caption_h = m.subtitle * 2.6 if caption else 0.0
    frame = QRectF(area.left(), area.top(), area.width(), area.height() - caption_h)
    image = ctx.images.load(poster.image, QSize(int(frame.width()), int(frame.height())))
    if image is not None:
        size = QSize(image.width(), image.height()).scaled(
            QSize(int(frame.width()), int(frame.height())), Qt.AspectRatioMode.KeepAspectRatio
        )
        target = QRectF(
            frame.left() + (frame.width() - size.width()) / 2,
            frame.top() + (frame.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, image)
        painter.restore()
        if ctx.log is not None:
            ctx.log.box("image", target)
    if caption:
        write(
            painter,
            ctx,
            QRectF(area.left(), frame.bottom(), area.width(), caption_h),
            caption,
            role="caption",
            px=m.subtitle,
            bold=True,
            min_px=m.body,
            lines=2,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
