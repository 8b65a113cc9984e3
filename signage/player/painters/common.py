"""Drawing pieces shared by the painters: slide heading, badges, cards."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from signage.i18n import label
from signage.layout import Metrics, heading_height, phone_qr
from signage.model import Access, SemainierSlot
from signage.player.context import PaintContext
from signage.player.qr import draw_qr
from signage.player.text import draw_text, lay_out, text_width
from signage.slides import Slide


def content_rect(rect: QRectF, m: Metrics) -> QRectF:
    """The slide body inside its margins."""
    return rect.adjusted(m.margin, m.margin * 0.8, -m.margin, -m.margin * 0.8)


def heading(painter: QPainter, rect: QRectF, title: str, slide: Slide, ctx: PaintContext) -> QRectF:
    """Draw the slide title (and a "1/2" page mark; and, when the slide has the phone
    page's address, its QR code at the right end with « Sur votre téléphone »); return
    the space left below it."""
    m = ctx.m
    line = heading_height(m) - m.gap
    height = heading_height(m, slide.phone is not None) - m.gap
    right = rect.right()
    if slide.phone is not None:
        right = phone_corner(painter, rect, slide.phone, ctx)
    mark = ""
    if slide.pages > 1:
        mark = label("page", ctx.language, page=slide.page, pages=slide.pages)
    mark_font = ctx.theme.font(m.subtitle, bold=True)
    mark_width = text_width(mark, mark_font) + m.gap if mark else 0.0
    # Beside the phone's corner the heading is taller: a long title takes two lines
    # there (a portrait screen's « Aujourd'hui · samedi 28 novembre ») rather than a cut.
    two = slide.phone is not None and height >= 2 * line
    title_box = QRectF(
        rect.left(), rect.top(), right - rect.left() - mark_width, height if two else line
    )
    draw_text(
        painter,
        title_box,
        title,
        ctx.theme.font(m.title, bold=True),
        ctx.theme.color("text"),
        min_px=m.subtitle,
        max_lines=2 if two else 1,
        valign=Qt.AlignmentFlag.AlignTop if two else Qt.AlignmentFlag.AlignVCenter,
        log=ctx.log,
        role="heading",
    )
    if ctx.log is not None:
        ctx.log.box("heading", title_box)
    if mark:
        mark_box = QRectF(title_box.right() + m.gap, rect.top(), mark_width - m.gap, line)
        draw_text(
            painter,
            mark_box,
            mark,
            mark_font,
            ctx.theme.color("muted"),
            min_px=m.small,
            max_lines=1,
            align=Qt.AlignmentFlag.AlignRight,
            valign=Qt.AlignmentFlag.AlignVCenter,
            log=ctx.log,
            role="page",
        )
    return QRectF(
        rect.left(), rect.top() + height + m.gap, rect.width(), rect.height() - height - m.gap
    )


def phone_corner(painter: QPainter, rect: QRectF, address: str, ctx: PaintContext) -> float:
    """The phone page's QR code in the heading's right end, « Sur votre téléphone » on its
    left; the x where the title must stop."""
    m = ctx.m
    side = phone_qr(m)
    code = draw_qr(painter, QRectF(rect.right() - side, rect.top(), side, side), address)
    caption = label("phone_scan", ctx.language)
    font = ctx.theme.font(m.small, bold=True)
    width = min(max(text_width(w, font) for w in caption.split()) * 1.05, rect.width() * 0.2)
    box = QRectF(code.left() - m.gap * 0.5 - width, code.top(), width, code.height())
    draw_text(
        painter,
        box,
        caption,
        font,
        ctx.theme.color("text"),
        min_px=m.min_text,
        max_lines=3,
        align=Qt.AlignmentFlag.AlignRight,
        valign=Qt.AlignmentFlag.AlignVCenter,
        log=ctx.log,
        role="phone",
    )
    if ctx.log is not None:
        ctx.log.box("phone", QRectF(box.left(), code.top(), code.right() - box.left(), side))
    return box.left() - m.gap


def card(painter: QPainter, rect: QRectF, ctx: PaintContext, fill: str = "surface") -> None:
    """A rounded panel with a thin border, to group one item's lines."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(ctx.theme.color("border"), max(1.0, rect.height() * 0.006)))
    painter.setBrush(ctx.theme.color(fill))
    radius = min(rect.height(), rect.width()) * 0.08
    painter.drawRoundedRect(rect, radius, radius)
    painter.restore()


def badge(
    painter: QPainter,
    rect: QRectF,
    text: str,
    ctx: PaintContext,
    *,
    px: float,
    fill: str = "badge",
    ink: str = "badge_text",
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> QRectF:
    """A pill-shaped tag ("Accès libre", "En ce moment") in ``rect``; returns its rect."""
    m = ctx.m
    font = ctx.theme.font(px, bold=True)
    laid = lay_out(text, font, rect.width() - px, rect.height(), min_px=m.min_text, max_lines=1)
    width = min(rect.width(), text_width(laid.lines[0], laid.font) + px)
    height = min(rect.height(), laid.line_height * 1.15)
    left = rect.left()
    if align & Qt.AlignmentFlag.AlignRight:
        left = rect.right() - width
    pill = QRectF(left, rect.top() + (rect.height() - height) / 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ctx.theme.color(fill))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.restore()
    draw_text(
        painter,
        pill,
        laid.lines[0],
        laid.font,
        ctx.theme.color(ink),
        min_px=laid.font.pixelSize(),
        max_lines=1,
        align=Qt.AlignmentFlag.AlignHCenter,
        valign=Qt.AlignmentFlag.AlignVCenter,
        log=ctx.log,
        role="badge",
    )
    return pill


def badge_width(text: str, ctx: PaintContext, px: float, most: float) -> float:
    """The width a badge needs for ``text`` at ``px``, at most ``most``."""
    return min(most, text_width(text, ctx.theme.font(px, bold=True)) + px * 1.2)


def write(
    painter: QPainter,
    ctx: PaintContext,
    rect: QRectF,
    text: str,
    *,
    role: str,
    px: float,
    bold: bool = False,
    color: str = "text",
    min_px: float | None = None,
    lines: int | None = 1,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignVCenter,
) -> QRectF:
    """Draw plain ``text`` fitted in ``rect`` in the theme's typeface and colour ``color``.

    It shrinks toward ``min_px`` (the theme's minimum by default), then is cut at a word;
    ``role`` names it in the paint log that layout tests read.
    """
    return draw_text(
        painter,
        rect,
        text,
        ctx.theme.font(px, bold=bold),
        ctx.theme.color(color),
        min_px=ctx.m.min_text if min_px is None else min_px,
        max_lines=lines,
        align=align,
        valign=valign,
        log=ctx.log,
        role=role,
    )


def access_text(slot: SemainierSlot, language: str) -> str:
    """How a visitor gets in: the partner's own words when given, else the label."""
    if slot.access_note:
        return slot.access_note
    return label("free_access" if slot.access is Access.FREE else "by_appointment", language)


# A line of a centred stack: text, size, bold, colour, share of the height, most lines.
StackLine = tuple[str, float, bool, str, float, int]


def paint_stack(
    painter: QPainter,
    ctx: PaintContext,
    area: QRectF,
    parts: list[StackLine],
    *,
    role: str,
    margin: float = 0.06,
) -> None:
    """Centred lines, each given its share of ``area``'s height (the fallback and the
    pairing screens: a few large words, nothing else)."""
    weights = sum(p[4] for p in parts)
    top = area.top() + area.height() * margin
    usable = area.height() * (1 - 2 * margin)
    for text, px, bold, color, weight, lines in parts:
        height = usable * weight / weights
        write(
            painter,
            ctx,
            QRectF(area.left(), top, area.width(), height),
            text,
            role=role,
            px=px,
            bold=bold,
            color=color,
            min_px=ctx.m.body,
            lines=lines,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        top += height


GROW_CAP: Final = 1.5  # rows grow at most this much (beyond, a few rows look shouted)


def grown(ctx: PaintContext, rows: int, row: float, height: float) -> PaintContext:
    """``ctx`` with every size scaled so ``rows`` rows of ``row`` pixels (and their gaps)
    fill ``height``, up to GROW_CAP; never smaller (a full page already fits)."""
    m = ctx.m
    natural = rows * (row + m.gap)
    scale = min(GROW_CAP, (height + m.gap) / natural) if natural > 0 else 1.0
    return ctx if scale <= 1.0 else replace(ctx, m=Metrics(m.unit * scale))
