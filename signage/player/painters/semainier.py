"""The day's semainier: today's slots in time order, the running one highlighted."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_day, format_span, label
from signage.layout import semainier_row
from signage.player.context import PaintContext
from signage.player.painters.common import (
    access_text,
    badge,
    badge_width,
    card,
    content_rect,
    grown,
    heading,
    write,
)
from signage.player.text import text_width
from signage.slides import SemainierSlide, SlotState, SlotView

# state: (row fill or None, main text colour, secondary text colour)
_STYLE = {
    SlotState.NOW: ("accent", "accent_text", "accent_text"),
    SlotState.NEXT: ("next_background", "next_text", "next_text"),
    SlotState.LATER: ("surface", "text", "muted"),
    SlotState.PAST: (None, "past_text", "past_text"),
}


def paint(painter: QPainter, rect: QRectF, slide: SemainierSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    title = f"{label('today', ctx.language)} · {format_day(slide.day, ctx.language)}"
    area = heading(painter, body, title, slide, ctx)
    if slide.closed is not None:
        _closed(painter, area, slide.closed, ctx)
        return
    portrait = rect.width() < rect.height()
    # The playlist paged the day with the same row size (signage.layout), so it fits.
    rows = slide.slots
    # Few rows: they grow (text and all) into the free height instead of leaving it empty.
    # Room to spare in the narrow portrait column: the details (partner, room, access)
    # get a second line rather than being cut; then rows grow (text and all) into what
    # is still free. (In landscape the details line is wide enough: growing is enough.)
    roomy = portrait and len(rows) * (semainier_row(m, True, 2) + m.gap) <= area.height() + m.gap
    detail_lines = 2 if roomy else 1
    ctx = grown(ctx, len(rows), semainier_row(m, portrait, detail_lines), area.height())
    m = ctx.m
    row_height = semainier_row(m, portrait, detail_lines)
    span_font = ctx.theme.font(m.body, bold=True)
    time_width = max(text_width(_span(v, ctx), span_font) for v in rows) + m.gap
    for number, view in enumerate(rows):
        row = QRectF(
            area.left(), area.top() + number * (row_height + m.gap), area.width(), row_height
        )
        _row(painter, row, view, ctx, portrait=portrait, time_width=time_width, lines=detail_lines)


def _closed(painter: QPainter, area: QRectF, reason: str, ctx: PaintContext) -> None:
    m = ctx.m
    box = QRectF(area.left(), area.top() + m.gap * 2, area.width(), m.display * 1.4)
    write(
        painter,
        ctx,
        box,
        label("closed_today", ctx.language),
        role="closed",
        px=m.display,
        bold=True,
        color="accent",
        min_px=m.title,
    )
    if reason:
        write(
            painter,
            ctx,
            QRectF(
                area.left(),
                box.bottom() + m.gap,
                area.width(),
                area.bottom() - box.bottom() - m.gap,
            ),
            reason,
            role="reason",
            px=m.title,
            min_px=m.body,
            lines=3,
            valign=Qt.AlignmentFlag.AlignTop,
        )


def _span(view: SlotView, ctx: PaintContext) -> str:
    return format_span(view.slot.start, view.slot.end, ctx.language)


def _details(view: SlotView, ctx: PaintContext) -> str:
    slot = view.slot
    access = access_text(slot, ctx.language)
    audience = slot.audience.pick(ctx.language) if slot.audience else None
    return " · ".join(part for part in (slot.partner, slot.room, access, audience) if part)


def _row(
    painter: QPainter,
    row: QRectF,
    view: SlotView,
    ctx: PaintContext,
    *,
    portrait: bool,
    time_width: float,
    lines: int = 1,
) -> None:
    m = ctx.m
    fill, ink, ink2 = _STYLE[view.state]
    if fill is not None:
        card(painter, row, ctx, fill=fill)
    if ctx.log is not None:
        ctx.log.box(f"slot:{view.state.value}", row)
    inner = row.adjusted(m.gap, m.gap * 0.4, -m.gap, -m.gap * 0.4)
    tags = {SlotState.NOW: "now", SlotState.NEXT: "next"}
    tag = label(tags[view.state], ctx.language) if view.state in tags else None
    if view.cancelled:
        tag, ink, ink2 = label("cancelled", ctx.language), "past_text", "past_text"
    tag_width = badge_width(tag, ctx, m.small, inner.width() * 0.4) if tag else 0.0
    if portrait:
        line = inner.height() / (2 + lines)
        time_box = QRectF(inner.left(), inner.top(), inner.width() - tag_width - m.gap, line)
        text = QRectF(inner.left(), inner.top() + line, inner.width(), line * (1 + lines))
        tag_box = QRectF(inner.right() - tag_width, inner.top(), tag_width, line)
    else:
        line = inner.height() / (1 + lines)
        time_box = QRectF(inner.left(), inner.top(), min(time_width, inner.width() * 0.3), line)
        left = time_box.right() + m.gap
        right = inner.right() - (tag_width + m.gap if tag else 0.0)
        text = QRectF(left, inner.top(), right - left, inner.height())
        tag_box = QRectF(inner.right() - tag_width, inner.top(), tag_width, line)
    write(painter, ctx, time_box, _span(view, ctx), role="time", px=m.body, bold=True, color=ink)
    half = line  # the title's line; the details take the rest
    write(
        painter,
        ctx,
        QRectF(text.left(), text.top(), text.width(), half),
        view.slot.title.pick(ctx.language),
        role="title",
        px=m.body,
        min_px=m.body,  # cut at body size rather than shrunk below it
        bold=True,
        color=ink,
    )
    write(
        painter,
        ctx,
        # Under the tag too: the tag sits on the first line only.
        QRectF(text.left(), text.top() + half, inner.right() - text.left(), line * lines),
        _details(view, ctx),
        role="details",
        px=m.body,
        min_px=m.body,  # partner, room, access: what a visitor acts on, never small
        color=ink2,
        lines=lines,
        valign=Qt.AlignmentFlag.AlignTop,
    )
    if tag:
        # On the highlighted row the tag is light on dark; elsewhere dark on light.
        fill_tag, ink_tag = (
            ("badge", "badge_text")
            if view.cancelled
            else ("surface", "text")
            if view.state is SlotState.NOW
            else ("accent", "accent_text")
        )
        badge(
            painter,
            tag_box,
            tag,
            ctx,
            px=m.small,
            fill=fill_tag,
            ink=ink_tag,
            align=Qt.AlignmentFlag.AlignRight,
        )
