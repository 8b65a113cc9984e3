"""Colours, fonts and sizes. Painters take every size from here, never literals.

Sizes (``Metrics``, in ``signage.layout`` so the playlist can page lists without Qt) are
fractions of the screen's short side: a slide keeps its proportions from 1280×720 to
3840×2160 and in portrait, and body text stays at about 3.5 % of a landscape screen's
height (38 px at 1080p), readable at four metres on a 43-inch screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont

from signage.contrast import with_contrast
from signage.layout import Metrics


@dataclass(frozen=True)
class Palette:
    """Every colour a slide uses, as ``#rrggbb``.

    Each (text, background) pair in ``TEXT_PAIRS`` is at least 7:1 (WCAG AAA); a test
    computes it for every palette, partner colours included.
    """

    background: str = "#F7F5F0"
    surface: str = "#FFFFFF"
    border: str = "#C9C3B6"
    text: str = "#161616"
    muted: str = "#45423C"
    header: str = "#0B4F6C"
    header_text: str = "#FFFFFF"
    accent: str = "#0B4F6C"
    accent_text: str = "#FFFFFF"
    next_background: str = "#FFE9A8"
    next_text: str = "#161616"
    past_text: str = "#4F4B44"
    badge: str = "#E4EEF2"
    badge_text: str = "#0A3A4F"
    urgent: str = "#A3001B"
    urgent_text: str = "#FFFFFF"

    def with_accent(self, accent: str) -> Palette:
        """This palette in a partner's colour, bent as little as needed to stay AAA."""
        strong = with_contrast(accent, self.accent_text, self.background, self.surface)
        header = with_contrast(accent, self.header_text)
        return replace(self, accent=strong, header=header)


# (text colour, background colour) pairs that painters draw: each must reach 7:1.
TEXT_PAIRS: Final = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("header_text", "header"),
    ("accent_text", "accent"),
    ("accent", "background"),
    ("accent", "surface"),
    ("next_text", "next_background"),
    ("past_text", "background"),
    ("badge_text", "badge"),
    ("urgent_text", "urgent"),
    ("urgent", "urgent_text"),
)

PALETTES: Final = {
    "light": Palette(),
    "dark": Palette(
        background="#101417",
        surface="#1A2127",
        border="#4A5661",
        text="#F4F4F2",
        muted="#CDD3D8",
        header="#0A3142",
        header_text="#FFFFFF",
        accent="#9ED6EE",
        accent_text="#0A1114",
        next_background="#FFE08A",
        next_text="#121212",
        past_text="#B9C1C8",
        badge="#23323D",
        badge_text="#DCEFF8",
        urgent="#FFD5D5",
        urgent_text="#5C0010",
    ),
    "contrast": Palette(
        background="#000000",
        surface="#000000",
        border="#FFFFFF",
        text="#FFFFFF",
        muted="#FFFFFF",
        header="#000000",
        header_text="#FFFF00",
        accent="#FFFF00",
        accent_text="#000000",
        next_background="#00FFFF",
        next_text="#000000",
        past_text="#E0E0E0",
        badge="#FFFFFF",
        badge_text="#000000",
        urgent="#FFFF00",
        urgent_text="#000000",
    ),
}


@dataclass(frozen=True)
class Theme:
    """A palette and a typeface; ``metrics(rect)`` gives the sizes for one screen."""

    families: tuple[str, ...] = ("Atkinson Hyperlegible", "Noto Sans Arabic", "sans-serif")
    palette: Palette = Palette()

    @classmethod
    def named(cls, name: str, families: tuple[str, ...], accent: str | None = None) -> Theme:
        """The ``light``, ``dark`` or ``contrast`` theme, in a partner colour if given."""
        palette = PALETTES[name]
        return cls(families, palette.with_accent(accent) if accent else palette)

    def color(self, name: str) -> QColor:
        return QColor(getattr(self.palette, name))

    def metrics(self, rect: QRectF) -> Metrics:
        return Metrics(min(rect.width(), rect.height()))

    def font(self, px: float, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(list(self.families))
        font.setPixelSize(max(1, round(px)))
        font.setBold(bold)
        # Hinting off keeps glyph widths proportional to the pixel size, so a text
        # measured once fits the same way at every screen size.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


DEFAULT_THEME = Theme()

__all__ = ["DEFAULT_THEME", "PALETTES", "TEXT_PAIRS", "Metrics", "Palette", "Theme"]
