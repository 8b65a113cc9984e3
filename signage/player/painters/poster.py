"""An image poster, fitted to the screen without distortion. When its shape leaves a side
of the screen free (a portrait poster on a landscape screen, or the reverse), that side
carries its title, when and where, and a QR code to its page; else its caption is under
it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter

from signage.i18n import label
from signage.model import ImagePoster
from signage.player.context import PaintContext
from signage.player.painters.common import content_rect, write
from signage.player.qr import draw_qr
from signage.slides import PosterSlide

SIDE_AT_LEAST = 0.3  # of the area: below it, the caption goes under the poster as before


def paint(painter: QPainter, rect: QRectF, slide: PosterSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    poster = slide.poster
    image = ctx.images.load(poster.image, QSize(int(area.width()), int(area.height())))
    if image is not None and _panel(painter, area, image, poster, ctx):
        return
    caption = poster.caption.pick(ctx.language) if poster.caption else None
    caption_h = m.subtitle * 2.6 if caption else 0.0
    frame = QRectF(area.left(), area.top(), area.width(), area.height() - caption_h)
    if image is not None:
        _draw(painter, frame, image, ctx, Qt.AlignmentFlag.AlignCenter)
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


def _panel(
    painter: QPainter, area: QRectF, image: QImage, poster: ImagePoster, ctx: PaintContext
) -> bool:
    """The poster on one side and its words on the other, when there is room; whether
    it was drawn so."""
    m = ctx.m
    fitted = QSize(image.width(), image.height()).scaled(
        QSize(int(area.width()), int(area.height())), Qt.AspectRatioMode.KeepAspectRatio
    )
    beside = area.width() - fitted.width() >= area.width() * SIDE_AT_LEAST
    below = area.height() - fitted.height() >= area.height() * SIDE_AT_LEAST
    if not (beside or below) or not (poster.caption or poster.when or poster.place or poster.url):
        return False
    if beside:
        frame = QRectF(area.left(), area.top(), fitted.width(), area.height())
        words = QRectF(frame.right() + m.gap * 2, area.top(), 0, area.height())
        words.setRight(area.right())
        _draw(painter, frame, image, ctx, Qt.AlignmentFlag.AlignLeft)
    else:
        frame = QRectF(area.left(), area.top(), area.width(), fitted.height())
        words = QRectF(area.left(), frame.bottom() + m.gap * 2, area.width(), 0)
        words.setBottom(area.bottom())
        _draw(painter, frame, image, ctx, Qt.AlignmentFlag.AlignTop)
    if ctx.log is not None:
        ctx.log.box("poster-words", words)
    lines = [  # text, role, size, bold, colour, lines
        (
            poster.caption.pick(ctx.language) if poster.caption else "",
            "caption",
            m.title,
            True,
            "text",
            3,
        ),
        (poster.when or "", "when", m.subtitle, True, "accent", 2),
        (poster.place or "", "place", m.subtitle, False, "text", 2),
    ]
    top = words.top()
    qr_side = 0.0
    if poster.url:
        qr_side = max(m.min_qr, min(words.width() * 0.55, words.height() * 0.42))
    room = words.height() - (qr_side + m.body * 2.4 if qr_side else 0.0)
    for text, role, px, bold, color, most in lines:
        if not text:
            continue
        height = min(px * 1.3 * most, room - (top - words.top()))
        drawn = write(
            painter,
            ctx,
            QRectF(words.left(), top, words.width(), height),
            text,
            role=role,
            px=px,
            bold=bold,
            color=color,
            min_px=m.body,
            lines=most,
            valign=Qt.AlignmentFlag.AlignTop,
        )
        top = drawn.bottom() + m.gap * 1.2
    if poster.url:
        code = draw_qr(
            painter,
            QRectF(words.left(), words.bottom() - qr_side - m.body * 2, qr_side, qr_side),
            str(poster.url),
        )
        if ctx.log is not None:
            ctx.log.box("qr", code)
        write(
            painter,
            ctx,
            QRectF(words.left(), code.bottom() + m.gap * 0.5, words.width(), m.body * 1.6),
            label("scan_to_know_more", ctx.language),
            role="qr-caption",
            px=m.body,
            bold=True,
        )
    return True


def _draw(
    painter: QPainter, frame: QRectF, image: QImage, ctx: PaintContext, align: Qt.AlignmentFlag
) -> None:
    size = QSize(image.width(), image.height()).scaled(
        QSize(int(frame.width()), int(frame.height())), Qt.AspectRatioMode.KeepAspectRatio
    )
    left = frame.left() + (
        0 if align & Qt.AlignmentFlag.AlignLeft else (frame.width() - size.width()) / 2
    )
    top = frame.top() + (
        0 if align & Qt.AlignmentFlag.AlignTop else (frame.height() - size.height()) / 2
    )
    target = QRectF(left, top, size.width(), size.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(target, image)
    painter.restore()
    if ctx.log is not None:
        ctx.log.box("image", target)
