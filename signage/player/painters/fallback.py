"""The fallback slide: site name, date, a large clock, a short message. Never a blank screen."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.i18n import format_clock, label
from signage.player.context import PaintContext
from signage.player.painters.common import StackLine, content_rect, paint_stack
from signage.slides import FallbackSlide


def paint(painter: QPainter, rect: QRectF, slide: FallbackSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    message = slide.reason or label("fallback_message", ctx.language)
    # The date is in the header (every slide's); the clock stays large here: an empty
    # hall's screen is read from afar.
    parts: list[StackLine] = [
        (label("welcome", ctx.language), m.title, True, "text", 1.0, 2),
        (format_clock(ctx.now.time(), ctx.language), m.display * 1.6, True, "accent", 1.6, 2),
        (message, m.subtitle, False, "muted", 1.6, 2),
    ]
    paint_stack(painter, ctx, area, parts, role="fallback")
