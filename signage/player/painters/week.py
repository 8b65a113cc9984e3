"""The week's semainier on paper: each day with its slots, one line each, page-wide."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.date_words import format_pattern
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
    if slide.heading:
        # A room's door: its name as the title, the week on the line under it.
        area = heading(painter, body, slide.heading, slide, ctx)
        week = QRectF(area.left(), area.top(), area.width(), m.subtitle * 1.4)
        write(painter, ctx, week, title, role="subtitle", px=m.subtitle, bold=True, lines=1)
        area = area.adjusted(0, week.height() + m.gap, 0, 0)
    else:
        area = heading(painter, body, title, slide, ctx)
    line = week_row(m)
    per_column = max(1, int(area.height() // line))
    span_width = text_width("10 h 30 – 12 h 30", ctx.theme.font(m.small, bold=True)) + m.gap
    rows: list[tuple[str, SemainierSlot | None]] = []
    for plan in slide.days:
        # A weekly plan hangs for weeks: days are named, the dates are in the heading.
        weekday = format_pattern(plan.day, "EEEE", ctx.language)
        named = weekday[:1].upper() + weekday[1:]
        if plan.closed is not None:
            why = f" ({plan.closed})" if plan.closed else ""
            named = f"{named} — {label('day_closed', ctx.language)}{why}"
        rows.append((named, None))
        rows.extend(("", slot) for slot in plan.slots)
    # One column across the whole page, landscape too: in two, an activity's line was cut
    # at half the page ("Conseiller CAF · CAF · Sur…"); a long week takes a second page.
    column_width = area.width()
    shown = rows[:per_column]  # poster.week_rows pages the week to fit the height
    texts = {id(slot): _slot_text(slot, ctx.language) for _, slot in shown if slot is not None}
    # One size for every activity of the page, the largest at which the longest fits:
    # paper is read from up close, so it may shrink to about 11 pt on A4 before cutting.
    room = column_width - span_width
    font = ctx.theme.font(m.small)
    widest = max((text_width(t, font) for t in texts.values()), default=0.0)
    px = max(m.small * 0.6, min(m.small, m.small * room / widest)) if widest else m.small
    for row, (day, slot) in enumerate(shown):
        box = QRectF(area.left(), area.top() + row * line, column_width, line)
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
        write(
            painter,
            ctx,
            QRectF(box.left() + span_width, box.top(), room, line),
            texts[id(slot)],
            role="slot",
            px=px,
            min_px=m.small * 0.6,
        )


def _slot_text(slot: SemainierSlot, language: str) -> str:
    access = access_text(slot, language)
    return " · ".join(p for p in (slot.title.pick(language), slot.partner, access) if p)


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
        start=format_pattern(monday, start, language),
        end=format_pattern(sunday, end, language),
    )
