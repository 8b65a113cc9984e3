"""The fallback slide: site name, date, a large clock, a short message. Never a blank screen."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_clock, format_day, label
from signage.player.context import PaintContext
from signage.player.painters.common import content_rect, write
from signage.slides import FallbackSlide


def paint(painter: QPainter, rect: QRectF, slide: FallbackSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    center = Qt.AlignmentFlag.AlignHCenter
    message = slide.reason or label("fallback_message", ctx.language)
    parts = [  # text, size, bold, colour, share of the height
        (label("welcome", ctx.language), m.title, True, "text", 1.0),
        (format_day(ctx.now.date(), ctx.language), m.title, False, "text", 1.0),
        (format_clock(ctx.now.time(), ctx.language), m.display * 1.6, True, "accent", 1.6),
        (message, m.subtitle, False, "muted", 1.6),
    ]
    weights = sum(p[4] for p in parts)
    top = area.top() + area.height() * 0.06
    usable = area.height() * 0.88
    for text, px, bold, color, weight in parts:
        height = usable * weight / weights
        write(
            painter,
            ctx,
            QRectF(area.left(), top, area.width(), height),
            text,
            role="fallback",
            px=px,
            bold=bold,
            color=color,
            min_px=m.body,
            lines=2,
            align=center,
        )
        top += height
