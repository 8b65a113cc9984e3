"""One painting path: a whole frame (header + slide body) into any QPainter.

The window, ``signage render`` (PNG) and the benchmarks all go through ``paint_frame``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.player.context import PaintContext
from signage.player.painters import (
    agenda,
    announcement,
    apps,
    fallback,
    now_strip,
    pairing,
    poster,
    rooms,
    semainier,
    urgent,
    week,
    wifi,
)
from signage.player.painters.header import header_rect, paint_header
from signage.playlist import strip_height
from signage.slides import (
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    FallbackSlide,
    PairingSlide,
    PosterSlide,
    RoomsSlide,
    SemainierSlide,
    Slide,
    UrgentSlide,
    WeekSlide,
    WifiSlide,
)

log = logging.getLogger(__name__)

Painter = Callable[[QPainter, QRectF, Any, PaintContext], None]
PAINTERS: Final[dict[type[Slide], Painter]] = {
    SemainierSlide: semainier.paint,
    AgendaSlide: agenda.paint,
    WifiSlide: wifi.paint,
    AppsSlide: apps.paint,
    AnnouncementSlide: announcement.paint,
    PosterSlide: poster.paint,
    RoomsSlide: rooms.paint,
    FallbackSlide: fallback.paint,
    PairingSlide: pairing.paint,
    WeekSlide: week.paint,
    UrgentSlide: urgent.paint,
}


def with_screen(ctx: PaintContext, screen: QRectF) -> PaintContext:
    """``ctx`` with the sizes of a screen of ``screen``'s size."""
    return replace(ctx, m=ctx.theme.metrics(screen))


def body_rect(screen: QRectF, ctx: PaintContext) -> QRectF:
    """The part of the screen below the header, where slides are painted."""
    header = header_rect(screen, ctx)
    return QRectF(screen.left(), header.bottom(), screen.width(), screen.height() - header.height())


def paint_body(painter: QPainter, screen: QRectF, slide: Slide, ctx: PaintContext) -> None:
    """Paint the slide's body (everything but the header) with its background."""
    body = body_rect(screen, ctx)
    painter.fillRect(body, ctx.theme.color("background"))
    if slide.strip is not None:
        band = strip_height((round(screen.width()), round(screen.height())))
        now_strip.paint(
            painter,
            QRectF(body.left(), body.bottom() - band, body.width(), band),
            slide.strip,
            ctx,
            portrait=screen.width() < screen.height(),
        )
        body = QRectF(body.left(), body.top(), body.width(), body.height() - band)
    PAINTERS[type(slide)](painter, body, slide, ctx)


def paint_frame(painter: QPainter, screen: QRectF, slide: Slide, ctx: PaintContext) -> None:
    """Paint a complete frame: header (site name, clock) and the slide body."""
    ctx = with_screen(ctx, screen)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint_body(painter, screen, slide, ctx)
    paint_header(painter, screen, slide.site, ctx)
