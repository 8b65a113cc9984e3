"""The week's semainier on paper: each day with its slots, in one or two columns."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.i18n import format_span, label
from signage.model import SemainierSlot
from signage.player.context import PaintContext
from signage.player.painters.common import access_text, content_rect, heading, write
from signage.player.text import text_width
from signage.poster import week_row
from signage.slides import WeekSlide


def paint(painter: QPainter, rect: QRectF, slide: WeekSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    title = week_title(slide.monday, ctx.language)
    area = heading(painter, body, title, slide, ctx)
    columns = 2 if rect.width() > rect.height() else 1
    column_width = (area.width() - (columns - 1) * m.margin) / columns
    line = week_row(m)
    per_column = max(1, int(area.height() // line))
    span_width = text_width("10 h 30 – 12 h 30", ctx.theme.font(m.small, bold=True)) + m.gap
    rows: list[tuple[str, SemainierSlot | None]] = []
    for plan in slide.days:
        # A weekly plan hangs for weeks: days are named, the dates are in the heading.
        weekday = format_date(plan.day, "EEEE", locale=ctx.language)
        rows.append((weekday[:1].upper() + weekday[1:], None))
        rows.extend(("", slot) for slot in plan.slots)
    for index, (day, slot) in enumerate(rows):
        column, row = divmod(index, per_column)
        left = area.left() + column * (column_width + m.margin)
        box = QRectF(left, area.top() + row * line, column_width, line)
        if slot is None:
            write(painter, ctx, box, day, role="day", px=m.body, bold=True, color="accent")
            continue
        span = format_span(slot.start, slot.end, ctx.language)
        write(
            painter,
            ctx,
            QRectF(box.left(), box.top(), span_width, line),
            span,
            role="time",
            px=m.small,
            bold=True,
            min_px=m.small,
        )
        access = access_text(slot, ctx.language)
        text = " · ".join(p for p in (slot.title.pick(ctx.language), slot.partner, access) if p)
        write(
            painter,
            ctx,
            QRectF(box.left() + span_width, box.top(), box.width() - span_width, line),
            text,
            role="slot",
            px=m.small,
            min_px=m.small,
        )


def week_title(monday: date, language: str) -> str:
    """The heading: "Semaine du 7 au 13 décembre"; both months when the week spans two
    ("du 30 novembre au 6 décembre"), both years across the new year."""
    sunday = monday + timedelta(days=6)
    if monday.year != sunday.year:
        start, end = "d MMMM y", "d MMMM y"
    elif monday.month != sunday.month:
        start, end = "d MMMM", "d MMMM"
    else:
        start, end = "d", "d MMMM"
    return label(
        "week",
        language,
        start=format_date(monday, start, locale=language),
        end=format_date(sunday, end, locale=language),
    )
