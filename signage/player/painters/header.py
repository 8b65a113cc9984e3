"""The band at the top of every slide: site name and the clock."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_clock
from signage.player.context import PaintContext
from signage.player.painters.common import write
from signage.player.text import draw_text, text_width


def header_rect(rect: QRectF, ctx: PaintContext) -> QRectF:
    """Where the header goes on a screen of ``rect``."""
    return QRectF(rect.left(), rect.top(), rect.width(), ctx.m.header_height)


def paint_header(painter: QPainter, screen: QRectF, site_name: str, ctx: PaintContext) -> None:
    """Paint the header band of a screen of size ``screen``."""
    m = ctx.m
    rect = header_rect(screen, ctx)
    painter.fillRect(rect, ctx.theme.color("header"))
    inner = rect.adjusted(m.margin, 0, -m.margin, 0)
    clock = format_clock(ctx.now.time(), ctx.language)
    clock_font = ctx.theme.font(m.subtitle * 1.25, bold=True)
    clock_width = text_width("00:00", clock_font) * 1.05
    draw_text(
        painter,
        QRectF(inner.right() - clock_width, inner.top(), clock_width, inner.height()),
        clock,
        clock_font,
        ctx.theme.color("header_text"),
        min_px=m.min_text,
        max_lines=1,
        align=Qt.AlignmentFlag.AlignRight,
        valign=Qt.AlignmentFlag.AlignVCenter,
        log=ctx.log,
        role="clock",
    )
    write(
        painter,
        ctx,
        QRectF(inner.left(), inner.top(), inner.width() - clock_width - m.gap, inner.height()),
        site_name,
        role="site",
        px=m.subtitle * 1.1,
        bold=True,
        color="header_text",
    )
