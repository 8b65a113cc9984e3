"""The fallback slide: site name, date, a large clock, a short message. Never a blank screen."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_clock, format_day, label
from signage.player.context import PaintContext
from signage.player.painters.common import content_rect
from signage.player.text import draw_text
from signage.slides import FallbackSlide


def paint(painter: QPainter, rect: QRectF, slide: FallbackSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    center = Qt.AlignmentFlag.AlignHCenter
    message = slide.reason or label("fallback_message", ctx.language)
    parts = [
        (label("welcome", ctx.language), ctx.theme.font(m.title, bold=True), "text", 1.0),
        (format_day(ctx.now.date(), ctx.language), ctx.theme.font(m.title), "text", 1.0),
        (
            format_clock(ctx.now.time(), ctx.language),
            ctx.theme.font(m.display * 1.6, bold=True),
            "accent",
            1.6,
        ),
        (message, ctx.theme.font(m.subtitle), "muted", 1.6),
    ]
    weights = sum(p[3] for p in parts)
    top = area.top() + area.height() * 0.06
    usable = area.height() * 0.88
    for text, font, color, weight in parts:
        height = usable * weight / weights
        draw_text(
            painter,
            QRectF(area.left(), top, area.width(), height),
            text,
            font,
            ctx.theme.color(color),
            min_px=m.body,
            max_lines=2,
            align=center,
            valign=Qt.AlignmentFlag.AlignVCenter,
            log=ctx.log,
            role="fallback",
        )
        top += height
