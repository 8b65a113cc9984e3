"""A partner's monthly attestation of display, as a PDF its funders can read: the same
PDF path as the printed posters (Qt's PDF writer, the bundled fonts; text stays text).

``document`` comes from the console (``reports/attestation.py``), already in words:
{"title", "partner", "period", "made", "note", "sites": [{"name", "rows": [[title,
kind, shows, duration]], "total": [shows, duration]}]}.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from signage.player.fonts import load_fonts

DPI: Final = 150
MARGIN: Final = 130.0  # pixels at DPI: about 22 mm
INK: Final = QColor("#1a1a1a")
GREY: Final = QColor("#5a5a5a")
RULE: Final = QColor("#b0b0b0")
# The table's columns, as fractions of the text width: what, kind, count, duration.
COLUMNS: Final = (0.50, 0.18, 0.14, 0.18)


class _Page:
    """A cursor down A4 pages: text that does not fit starts a new page."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, family: str) -> None:
        self.writer, self.painter, self.family = writer, painter, family
        size = QPageSize(QPageSize.PageSizeId.A4).sizePixels(DPI)
        self.width, self.height = float(size.width()), float(size.height())
        self.y = MARGIN

    @property
    def text_width(self) -> float:
        return self.width - 2 * MARGIN

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def room(self, needed: float) -> None:
        if self.y + needed > self.height - MARGIN:
            self.writer.newPage()
            self.y = MARGIN

    def text(self, words: str, points: float, *, bold: bool = False, colour: QColor = INK) -> None:
        self.painter.setFont(self.font(points, bold))
        self.painter.setPen(colour)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        box = self.painter.boundingRect(QRectF(MARGIN, 0, self.text_width, 10_000), flags, words)
        self.room(box.height())
        self.painter.drawText(QRectF(MARGIN, self.y, self.text_width, box.height()), flags, words)
        self.y += box.height() + points * 0.6

    def row(self, cells: list[str], points: float, *, bold: bool = False) -> None:
        """One line of the table, its cells wrapped in their columns; a rule under it."""
        self.painter.setFont(self.font(points, bold))
        flags = int(Qt.TextFlag.TextWordWrap)
        widths = [self.text_width * share for share in COLUMNS]
        boxes = [
            self.painter.boundingRect(QRectF(0, 0, w - 12, 10_000), flags, cell)
            for w, cell in zip(widths, cells, strict=True)
        ]
        height = max(b.height() for b in boxes) + 14
        self.room(height)
        x = MARGIN
        self.painter.setPen(INK)
        for number, (w, cell) in enumerate(zip(widths, cells, strict=True)):
            align = Qt.AlignmentFlag.AlignRight if number >= 2 else Qt.AlignmentFlag.AlignLeft
            self.painter.drawText(QRectF(x, self.y + 7, w - 12, height), flags | int(align), cell)
            x += w
        self.y += height
        self.painter.setPen(QPen(RULE, 1.5))
        self.painter.drawLine(int(MARGIN), int(self.y), int(MARGIN + self.text_width), int(self.y))


def attestation_pdf(document: dict[str, Any]) -> bytes:
    """The attestation as PDF bytes (one or more A4 pages)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(f"{document['title']} — {document['partner']} — {document['period']}")
    writer.setCreator("esc-signage")
    painter = QPainter(writer)
    try:
        page = _Page(writer, painter, load_fonts()[0])
        page.text(document["title"], 22, bold=True)
        page.text(f"{document['partner']} — {document['period']}", 15, bold=True)
        page.text(document["note"], 10.5, colour=GREY)
        if not document["sites"]:
            page.text("Aucun affichage compté ce mois-ci.", 12)
        for site in document["sites"]:
            page.y += 20
            page.room(160)
            page.text(site["name"], 15, bold=True)
            page.row(["Élément", "Type", "Affichages", "Durée"], 10.5, bold=True)
            for row in site["rows"]:
                page.row([str(cell) for cell in row], 10.5)
            page.row(["Total", "", *(str(cell) for cell in site["total"])], 10.5, bold=True)
        page.y += 30
        page.text(document["made"], 10.5, colour=GREY)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())
