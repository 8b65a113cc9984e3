"""A message slide: a tag, a title in large type, its text. Announcements and urgent
messages are the same layout in two styles."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.layout import phone_qr
from signage.model import Announcement
from signage.player.context import PaintContext
from signage.player.painters.common import badge, content_rect, phone_corner, write
from signage.player.text import lay_out


@dataclass(frozen=True)
class MessageStyle:
    """Colours (palette names) and type sizes (multiples of the theme's) of a message."""

    tag: str
    tag_fill: str = "badge"
    tag_ink: str = "badge_text"
    ink: str = "text"
    background: str | None = None
    title_scale: float = 1.0
    body_scale: float = 1.0
    tag_scale: float = 1.0


def paint_message(
    painter: QPainter,
    rect: QRectF,
    item: Announcement,
    ctx: PaintContext,
    style: MessageStyle,
    phone: str | None = None,
) -> None:
    """``phone``: the site's page for phones, its QR code in the top right corner (the
    title starts below it)."""
    m = ctx.m
    if style.background:
        painter.fillRect(rect, ctx.theme.color(style.background))
    body = content_rect(rect, m).adjusted(m.margin, m.margin * 0.5, -m.margin, -m.margin * 0.5)
    tag_px = m.body * style.tag_scale
    tag_h = tag_px * 1.5
    band = tag_h + m.gap * 2
    tag_width = body.width() * 0.6
    if phone is not None:
        corner = phone_corner(painter, body, phone, ctx)
        tag_width = min(tag_width, corner - body.left())
        band = max(band, phone_qr(m) + m.gap * 2)
    badge(
        painter,
        QRectF(body.left(), body.top(), tag_width, tag_h),
        style.tag,
        ctx,
        px=tag_px,
        fill=style.tag_fill,
        ink=style.tag_ink,
    )
    area = body.adjusted(0, band, 0, 0)
    title = item.title.pick(ctx.language)
    title_px = m.display * style.title_scale
    laid = lay_out(
        title,
        ctx.theme.font(title_px, bold=True),
        area.width(),
        area.height() * (0.55 if item.body else 1.0),
        min_px=m.title,
        max_lines=4,
    )
    title_box = QRectF(area.left(), area.top(), area.width(), laid.height)
    write(
        painter,
        ctx,
        title_box,
        title,
        role="title",
        px=title_px,
        bold=True,
        color=style.ink,
        min_px=m.title,
        lines=4,
        valign=Qt.AlignmentFlag.AlignTop,
    )
    if ctx.log is not None:
        ctx.log.box("title", title_box)
    if item.body:
        top = title_box.bottom() + m.gap * 2
        text_box = QRectF(area.left(), top, area.width() * 0.92, area.bottom() - top)
        write(
            painter,
            ctx,
            text_box,
            item.body.pick(ctx.language),
            role="body",
            px=m.subtitle * style.body_scale,
            color=style.ink,
            min_px=m.body,
            lines=None,
            valign=Qt.AlignmentFlag.AlignTop,
        )
        if ctx.log is not None:
            ctx.log.box("body", text_box)
