"""The floor for Python + Qt: a bare PySide6 script that paints a semainier-like slide.

No signage code: the interpreter, PySide6's three modules the player loads, an
application object, the same bundled fonts, a header, ten rows of time / title /
details, and a PNG. ``startup_and_paint.py`` runs it as a fresh process beside
``signage render`` and ``signage run`` so that both are compared on the same machine in
the same minute. Run alone: it writes the PNG named on its command line.

With ``--window`` it is the floor of a Qt Quick player instead: a QGuiApplication, the
same slide painted, shown full screen in a QQuickView as one ``Image`` from an image
provider (as the player's stage shows its pictures), until the first frame is drawn.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

ROWS = [
    (
        "09:00 – 12:00",
        "Permanence CAF : vos droits et vos démarches",
        "CAF · Bureau 2 · Sans rendez-vous",
    ),
    (
        "09:30 – 11:30",
        "Atelier numérique : créer son adresse e-mail",
        "Médiateurs numériques · Salle 1",
    ),
    (
        "10:00 – 12:00",
        "Conseillère en économie sociale et familiale",
        "CDAS · Bureau 4 · Sur rendez-vous",
    ),
    ("13:30 – 16:30", "Écrivain public", "Association · Bureau 3"),
    ("14:00 – 16:00", "Permanence logement", "CCAS · Bureau 1 · Sans rendez-vous"),
    ("14:00 – 17:00", "Accès aux droits : aide aux démarches en ligne", "Espace numérique"),
    ("16:00 – 17:30", "Lecture pour les enfants", "Bibliothèque · Salle 2"),
    ("17:00 – 18:00", "Café des parents", "Association · Salle 1"),
]


def main() -> None:
    window = "--window" in sys.argv[1:]
    names = [a for a in sys.argv[1:] if a != "--window"]
    out = Path(names[0] if names else "floor.png")
    width, height = 1920, 1080
    app = QGuiApplication(["floor"]) if window else QApplication(["floor"])
    import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415 (as signage does)

    for path in sorted((Path(atkinson.ROOT) / "files").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#fbfaf7"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    unit = height / 100
    painter.fillRect(QRectF(0, 0, width, unit * 11), QColor("#1d3557"))
    painter.setPen(QColor("white"))
    painter.setFont(_font(unit * 5.2, bold=True))
    painter.drawText(
        QRectF(unit * 4, 0, width, unit * 11),
        Qt.AlignmentFlag.AlignVCenter,
        "Aujourd'hui à l'ESC Maurepas",
    )
    top = unit * 14
    for number, (hours, title, details) in enumerate(ROWS):
        row = QRectF(unit * 4, top, width - unit * 8, unit * 10)
        if number == 1:
            painter.fillRect(row, QColor("#ffe8a3"))
        painter.setPen(QColor("#1b1b1b"))
        painter.setFont(_font(unit * 3.8, bold=True))
        painter.drawText(
            row.adjusted(unit, 0, 0, -unit * 4.5), Qt.AlignmentFlag.AlignVCenter, hours
        )
        painter.drawText(
            row.adjusted(unit * 36, 0, 0, -unit * 4.5), Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(_font(unit * 3.5))
        painter.setPen(QColor("#4a4a4a"))
        painter.drawText(
            row.adjusted(unit * 36, unit * 5, 0, 0), Qt.AlignmentFlag.AlignVCenter, details
        )
        top += unit * 10.5
    painter.end()
    if window:
        show_until_drawn(app, image)
        print(f"floor: {width}×{height} drawn in a Qt Quick window")
        return
    image.save(str(out), "PNG")
    del app
    print(f"{out}: floor, {width}×{height}")


STAGE = b"""
import QtQuick
Item { Image { anchors.fill: parent; source: "image://floor/slide"; cache: false } }
"""


def show_until_drawn(app: QGuiApplication, image: QImage) -> None:
    """The slide on a full-screen Qt Quick window, until its first frame is swapped."""
    from PySide6.QtCore import QUrl  # noqa: PLC0415
    from PySide6.QtQuick import QQuickImageProvider, QQuickView  # noqa: PLC0415

    class Provider(QQuickImageProvider):
        def __init__(self) -> None:
            super().__init__(QQuickImageProvider.ImageType.Image)

        def requestImage(self, name: str, size: QSize, requested: QSize) -> QImage:  # noqa: N802
            return image

    view = QQuickView()
    provider = Provider()
    view.engine().addImageProvider("floor", provider)
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    with tempfile.NamedTemporaryFile(suffix=".qml") as qml:
        qml.write(STAGE)
        qml.flush()
        view.setSource(QUrl.fromLocalFile(qml.name))
    view.frameSwapped.connect(app.quit)
    view.showFullScreen()
    app.exec()


def _font(pixels: float, *, bold: bool = False) -> QFont:
    font = QFont("Atkinson Hyperlegible")
    font.setPixelSize(round(pixels))
    font.setBold(bold)
    return font


if __name__ == "__main__":
    main()
