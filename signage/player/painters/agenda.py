"""The workshop agenda: the next workshops, with date, time, place and how to register."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.date_words import format_pattern
from signage.i18n import format_when, label
from signage.layout import agenda_row
from signage.model import Workshop
from signage.player.context import PaintContext
from signage.player.painters.common import (
    badge,
    badge_width,
    card,
    content_rect,
    grown,
    heading,
    write,
)
from signage.player.text import text_width
from signage.slides import AgendaSlide


def paint(painter: QPainter, rect: QRectF, slide: AgendaSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    area = heading(painter, body, label("upcoming_workshops", ctx.language), slide, ctx)
    # In portrait the title and the registration get two lines each: the column is
    # narrow, the screen is tall, and how to register must be read whole.
    portrait = rect.width() < rect.height()
    title_lines = 2 if portrait or ctx.printed else 1
    if not portrait and not ctx.printed:  # a narrow column would only wrap grown text
        ctx = grown(ctx, len(slide.workshops), agenda_row(m, portrait), area.height())
    m = ctx.m
    row_height = agenda_row(m, portrait, printed=ctx.printed)
    for number, workshop in enumerate(slide.workshops):
        row = QRectF(
            area.left(), area.top() + number * (row_height + m.gap), area.width(), row_height
        )
        _row(painter, row, workshop, ctx, title_lines, own_place=ctx.printed)


def _row(
    painter: QPainter,
    row: QRectF,
    workshop: Workshop,
    ctx: PaintContext,
    title_lines: int,
    *,
    own_place: bool = False,
) -> None:
    m = ctx.m
    card(painter, row, ctx)
    if ctx.log is not None:
        ctx.log.box("workshop", row)
    inner = row.adjusted(m.gap, m.gap * 0.4, -m.gap, -m.gap * 0.4)
    local_start = workshop.start.astimezone(ctx.now.tzinfo)
    local_end = workshop.end.astimezone(ctx.now.tzinfo)
    date_font = ctx.theme.font(m.body, bold=True)
    date_width = (
        max(
            text_width(s, date_font)
            for s in ("00 MMM.", _weekday(local_start, ctx), _day(local_start, ctx))
        )
        + m.gap
    )
    date_box = QRectF(inner.left(), inner.top(), date_width, inner.height())
    painter.fillRect(
        QRectF(date_box.right(), inner.top(), max(1.0, m.unit * 0.002), inner.height()),
        ctx.theme.color("border"),
    )
    center = Qt.AlignmentFlag.AlignHCenter
    half = date_box.height() / 2
    write(
        painter,
        ctx,
        QRectF(date_box.left(), date_box.top(), date_box.width(), half),
        _weekday(local_start, ctx),
        role="weekday",
        px=m.body,
        min_px=m.body,
        color="muted",
        align=center,
        valign=Qt.AlignmentFlag.AlignBottom,
    )
    write(
        painter,
        ctx,
        QRectF(date_box.left(), date_box.top() + half, date_box.width(), half),
        _day(local_start, ctx),
        role="day",
        px=m.body,
        bold=True,
        align=center,
        valign=Qt.AlignmentFlag.AlignTop,
    )
    text = QRectF(
        date_box.right() + m.gap * 1.5,
        inner.top(),
        inner.right() - date_box.right() - m.gap * 1.5,
        inner.height(),
    )
    place_lines = title_lines if own_place else 0  # on its own lines, on paper
    line = text.height() / (1 + 2 * title_lines + place_lines)
    tag = price_tag(workshop, ctx.language)
    tag_width = badge_width(tag, ctx, m.small, text.width() * 0.4) if tag else 0.0
    write(
        painter,
        ctx,
        QRectF(text.left(), text.top(), text.width() - tag_width - m.gap, line * title_lines),
        workshop.title.pick(ctx.language),
        role="title",
        px=m.body,
        min_px=m.body,  # cut at body size rather than shrunk below it
        bold=True,
        lines=title_lines,
    )
    if tag:
        badge(
            painter,
            QRectF(text.right() - tag_width, text.top(), tag_width, line),
            tag,
            ctx,
            px=m.small,
            align=Qt.AlignmentFlag.AlignRight,
        )
    # The time at the size of the title (the date is in the box beside it): what a
    # visitor needs to come back; the place and who runs it after, smaller.
    span = format_when(local_start, local_end, ctx.language)
    second = QRectF(text.left(), text.top() + line * title_lines, text.width(), line)
    span_width = min(text_width(span, ctx.theme.font(m.body, bold=True)) * 1.03, second.width())
    write(
        painter,
        ctx,
        QRectF(second.left(), second.top(), span_width, line),
        span,
        role="time",
        px=m.body,
        bold=True,
    )
    parts = [workshop.place]
    if workshop.organiser and workshop.organiser != workshop.place:
        parts.append(workshop.organiser)
    where = " · ".join(p for p in parts if p)
    if where:
        write(
            painter,
            ctx,
            QRectF(second.left(), second.bottom(), second.width(), line * place_lines)
            if own_place
            else QRectF(
                second.left() + span_width + m.gap,
                second.top(),
                second.width() - span_width - m.gap,
                line,
            ),
            where,
            role="where",
            px=m.body,
            min_px=m.body,
            lines=max(1, place_lines),
            valign=Qt.AlignmentFlag.AlignTop if own_place else Qt.AlignmentFlag.AlignVCenter,
            color="muted",
        )
    if workshop.registration:
        how = (
            f"{label('register', ctx.language)} : "
            if ctx.language == "fr"
            else (f"{label('register', ctx.language)}: ")
        )
        write(
            painter,
            ctx,
            QRectF(
                text.left(),
                text.top() + (1 + title_lines + place_lines) * line,
                text.width(),
                line * title_lines,
            ),
            how + workshop.registration.pick(ctx.language),
            role="registration",
            px=m.body,
            min_px=m.body,
            lines=title_lines,
            valign=Qt.AlignmentFlag.AlignTop if title_lines > 1 else Qt.AlignmentFlag.AlignVCenter,
        )


def _weekday(moment: datetime, ctx: PaintContext) -> str:
    return format_pattern(moment.date(), "EEE", ctx.language)


def _day(moment: datetime, ctx: PaintContext) -> str:
    return format_pattern(moment.date(), "d MMM", ctx.language)


def price_tag(workshop: Workshop, language: str) -> str | None:
    """The badge of a workshop: "Gratuit" only when the record says so, its price when
    it has one, nothing when neither is known (a badge must never be a guess)."""
    if workshop.free is True:
        return label("free_of_charge", language)
    return workshop.price
