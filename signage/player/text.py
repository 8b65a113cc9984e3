"""Plain-text drawing that always fits its box: wrap, then shrink, then cut at a word.

Feed text never goes through Qt's rich-text detection: it is drawn with QPainter.drawText,
which treats ``<b>`` as the four characters it is. Every text drawn is recorded in the
``PaintLog`` when one is given, so tests can check that nothing leaves its box.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

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
    box, and only once the text cannot shrink further); a cut text ends with an
    ellipsis, after a whole word when the line has several, else inside the word.

    The cost is bounded by what the box can show, not by the text: wrapping stops one
    line past what fits, and a long word is cut by bisection.
    """
    # Digit groups hold together: a phone number ("02 99 00 00 00") or an amount
    # ("1 200 €") split over two lines is misread.
    text = drawable(_DIGIT_GAP.sub("\u00a0", text), font)
    px = float(font.pixelSize())
    floor = min(min_px, px)
    font = _font_for_script(text, font)
    while True:
        sized = QFont(font)
        sized.setPixelSize(max(1, round(px)))
        metrics = QFontMetricsF(sized)
        line_height = metrics.lineSpacing()
        room = int(height // line_height) if line_height > 0 else 1
        if max_lines is not None:
            room = min(room, max_lines)
        wrapped = _wrap(text, metrics, width, limit=max(1, room) + 1)
        fits = 0 < len(wrapped.lines) <= room and wrapped.complete
        if fits and (not wrapped.broke_word or px <= floor):
            return Laid(tuple(wrapped.lines), sized, line_height)
        if px <= floor:
            # Smallest size reached: keep what fits (at least one line) and cut the rest.
            return Laid(_cut(wrapped, max(1, room), metrics, width), sized, line_height)
        step = 0.92
        shown = sum(len(line) for line in wrapped.lines) / max(len(text), 1)
        if not wrapped.complete and shown < 0.5:
            # Far less than half the text was wrapped: the area it needs grows with its
            # length, so jump near the size that could hold it instead of creeping down.
            step = 0.98 * shown**0.5
        px = max(floor, px * step)


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


def lines_needed(text: str, font: QFont, width: float, *, limit: int) -> int:
    """How many lines ``text`` takes at ``font``'s size in ``width``: what a layout asks
    before it gives a text a second line (``limit + 1`` stands for "more than that")."""
    text = drawable(_DIGIT_GAP.sub("\u00a0", text), font)
    metrics = QFontMetricsF(_font_for_script(text, font))
    wrapped = _wrap(text, metrics, width, limit=limit + 1)
    return len(wrapped.lines) if wrapped.complete else limit + 1


# Qt's raster engine caches glyphs up to 64 px; larger ones (body text at 4K is 76 px)
# are filled as paths, about fifty times slower. Such lines are drawn once into an
# image and blitted afterwards (a slide is painted at every showing). Only on images:
# a PDF keeps real, selectable text.
_GLYPH_CACHE_PX = 64


class _LineImages:
    """Lines drawn once into images, the least recently used dropped beyond a budget."""

    def __init__(self, budget: int = 48 * 1024 * 1024) -> None:
        self.budget = budget
        self.size = 0
        self.images: OrderedDict[tuple[str, str, int, bool], QImage] = OrderedDict()

    def get(self, key: tuple[str, str, int, bool]) -> QImage | None:
        image = self.images.get(key)
        if image is not None:
            self.images.move_to_end(key)
        return image

    def put(self, key: tuple[str, str, int, bool], image: QImage) -> None:
        self.images[key] = image
        self.size += image.sizeInBytes()
        while self.size > self.budget and len(self.images) > 1:
            _, dropped = self.images.popitem(last=False)
            self.size -= dropped.sizeInBytes()


_LINES = _LineImages()


def _draw_line(
    painter: QPainter,
    at: QPointF,
    line: str,
    font: QFont,
    color: QColor,
    metrics: QFontMetricsF,
) -> None:
    if font.pixelSize() <= _GLYPH_CACHE_PX or not isinstance(painter.device(), QImage):
        painter.drawText(at, line)
        return
    rtl = painter.layoutDirection() == Qt.LayoutDirection.RightToLeft
    key = (line, font.key(), color.rgba(), rtl)
    pad = 2 + int(font.pixelSize() * 0.2)  # overhangs of italics, accents, descenders
    image = _LINES.get(key)
    if image is None:
        width = int(metrics.horizontalAdvance(line)) + 2 * pad
        height = int(metrics.ascent() + metrics.descent()) + 2 * pad
        image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        into = QPainter(image)
        into.setRenderHints(painter.renderHints())
        into.setFont(font)
        into.setPen(color)
        into.setLayoutDirection(painter.layoutDirection())
        into.drawText(QPointF(pad, pad + metrics.ascent()), line)
        into.end()
        _LINES.put(key, image)
    painter.drawImage(QPointF(at.x() - pad, at.y() - metrics.ascent() - pad), image)


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
        # Drawn on a baseline set by the theme's font, not in a rect: a character drawn
        # from a fallback font (a symbol, a letter of another script) can neither move
        # the line nor have it clipped to a box measured with other metrics.
        painter.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )
        baseline = top + number * laid.line_height + metrics.ascent()
        _draw_line(painter, QPointF(left, baseline), line, laid.font, color, metrics)
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
# player.) Lines are already broken, so one call per line.


# Symbols (and private-use characters) are checked against the theme's fonts before
# they are drawn: one missing there would be an empty box on a public screen.
_SYMBOLS: Final = frozenset({"So", "Sm", "Sk", "Sc", "No", "Co"})
_SPACES = re.compile(r" {2,}")


def drawable(text: str, font: QFont) -> str:
    """``text`` without the symbols that none of ``font``'s families can draw."""
    if text.isascii():
        return text
    families = tuple(font.families()) or (font.family(),)
    kept = "".join(
        char
        for char in text
        if ord(char) < 0x2000
        or unicodedata.category(char) not in _SYMBOLS
        or _covered(families, char)
    )
    return text if len(kept) == len(text) else _SPACES.sub(" ", kept).strip()


@lru_cache(maxsize=4096)
def _covered(families: tuple[str, ...], char: str) -> bool:
    return any(QFontMetricsF(QFont(family)).inFontUcs4(ord(char)) for family in families)


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


@dataclass
class _Wrapped:
    """Lines of a wrapped text: possibly only the first ones (``complete`` is False)."""

    lines: list[str]
    complete: bool
    broke_word: bool


def _wrap(text: str, metrics: QFontMetricsF, width: float, *, limit: int) -> _Wrapped:
    """Break ``text`` into lines no wider than ``width``, at spaces where possible;
    stop once ``limit`` lines are made (the caller only needs to know it goes on)."""
    lines: list[str] = []
    broke = False
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
                if len(lines) >= limit:
                    return _Wrapped(lines, False, broke)
            current = word
            while len(current) > 1 and metrics.horizontalAdvance(current) > width:
                # A single word wider than the box (a URL, a long compound): break it.
                broke = True
                cut = _longest_prefix(current, metrics, width)
                lines.append(current[:cut])
                current = current[cut:]
                if len(lines) >= limit:
                    return _Wrapped(lines, False, broke)
        lines.append(current)
        if len(lines) >= limit:
            return _Wrapped(lines, False, broke)
    return _Wrapped(lines, True, broke)


def _longest_prefix(word: str, metrics: QFontMetricsF, width: float) -> int:
    """How many characters of ``word`` fit in ``width`` (at least one), found by
    bisection on a bounded prefix, never splitting a letter from its accents."""
    # No glyph is narrower than a tenth of the font size: no more characters can fit.
    most = min(len(word), int(width / max(metrics.height() * 0.1, 0.5)) + 1)
    low, high = 1, most
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    while low > 1 and unicodedata.category(word[low])[0] == "M":
        low -= 1
    return low


def _cut(wrapped: _Wrapped, room: int, metrics: QFontMetricsF, width: float) -> tuple[str, ...]:
    """Keep ``room`` lines; end the last one with an ellipsis (after a whole word when
    the line holds several, else inside the word)."""
    lines = wrapped.lines
    if len(lines) <= room and wrapped.complete:
        return tuple(lines)  # nothing left out: no ellipsis
    kept = lines[:room]
    words = kept[-1].split(" ")
    while len(words) > 1:
        candidate = " ".join(words) + ELLIPSIS
        if metrics.horizontalAdvance(candidate) <= width:
            kept[-1] = candidate
            return tuple(kept)
        words.pop()
    room_left = width - metrics.horizontalAdvance(ELLIPSIS)
    word = words[0] if words else ""
    if not word or metrics.horizontalAdvance(word) <= room_left:
        kept[-1] = word + ELLIPSIS
    elif room_left > 0 and metrics.horizontalAdvance(word[:1]) <= room_left:
        kept[-1] = word[: _longest_prefix(word, metrics, room_left)] + ELLIPSIS
    else:
        kept[-1] = ELLIPSIS
    return tuple(kept)


def _is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (Arabic, Hebrew…)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False
