"""The day's semainier: today's slots in time order, the running one highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_day, format_span, label
from signage.layout import semainier_row
from signage.player.context import PaintContext
from signage.player.painters.common import (
    GROW_CAP,
    access_text,
    badge,
    badge_width,
    card,
    content_rect,
    heading,
    write,
)
from signage.player.text import lines_needed, text_width
from signage.player.theme import Metrics
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
    # The playlist paged the day with one line per title and details (signage.layout),
    # so the rows fit; the height left gives long texts their lines, then grows the rows.
    rows = slide.slots
    shapes, ctx = _fit(rows, area, ctx, portrait)
    m = ctx.m
    time_width = _time_width(rows, ctx)
    top = area.top()
    for view, (title_lines, detail_lines) in zip(rows, shapes, strict=True):
        height = semainier_row(m, portrait, detail_lines, title_lines)
        _row(
            painter,
            QRectF(area.left(), top, area.width(), height),
            view,
            ctx,
            portrait=portrait,
            time_width=time_width,
            lines=(title_lines, detail_lines),
        )
        top += height + m.gap


# Lines a title and its details may take before they are cut: a title of two lines
# still reads as one item; the details (partner, room, access, audience) take a third
# line in the narrow portrait column.
_TITLE_MOST = 2


def _details_most(portrait: bool) -> int:
    return 3 if portrait else 2


Shape = tuple[int, int]  # lines of a row's title, lines of its details


def _fit(
    rows: Sequence[SlotView], area: QRectF, ctx: PaintContext, portrait: bool
) -> tuple[list[Shape], PaintContext]:
    """Each row's lines, and the sizes to paint at: every text whole when the page has
    the height (nothing is cut while the slide has room), then the rows grow, text and
    all, into what is left (up to GROW_CAP), with the texts measured at the size they
    grow to. A page too full for every text gives lines first to the rows that are on
    now and next, titles before details."""
    needs, whole = _needs(rows, area.width(), ctx, portrait)
    if _height(needs, ctx, portrait) > area.height():
        return _granted(rows, needs, area.height(), ctx, portrait), ctx
    # Grow: the largest scale (bisected) at which the texts, measured at that size,
    # still fit whole.
    most = min(GROW_CAP, (area.height() + ctx.m.gap) / (_height(needs, ctx, portrait) + ctx.m.gap))
    best, low, high = (needs, ctx), 1.0, most
    for attempt in range(7):
        scale = high if attempt == 0 else (low + high) / 2
        if scale <= 1.0:
            break
        sized = replace(ctx, m=Metrics(ctx.m.unit * scale))
        shapes, whole_there = _needs(rows, area.width(), sized, portrait)
        # Growing must not cut what was whole at the base size.
        kept = all(there or not here for here, there in zip(whole, whole_there, strict=True))
        if kept and _height(shapes, sized, portrait) <= area.height():
            best, low = (shapes, sized), scale
            if attempt == 0:
                break
        else:
            high = scale
        if high - low < 0.01:
            break
    return best


def _height(shapes: Sequence[Shape], ctx: PaintContext, portrait: bool) -> float:
    m = ctx.m
    return sum(semainier_row(m, portrait, d, t) for t, d in shapes) + m.gap * (len(shapes) - 1)


def _granted(
    rows: Sequence[SlotView],
    needs: Sequence[Shape],
    height: float,
    ctx: PaintContext,
    portrait: bool,
) -> list[Shape]:
    """One line each, then more lines row by row while the page has the height."""
    shapes = [(1, 1)] * len(rows)
    first = sorted(range(len(rows)), key=lambda i: rows[i].state not in _FIRST)
    for part in (0, 1):  # titles, then details
        for i in first:
            wanted = list(shapes[i])
            wanted[part] = needs[i][part]
            trial = [*shapes[:i], (wanted[0], wanted[1]), *shapes[i + 1 :]]
            if _height(trial, ctx, portrait) <= height:
                shapes = trial
    return shapes


_FIRST = (SlotState.NOW, SlotState.NEXT)


def _needs(
    rows: Sequence[SlotView], width: float, ctx: PaintContext, portrait: bool
) -> tuple[list[Shape], list[bool]]:
    """The lines each row's title and details take at ``ctx``'s sizes (capped), the rows
    ``width`` wide, and whether those lines hold each row's texts whole."""
    m = ctx.m
    time_width = _time_width(rows, ctx)
    title_font = ctx.theme.font(m.body, bold=True)
    details_font = ctx.theme.font(m.body)
    found, whole = [], []
    for view in rows:
        title_width, details_width = _columns(view, width, ctx, portrait, time_width)
        title = lines_needed(_title(view, ctx), title_font, title_width, limit=_TITLE_MOST)
        most = _details_most(portrait)
        details = lines_needed(_details(view, ctx), details_font, details_width, limit=most)
        found.append((min(title, _TITLE_MOST), min(details, most)))
        whole.append(title <= _TITLE_MOST and details <= most)
    return found, whole


def _time_width(rows: Sequence[SlotView], ctx: PaintContext) -> float:
    span_font = ctx.theme.font(ctx.m.body, bold=True)
    return max(text_width(_span(v, ctx), span_font) for v in rows) + ctx.m.gap


def _tag(view: SlotView, ctx: PaintContext) -> str | None:
    if view.cancelled:
        return label("cancelled", ctx.language)
    tags = {SlotState.NOW: "now", SlotState.NEXT: "next"}
    return label(tags[view.state], ctx.language) if view.state in tags else None


def _columns(
    view: SlotView, width: float, ctx: PaintContext, portrait: bool, time_width: float
) -> tuple[float, float]:
    """The widths of a row's title and details (the row ``width`` wide)."""
    m = ctx.m
    inner = width - 2 * m.gap
    if portrait:  # the time and the tag on a line of their own, above
        return inner, inner
    tag = _tag(view, ctx)
    tag_width = badge_width(tag, ctx, m.small, inner * 0.4) if tag else 0.0
    left = min(time_width, inner * 0.3) + m.gap
    return inner - left - (tag_width + m.gap if tag else 0.0), inner - left


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


def _title(view: SlotView, ctx: PaintContext) -> str:
    if view.free is not None:  # « Espace numérique : libre »
        return f"{view.free.name} : {label('room_free', ctx.language)}"
    return view.slot.title.pick(ctx.language)


def _details(view: SlotView, ctx: PaintContext) -> str:
    if view.free is not None:  # what a visitor does to use it
        ask = view.free.ask
        return ask.pick(ctx.language) if ask else label("bookable_at_reception", ctx.language)
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
    lines: Shape = (1, 1),
) -> None:
    m = ctx.m
    fill, ink, ink2 = _STYLE[view.state]
    if fill is not None:
        card(painter, row, ctx, fill=fill)
    if ctx.log is not None:
        ctx.log.box(f"slot:{view.state.value}", row)
    inner = row.adjusted(m.gap, m.gap * 0.4, -m.gap, -m.gap * 0.4)
    tag = _tag(view, ctx)
    if view.cancelled:
        ink, ink2 = "past_text", "past_text"
    tag_width = badge_width(tag, ctx, m.small, inner.width() * 0.4) if tag else 0.0
    title_lines, detail_lines = lines
    title_width, details_width = _columns(view, row.width(), ctx, portrait, time_width)
    line = inner.height() / ((1 if portrait else 0) + title_lines + detail_lines)
    if portrait:
        time_box = QRectF(inner.left(), inner.top(), inner.width() - tag_width - m.gap, line)
        top = inner.top() + line
    else:
        time_box = QRectF(inner.left(), inner.top(), min(time_width, inner.width() * 0.3), line)
        top = inner.top()
    left = inner.right() - details_width
    tag_box = QRectF(inner.right() - tag_width, inner.top(), tag_width, line)
    write(painter, ctx, time_box, _span(view, ctx), role="time", px=m.body, bold=True, color=ink)
    write(
        painter,
        ctx,
        QRectF(left, top, title_width, line * title_lines),
        _title(view, ctx),
        role="title",
        px=m.body,
        min_px=m.body,  # cut at body size rather than shrunk below it
        bold=True,
        color=ink,
        lines=title_lines,
        valign=Qt.AlignmentFlag.AlignVCenter if title_lines == 1 else Qt.AlignmentFlag.AlignTop,
    )
    write(
        painter,
        ctx,
        # Under the tag too: the tag sits on the first line only.
        QRectF(left, top + line * title_lines, details_width, line * detail_lines),
        _details(view, ctx),
        role="details",
        px=m.body,
        min_px=m.body,  # partner, room, access: what a visitor acts on, never small
        color=ink2,
        lines=detail_lines,
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
