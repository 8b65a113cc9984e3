"""Plain-text drawing that always fits its box: wrap, then shrink, then cut at a word.

Feed text never goes through Qt's rich-text detection: it is drawn with QPainter.drawText,
which treats ``<b>`` as the four characters it is. Every text drawn is recorded in the
``PaintLog`` when one is given, so tests can check that nothing leaves its box.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

ELLIPSIS = "…"


@dataclass
class DrawnText:
    """One text as drawn: the text shown, the box it was given, the rect its lines cover."""

    text: str
    box: QRectF
    ink: QRectF
    px: float
    role: str = ""


@dataclass
class PaintLog:
    """What a painter drew, for tests and layout checks: texts and boxes."""

    texts: list[DrawnText] = field(default_factory=list)
    boxes: list[tuple[str, QRectF]] = field(default_factory=list)

    def box(self, role: str, rect: QRectF) -> None:
        self.boxes.append((role, QRectF(rect)))


_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)")


@dataclass(frozen=True)
class Laid:
    """A text laid out in a box: the lines to draw and the font size chosen."""

    lines: tuple[str, ...]
    font: QFont
    line_height: float

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)


def lay_out(
    text: str,
    font: QFont,
    width: float,
    height: float,
    *,
    min_px: float,
    max_lines: int | None = None,
) -> Laid:
    """Fit ``text`` in ``width``×``height``: shrink toward ``min_px``, then cut the end.

    Lines break at spaces (a long word is broken only when it alone is wider than the
    box); a cut text ends with an ellipsis after a whole word.
    """
    # Digit groups hold together: a phone number ("02 99 00 00 00") or an amount
    # ("1 200 €") split over two lines is misread.
    text = _DIGIT_GAP.sub("\u00a0", text)
    px = float(font.pixelSize())
    floor = min(min_px, px)
    font = _font_for_script(text, font)
    while True:
        sized = QFont(font)
        sized.setPixelSize(max(1, round(px)))
        metrics = QFontMetricsF(sized)
        line_height = metrics.lineSpacing()
        lines = _wrap(text, sized, width)
        room = int(height // line_height) if line_height > 0 else 1
        if max_lines is not None:
            room = min(room, max_lines)
        # A word wider than the box is broken only once the text cannot shrink further.
        whole_words = all(metrics.horizontalAdvance(w) <= width for w in text.split(" ") if w)
        if 0 < len(lines) <= room and (whole_words or px <= floor):
            return Laid(tuple(lines), sized, line_height)
        if px <= floor:
            # Smallest size reached: keep what fits (at least one line) and cut the rest.
            return Laid(_cut(lines, max(1, room), metrics, width), sized, line_height)
        px = max(floor, px * 0.92)


def draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    color: QColor,
    *,
    min_px: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop,
    max_lines: int | None = None,
    log: PaintLog | None = None,
    role: str = "",
) -> QRectF:
    """Draw ``text`` inside ``rect`` (fitted as by ``lay_out``); return the rect it covers."""
    laid = lay_out(text, font, rect.width(), rect.height(), min_px=min_px, max_lines=max_lines)
    return draw_laid(painter, rect, laid, color, align=align, valign=valign, log=log, role=role)


def draw_laid(
    painter: QPainter,
    rect: QRectF,
    laid: Laid,
    color: QColor,
    *,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop,
    log: PaintLog | None = None,
    role: str = "",
) -> QRectF:
    """Draw an already laid-out text in ``rect``."""
    metrics = QFontMetricsF(laid.font)
    top = rect.top()
    if valign & Qt.AlignmentFlag.AlignVCenter:
        top += (rect.height() - laid.height) / 2
    elif valign & Qt.AlignmentFlag.AlignBottom:
        top += rect.height() - laid.height
    painter.save()
    painter.setFont(laid.font)
    painter.setPen(color)
    ink = QRectF()
    for number, line in enumerate(laid.lines):
        width = metrics.horizontalAdvance(line)
        right_to_left = _is_rtl(line)
        left = rect.left()
        if align & Qt.AlignmentFlag.AlignHCenter:
            left += (rect.width() - width) / 2
        elif (align & Qt.AlignmentFlag.AlignRight) or (
            right_to_left and not align & Qt.AlignmentFlag.AlignHCenter
        ):
            left += rect.width() - width
        line_rect = QRectF(left, top + number * laid.line_height, width + 1, laid.line_height)
        # Flags, not a QTextOption: this form of drawText does not clip the glyphs to the
        # line's rect (tall Arabic letters would lose their lower half).
        painter.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )
        painter.drawText(line_rect, _LINE_FLAGS, line)
        ink = ink.united(QRectF(left, top + number * laid.line_height, width, laid.line_height))
    painter.restore()
    if log is not None:
        log.texts.append(
            DrawnText(" ".join(laid.lines), QRectF(rect), ink, laid.font.pixelSize(), role)
        )
    return ink


def text_width(text: str, font: QFont) -> float:
    return QFontMetricsF(font).horizontalAdvance(text)


# QPainter.drawText draws plain text, never rich text. (QTextLayout would do too, but
# its PySide6 binding leaks references to None on every line and crashes a long-running
# player.) Lines are already broken, so one line per call.
_LINE_FLAGS = int(
    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextSingleLine
)


def _font_for_script(text: str, font: QFont) -> QFont:
    """For right-to-left text, put the family that has its letters first, so that line
    heights are measured with the font that will really draw the glyphs."""
    if not _is_rtl(text):
        return font
    families = font.families()
    first = [f for f in families if "Arabic" in f or "Hebrew" in f]
    if not first:
        return font
    chosen = QFont(font)
    chosen.setFamilies(first + [f for f in families if f not in first])
    return chosen


def _wrap(text: str, font: QFont, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, at spaces where possible."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        # Break at ordinary spaces only: a no-break space ("14 h 30") holds its words.
        for word in (w for w in paragraph.split(" ") if w):
            candidate = f"{current} {word}" if current else word
            if metrics.horizontalAdvance(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while metrics.horizontalAdvance(current) > width and len(current) > 1:
                # A single word wider than the box (a URL, a long compound): break it.
                cut = len(current) - 1
                while cut > 1 and metrics.horizontalAdvance(current[:cut]) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def _cut(lines: list[str], room: int, metrics: QFontMetricsF, width: float) -> tuple[str, ...]:
    """Keep ``room`` lines; end the last one with an ellipsis after a whole word."""
    if len(lines) <= room:
        return tuple(lines)  # nothing left out: no ellipsis
    kept = lines[:room]
    words = kept[-1].split(" ")
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if metrics.horizontalAdvance(candidate) <= width:
            kept[-1] = candidate
            return tuple(kept)
        words.pop()
    if len(kept) > 1:
        kept[-2] = _cut(kept[:-1], len(kept) - 1, metrics, width)[-1]
        return tuple(kept[:-1])
    return (ELLIPSIS,)


def _is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (Arabic, Hebrew…)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False
