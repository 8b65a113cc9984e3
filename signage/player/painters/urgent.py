"""An urgent announcement: the whole slide in the alert colour, the message very large.

Impossible to miss from across the hall, and still AAA-legible (the alert colour and its
text are a checked pair of every theme).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.player.context import PaintContext
from signage.player.painters.message import MessageStyle, paint_message
from signage.slides import UrgentSlide


def paint(painter: QPainter, rect: QRectF, slide: UrgentSlide, ctx: PaintContext) -> None:
    style = MessageStyle(
        tag="⚠ " + label("urgent", ctx.language),
        tag_fill="urgent_text",
        tag_ink="urgent",
        ink="urgent_text",
        background="urgent",
        title_scale=1.2,
        body_scale=1.1,
        tag_scale=1.2,
    )
    paint_message(painter, rect, slide.announcement, ctx, style)
