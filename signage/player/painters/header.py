"""The band at the top of every slide: site name, today's date and the clock."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter

from signage.date_words import format_pattern
from signage.i18n import format_clock, format_updated
from signage.model import Site
from signage.player.context import PaintContext
from signage.player.painters.common import write
from signage.player.text import text_width


def header_rect(rect: QRectF, ctx: PaintContext) -> QRectF:
    """Where the header goes on a screen of ``rect``."""
    return QRectF(rect.left(), rect.top(), rect.width(), ctx.m.header_height)


def paint_header(painter: QPainter, screen: QRectF, site: Site, ctx: PaintContext) -> None:
    """Paint the header band of a screen of size ``screen``: logo, site name, clock."""
    m = ctx.m
    rect = header_rect(screen, ctx)
    painter.fillRect(rect, ctx.theme.color("header"))
    inner = rect.adjusted(m.margin, 0, -m.margin, 0)
    clock = "" if ctx.printed else format_clock(ctx.now.time(), ctx.language)
    clock_font = ctx.theme.font(m.subtitle * 1.25, bold=True)
    clock_width = text_width("00:00", clock_font) * 1.05
    write(
        painter,
        ctx,
        QRectF(inner.right() - clock_width, inner.top(), clock_width, inner.height()),
        clock,
        role="clock",
        px=m.subtitle * 1.25,
        bold=True,
        color="header_text",
        align=Qt.AlignmentFlag.AlignRight,
    )
    right = inner.right() - clock_width - m.gap
    if not ctx.printed:
        # The date as well as the time on every slide: a visitor arriving mid-rotation
        # should not wait for the semainier to know what day the plan is for.
        right = _date(painter, ctx, inner, right)
    if ctx.updated_at is not None:
        mark = format_updated(ctx.updated_at, ctx.language)
        width = min(text_width(mark, ctx.theme.font(m.small)) + m.gap, inner.width() * 0.45)
        right = _right_of(painter, ctx, inner, right, width, mark, "updated", m.small)
    left = inner.left()
    if site.logo:
        side = int(rect.height() * 0.7)
        logo = ctx.images.load(site.logo, QSize(side * 3, side))
        if logo is not None:
            target = QRectF(
                left, rect.top() + (rect.height() - logo.height()) / 2, logo.width(), logo.height()
            )
            painter.drawImage(target, logo)
            if ctx.log is not None:
                ctx.log.box("logo", target)
            left += logo.width() + m.gap
    write(
        painter,
        ctx,
        QRectF(left, inner.top(), right - left, inner.height()),
        # A misconfigured screen says so where its (wrong) site name would be.
        ctx.notice or site.name,
        role="site",
        px=m.subtitle * 1.1,
        bold=True,
        color="header_text",
    )


def _date(painter: QPainter, ctx: PaintContext, inner: QRectF, right: float) -> float:
    """Draw today's date right-aligned before ``right``; the new right edge."""
    m = ctx.m
    font = ctx.theme.font(m.subtitle)
    day = ctx.now.date()
    text = format_pattern(day, "EEEE d MMMM", ctx.language)
    if text_width(text, font) > inner.width() * 0.34:
        text = format_pattern(day, "EEE d MMM", ctx.language)
    width = min(text_width(text, font) * 1.04, inner.width() * 0.34)
    return _right_of(painter, ctx, inner, right, width, text, "date", m.subtitle)


def _right_of(
    painter: QPainter,
    ctx: PaintContext,
    inner: QRectF,
    right: float,
    width: float,
    text: str,
    role: str,
    px: float,
) -> float:
    """Draw ``text`` right-aligned in the band, ending at ``right``; the new right edge."""
    write(
        painter,
        ctx,
        QRectF(right - width, inner.top(), width, inner.height()),
        text,
        role=role,
        px=px,
        color="header_text",
        align=Qt.AlignmentFlag.AlignRight,
    )
    return right - width - ctx.m.gap
