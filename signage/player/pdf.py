"""Printable posters: slides painted into a vector PDF, one page per slide.

The same painters as the screen draw on a QPdfWriter: text stays text (selectable,
searchable), QR codes stay vector squares that scan on paper at any size.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from signage.player.context import PaintContext
from signage.player.frame import paint_frame
from signage.slides import Slide

DPI: Final = 150
PAPERS: Final = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}


def page_pixels(paper: str, landscape: bool) -> tuple[int, int]:
    """The page's size in pixels at the writer's resolution, for laying lists out."""
    size = QPageSize(PAPERS[paper]).sizePixels(DPI)
    width, height = size.width(), size.height()
    return (height, width) if landscape else (width, height)


def write_poster(
    slides: Sequence[Slide], paper: str, landscape: bool, out: Path, ctx: PaintContext
) -> int:
    """Write ``slides`` as the pages of a PDF at ``out`` (atomically); return the pages."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temp)
        writer.setResolution(DPI)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(PAPERS[paper]),
                QPageLayout.Orientation.Landscape
                if landscape
                else QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        writer.setTitle(f"{slides[0].site.name} — affiche" if slides else "affiche")
        writer.setCreator("esc-signage")
        width, height = page_pixels(paper, landscape)
        painter = QPainter(writer)
        try:
            for number, slide in enumerate(slides):
                if number:
                    writer.newPage()
                paint_frame(painter, QRectF(0, 0, width, height), slide, ctx)
        finally:
            painter.end()
        # mkstemp makes the file its owner's only; a poster is for sharing: the user's
        # normal mode (umask), as any program writing a file would give it.
        Path(temp).chmod(0o666 & ~_umask())
        Path(temp).replace(out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(slides)


def _umask() -> int:
    mask = os.umask(0o022)  # read it the only way POSIX allows: set and put it back
    os.umask(mask)
    return mask
