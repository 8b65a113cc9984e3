"""An urgent announcement: the whole slide in the alert colour, the message very large.

Impossible to miss from across the hall, and still AAA-legible (the alert colour and its
text are a checked pair of every theme).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.player.context import PaintContext
from signage.player.painters.common import badge, content_rect, write
from signage.player.text import lay_out
from signage.slides import UrgentSlide


def paint(painter: QPainter, rect: QRectF, slide: UrgentSlide, ctx: PaintContext) -> None:
    m = ctx.m
    painter.fillRect(rect, ctx.theme.color("urgent"))
    body = content_rect(rect, m).adjusted(m.margin, m.margin * 0.5, -m.margin, -m.margin * 0.5)
    item = slide.announcement
    tag_h = m.subtitle * 1.6
    badge(
        painter,
        QRectF(body.left(), body.top(), body.width() * 0.6, tag_h),
        "⚠ " + label("urgent", ctx.language),
        ctx,
        px=m.subtitle,
        fill="urgent_text",
        ink="urgent",
    )
    area = body.adjusted(0, tag_h + m.gap * 2, 0, 0)
    title = item.title.pick(ctx.language)
    share = 0.6 if item.body else 1.0
    laid = lay_out(
        title,
        ctx.theme.font(m.display * 1.2, bold=True),
        area.width(),
        area.height() * share,
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
        px=m.display * 1.2,
        bold=True,
        color="urgent_text",
        min_px=m.title,
        lines=4,
        valign=Qt.AlignmentFlag.AlignTop,
    )
    if item.body:
        top = title_box.bottom() + m.gap * 2
        write(
            painter,
            ctx,
            QRectF(area.left(), top, area.width(), area.bottom() - top),
            item.body.pick(ctx.language),
            role="body",
            px=m.subtitle * 1.1,
            color="urgent_text",
            min_px=m.body,
            lines=None,
            valign=Qt.AlignmentFlag.AlignTop,
        )
