"""The "now" strip: under a slide, what is on in the building now and what starts next,
so a visitor arriving mid-rotation need not wait for the semainier."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.i18n import format_time, label
from signage.model import SemainierSlot
from signage.player.context import PaintContext
from signage.player.painters.common import write
from signage.player.text import text_width
from signage.slides import NowNext


def words(strip: NowNext, language: str, *, rooms: bool = True, most: int = 2) -> str:
    """« En ce moment : Permanence CAF, bureau 2 · Ensuite à 14 h : Atelier CV »."""
    colon = "\u00a0: " if language == "fr" else ": "
    parts = []
    if strip.now:
        parts.append(label("now", language) + colon + _slots(strip.now, language, rooms, most))
    if strip.next and strip.next_start is not None:
        when = label("next_at", language, time=format_time(strip.next_start, language))
        parts.append(when + colon + _slots(strip.next, language, rooms, most))
    return "  ·  ".join(parts)


def variants(strip: NowNext, language: str) -> list[str]:
    """The strip's words, from the fullest to the shortest: the first that fits is shown
    (rooms go first, then all but one slot of each, with how many more)."""
    return [
        words(strip, language),
        words(strip, language, rooms=False),
        words(strip, language, rooms=False, most=1),
    ]


def _slots(slots: tuple[SemainierSlot, ...], language: str, rooms: bool, most: int) -> str:
    named = []
    for slot in slots[:most]:
        title = slot.title.pick(language)
        named.append(f"{title}, {slot.room}" if rooms and slot.room else title)
    more = f" (+{len(slots) - most})" if len(slots) > most else ""
    return " ; ".join(named) + more


def paint(
    painter: QPainter, rect: QRectF, strip: NowNext, ctx: PaintContext, *, portrait: bool
) -> None:
    m = ctx.m
    band = rect.adjusted(0, m.gap * 0.5, 0, 0)
    painter.fillRect(band, ctx.theme.color("header"))
    if ctx.log is not None:
        ctx.log.box("strip", band)
    inner = band.adjusted(m.margin, 0, -m.margin, 0)
    if portrait:  # "now", then "next", a line each: the width would cut them
        halves = [NowNext(strip.now, (), None), NowNext((), strip.next, strip.next_start)]
        texts = [_fitting(h, ctx, inner.width()) for h in halves]
        texts = [t for t in texts if t]
        line = inner.height() / len(texts)
        for number, text in enumerate(texts):
            box = QRectF(inner.left(), inner.top() + number * line, inner.width(), line)
            _write(painter, ctx, box, text)
        return
    _write(painter, ctx, inner, _fitting(strip, ctx, inner.width()))


def _write(painter: QPainter, ctx: PaintContext, box: QRectF, text: str) -> None:
    write(
        painter,
        ctx,
        box,
        text,
        role="strip",
        px=ctx.m.body,
        min_px=ctx.m.body,
        bold=True,
        color="header_text",
    )


def _fitting(strip: NowNext, ctx: PaintContext, width: float) -> str:
    font = ctx.theme.font(ctx.m.body, bold=True)
    found = variants(strip, ctx.language)
    return next((text for text in found if text_width(text, font) <= width), found[-1])
