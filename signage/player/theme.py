"""Colours, fonts and sizes. Painters take every size from here, never literals.

Sizes are fractions of the screen's short side, so a slide keeps its proportions from
1280×720 to 3840×2160 and in portrait, and body text stays at about 3.5 % of a landscape
screen's height (38 px at 1080p): readable at four metres on a 43-inch screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont


@dataclass(frozen=True)
class Palette:
    """Every colour a slide uses. Text/background pairs are chosen for ≥ 7:1 contrast."""

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
    past_text: str = "#5A564E"
    badge: str = "#E4EEF2"
    badge_text: str = "#0A3A4F"


@dataclass(frozen=True)
class Theme:
    """A palette and a typeface; ``metrics(rect)`` gives the sizes for one screen."""

    family: str = "Atkinson Hyperlegible"
    palette: Palette = Palette()

    def color(self, name: str) -> QColor:
        return QColor(getattr(self.palette, name))

    def metrics(self, rect: QRectF) -> Metrics:
        return Metrics(min(rect.width(), rect.height()))

    def font(self, px: float, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(1, round(px)))
        font.setBold(bold)
        # Hinting off keeps glyph widths proportional to the pixel size, so a text
        # measured once fits the same way at every screen size.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


@dataclass(frozen=True)
class Metrics:
    """Sizes in pixels for a screen whose short side is ``unit`` pixels."""

    unit: float

    @property
    def body(self) -> float:
        return 0.035 * self.unit

    @property
    def min_text(self) -> float:
        """Smallest text ever drawn: text shrinks to this, then is cut with an ellipsis."""
        return 0.028 * self.unit

    @property
    def small(self) -> float:
        return 0.030 * self.unit

    @property
    def subtitle(self) -> float:
        return 0.042 * self.unit

    @property
    def title(self) -> float:
        return 0.062 * self.unit

    @property
    def display(self) -> float:
        return 0.11 * self.unit

    @property
    def header_height(self) -> float:
        return 0.10 * self.unit

    @property
    def margin(self) -> float:
        return 0.045 * self.unit

    @property
    def gap(self) -> float:
        return 0.02 * self.unit

    @property
    def radius(self) -> float:
        return 0.012 * self.unit

    @property
    def min_qr(self) -> float:
        """A QR code's smallest side: about 8 cm on a 43-inch 16:9 screen (53.5 cm high)."""
        return 0.15 * self.unit


DEFAULT_THEME = Theme()
