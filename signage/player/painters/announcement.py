"""An announcement: a short title in large type and its text."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.player.context import PaintContext
from signage.player.painters.common import badge, content_rect, write
from signage.player.text import draw_text, lay_out
from signage.slides import AnnouncementSlide


def paint(painter: QPainter, rect: QRectF, slide: AnnouncementSlide, ctx: PaintContext) -> None:
    m = ctx.m
    body = content_rect(rect, m).adjusted(m.margin, m.margin * 0.5, -m.margin, -m.margin * 0.5)
    item = slide.announcement
    tag_h = m.body * 1.5
    badge(
        painter,
        QRectF(body.left(), body.top(), body.width() * 0.5, tag_h),
        label("announcement", ctx.language),
        ctx,
        px=m.body,
    )
    area = body.adjusted(0, tag_h + m.gap * 2, 0, 0)
    title_font = ctx.theme.font(m.display, bold=True)
    share = 0.5 if item.body else 1.0
    title = lay_out(
        item.title.pick(ctx.language),
        title_font,
        area.width(),
        area.height() * share,
        min_px=m.title,
        max_lines=3,
    )
    title_box = QRectF(area.left(), area.top(), area.width(), title.height)
    draw_text(
        painter,
        title_box,
        item.title.pick(ctx.language),
        title_font,
        ctx.theme.color("text"),
        min_px=m.title,
        max_lines=3,
        log=ctx.log,
        role="title",
    )
    if ctx.log is not None:
        ctx.log.box("title", title_box)
    if item.body:
        text_box = QRectF(
            area.left(),
            title_box.bottom() + m.gap * 2,
            area.width() * 0.92,
            area.bottom() - title_box.bottom() - m.gap * 2,
        )
        write(
            painter,
            ctx,
            text_box,
            item.body.pick(ctx.language),
            role="body",
            px=m.subtitle,
            min_px=m.body,
            lines=None,
            valign=Qt.AlignmentFlag.AlignTop,
        )
        if ctx.log is not None:
            ctx.log.box("body", text_box)
