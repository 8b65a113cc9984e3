"""The pairing screen: the code a referent types in the console, large, and where."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from signage.player.context import PaintContext
from signage.player.painters.common import StackLine, content_rect, paint_stack
from signage.slides import PairingSlide


def paint(painter: QPainter, rect: QRectF, slide: PairingSlide, ctx: PaintContext) -> None:
    m = ctx.m
    area = content_rect(rect, m)
    if slide.code:
        lead = "Pour afficher les informations de votre site, tapez ce code dans la console :"
        code = slide.code
        address = slide.console
        until = f"Code valable jusqu'à {slide.until}, puis un nouveau s'affiche."
    else:
        lead = "Cet écran demande un code à la console…"
        code = "…"
        address = slide.console
        until = ""
    parts: list[StackLine] = [
        (lead, m.subtitle, False, "text", 1.3, 2),
        (code, m.display * 2.2, True, "accent", 2.2, 1),
        (f"Console : {address}  ·  Écrans › Ajouter un écran", m.body, True, "text", 0.9, 2),
        (until, m.body, False, "muted", 0.7, 2),
        (slide.problem, m.body, False, "muted", 0.7, 2),
    ]
    paint_stack(painter, ctx, area, parts, role="pairing", margin=0.04)
