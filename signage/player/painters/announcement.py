"""An announcement: a short title in large type and its text."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.i18n import label
from signage.player.context import PaintContext
from signage.player.painters.message import MessageStyle, paint_message
from signage.slides import AnnouncementSlide


def paint(painter: QPainter, rect: QRectF, slide: AnnouncementSlide, ctx: PaintContext) -> None:
    style = MessageStyle(tag=label("announcement", ctx.language))
    paint_message(painter, rect, slide.announcement, ctx, style, slide.phone)
