"""« Salles »: each room of the site, free now (until when) or in use (by whom, until
when), and what comes next; under them, how a visitor books one and the partners' QR
code to the booking page."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import format_span, format_time, label
from signage.layout import rooms_footer, rooms_row
from signage.player.context import PaintContext
from signage.player.painters.common import badge, card, content_rect, heading, write
from signage.player.qr import draw_qr
from signage.player.text import lines_needed, text_width
from signage.slides import RoomsSlide, RoomUse, RoomView


def paint(painter: QPainter, rect: QRectF, slide: RoomsSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m)
    area = heading(painter, body, label("rooms_title", ctx.language), slide, ctx)
    portrait = rect.width() < rect.height()
    footer_h = rooms_footer(m)
    listed = QRectF(area.left(), area.top(), area.width(), area.height() - footer_h)
    # Each state and each "next" line whole on a second line while the slide has room
    # (the semainier's rule); the playlist paged the rooms with one line each.
    shapes = [_needs(view, listed.width(), ctx, portrait) for view in slide.rooms]
    if _height(shapes, ctx, portrait) > listed.height():
        shapes = [(1, 1)] * len(slide.rooms)
    top = listed.top()
    for view, shape in zip(slide.rooms, shapes, strict=True):
        height = _row_height(shape, ctx, portrait)
        _room(
            painter,
            QRectF(listed.left(), top, listed.width(), height),
            view,
            ctx,
            portrait=portrait,
            lines=shape,
        )
        top += height + m.gap
    _footer(
        painter,
        QRectF(area.left(), area.bottom() - footer_h + m.gap, area.width(), footer_h - m.gap),
        slide,
        ctx,
    )


def _state(view: RoomView, ctx: PaintContext) -> tuple[str, bool]:
    """What the room is doing now, in words, and whether it is free."""
    language = ctx.language
    if view.now is not None:
        # A public use says what it is; a private one only who holds the room.
        parts = (view.now.title, view.now.partner)
        who = ", ".join(p for p in parts if p) or "—"
        return label(
            "room_in_use", language, who=who, time=format_time(view.now.end, language)
        ), False
    if not view.open_now:
        return label("room_closed", language), False
    if view.free_until is not None:
        return label("room_free_until", language, time=format_time(view.free_until, language)), True
    return label("room_free_now", language), True


def _next(use: RoomUse, ctx: PaintContext) -> str:
    what = (
        f"{use.title} — {use.partner}"
        if use.title and use.partner
        else use.title or label("room_booked", ctx.language, partner=use.partner or "—")
    )
    return label(
        "room_next", ctx.language, span=format_span(use.start, use.end, ctx.language), what=what
    )


def _about(view: RoomView, ctx: PaintContext) -> str:
    """The second line: what comes next today, else what the room holds."""
    if view.next is not None:
        return _next(view.next, ctx)
    room = view.room
    parts = [f"{room.capacity} places"] if room.capacity and ctx.language == "fr" else []
    if room.capacity and ctx.language != "fr":
        parts = [f"{room.capacity} seats"]
    parts += list(room.equipment)
    return " · ".join(parts)


Shape = tuple[int, int]  # lines of the state, lines of the "next" line


def _row_height(shape: Shape, ctx: PaintContext, portrait: bool) -> float:
    extra = (shape[0] - 1) + (shape[1] - 1)
    return rooms_row(ctx.m, portrait) + ctx.m.line * extra


def _height(shapes: list[Shape], ctx: PaintContext, portrait: bool) -> float:
    gaps = ctx.m.gap * max(0, len(shapes) - 1)
    return sum(_row_height(s, ctx, portrait) for s in shapes) + gaps


def _widths(view: RoomView, width: float, ctx: PaintContext, portrait: bool) -> tuple[float, float]:
    """The name's width and the state's (the "next" line takes the whole row)."""
    m = ctx.m
    inner = width - 2 * m.gap
    if portrait:
        return inner, inner
    # The name as wide as it is (up to 45 %), the state has the rest of the line.
    name_font = ctx.theme.font(m.body, bold=True)
    name = min(text_width(view.room.name, name_font) + m.gap, inner * 0.45)
    return name, inner - name - m.gap


def _needs(view: RoomView, width: float, ctx: PaintContext, portrait: bool) -> Shape:
    m = ctx.m
    state, free = _state(view, ctx)
    _, state_width = _widths(view, width, ctx, portrait)
    font = ctx.theme.font(m.body, bold=True)
    state_lines = 1 if free else min(2, lines_needed(state, font, state_width, limit=2))
    about = _about(view, ctx)
    inner = width - 2 * m.gap
    about_lines = (
        min(2, lines_needed(about, ctx.theme.font(m.body), inner, limit=2)) if about else 1
    )
    return state_lines, about_lines


def _room(
    painter: QPainter,
    row: QRectF,
    view: RoomView,
    ctx: PaintContext,
    *,
    portrait: bool,
    lines: Shape = (1, 1),
) -> None:
    m = ctx.m
    state, free = _state(view, ctx)
    card(painter, row, ctx, fill="surface" if free else "background")
    if ctx.log is not None:
        ctx.log.box("room:free" if free else "room:taken", row)
    inner = row.adjusted(m.gap, m.gap * 0.4, -m.gap, -m.gap * 0.4)
    state_lines, about_lines = lines
    total = (1 + state_lines if portrait else max(1, state_lines)) + about_lines
    line = inner.height() / total
    ink = "text" if view.open_now else "past_text"
    name_width, state_width = _widths(view, row.width(), ctx, portrait)
    if portrait:
        name_box = QRectF(inner.left(), inner.top(), inner.width(), line)
        state_box = QRectF(inner.left(), inner.top() + line, inner.width(), line * state_lines)
    else:
        name_box = QRectF(inner.left(), inner.top(), name_width, line)
        state_box = QRectF(
            inner.right() - state_width, inner.top(), state_width, line * state_lines
        )
    write(
        painter,
        ctx,
        name_box,
        view.room.name,
        role="title",
        px=m.body,
        min_px=m.body,
        bold=True,
        color=ink,
    )
    if free:
        badge(
            painter,
            state_box,
            state,
            ctx,
            px=m.body,
            fill="accent",
            ink="accent_text",
            align=Qt.AlignmentFlag.AlignLeft if portrait else Qt.AlignmentFlag.AlignRight,
        )
    else:
        write(
            painter,
            ctx,
            state_box,
            state,
            role="state",
            px=m.body,
            min_px=m.body,
            bold=True,
            color=ink,
            lines=state_lines,
            align=Qt.AlignmentFlag.AlignLeft if portrait else Qt.AlignmentFlag.AlignRight,
        )
    about = _about(view, ctx)
    if about:
        write(
            painter,
            ctx,
            QRectF(
                inner.left(), inner.bottom() - line * about_lines, inner.width(), line * about_lines
            ),
            about,
            role="details",
            px=m.body,
            min_px=m.body,
            color="muted" if view.open_now else "past_text",
            lines=about_lines,
            valign=Qt.AlignmentFlag.AlignTop,
        )


def _footer(painter: QPainter, band: QRectF, slide: RoomsSlide, ctx: PaintContext) -> None:
    m = ctx.m
    # In the rooms' own words (« Réservable à l'accueil »), else the label's.
    how = (
        slide.ask
        if slide.ask and ctx.language == "fr"
        else label("bookable_at_reception", ctx.language)
    )
    text_right = band.right()
    if slide.booking_url:
        side = band.height()
        code = draw_qr(
            painter, QRectF(band.right() - side, band.top(), side, side), slide.booking_url
        )
        if ctx.log is not None:
            ctx.log.box("qr", code)
        caption = QRectF(band.left(), band.top(), code.left() - m.gap - band.left(), band.height())
        write(
            painter,
            ctx,
            caption,
            label("partners_book_online", ctx.language),
            role="qr_caption",
            px=m.small,
            color="muted",
            align=Qt.AlignmentFlag.AlignRight,
            valign=Qt.AlignmentFlag.AlignBottom,
        )
        text_right = code.left() - m.gap
    write(
        painter,
        ctx,
        QRectF(band.left(), band.top(), text_right - band.left(), band.height() * 0.6),
        how,
        role="ask",
        px=m.body,
        min_px=m.body,
        bold=True,
        lines=2,
        valign=Qt.AlignmentFlag.AlignTop,
    )
