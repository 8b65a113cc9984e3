"""QR codes drawn as crisp vector squares, with their quiet zone, on screen and on paper."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of the QR code for ``payload`` (error correction M)."""
    import segno  # noqa: PLC0415 (a slide without a QR code does not load it)

    code = segno.make(payload, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


def draw_qr(painter: QPainter, rect: QRectF, payload: str) -> QRectF:
    """Draw the QR code for ``payload`` centred in ``rect``; return the rect it covers.

    The code (quiet zone included) takes the largest whole number of pixels per module
    that fits, so module edges fall on pixel edges and phones decode it reliably.
    """
    matrix = qr_matrix(payload)
    modules = len(matrix) + 2 * QUIET_ZONE
    side = min(rect.width(), rect.height())
    module = max(1.0, math.floor(side / modules))
    full = module * modules
    left = round(rect.left() + (rect.width() - full) / 2)
    top = round(rect.top() + (rect.height() - full) / 2)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillRect(QRectF(left, top, full, full), QColor("#FFFFFF"))
    painter.setBrush(QColor("#000000"))
    origin = QUIET_ZONE * module
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            run = x
            while run < len(row) and row[run]:
                run += 1
            painter.drawRect(
                QRectF(
                    left + origin + x * module,
                    top + origin + y * module,
                    (run - x) * module,
                    module,
                )
            )
            x = run
    painter.restore()
    return QRectF(left, top, full, full)
