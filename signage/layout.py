"""Sizes and list layouts that both the painters and the pure playlist need (no Qt).

The playlist splits a long semainier or agenda into pages; how many rows fit on a page
depends on the screen, so the row geometry lives here, once, and the painters draw
with the very same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# A page of a list never shows for less than this, even when the entry's duration is
# shared among many pages: below it, a visitor cannot read five rows.
MIN_PAGE_SECONDS: Final = 8.0
APPS_PER_PAGE: Final = 4
# Slides one playlist entry may make (pages of a list, or announcements): beyond it a
# visitor would wait an hour for the loop; a huge feed must not make a huge playlist.
MAX_ENTRY_SLIDES: Final = 12


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
    def line(self) -> float:
        """Height of one line of body text in a list row."""
        return 1.25 * self.body

    @property
    def min_qr(self) -> float:
        """A QR code's smallest side: about 8 cm on a 43-inch 16:9 screen (53.5 cm high)."""
        return 0.15 * self.unit


def list_area(width: float, height: float, phone: bool = False) -> float:
    """Height left for list rows on a screen: minus header, margins and slide heading
    (taller with the phone page's QR code in its corner)."""
    m = Metrics(min(width, height))
    return height - m.header_height - 1.6 * m.margin - heading_height(m, phone)


def phone_qr(m: Metrics) -> float:
    """The side of the « Sur votre téléphone » QR code, quiet zone included: about 9 cm
    on a 43-inch screen, decoded from a 1080p frame scaled to 40 % (a phone's camera at
    1.5 m; tests/test_phone_corner.py)."""
    return 0.19 * m.unit


def heading_height(m: Metrics, phone: bool = False) -> float:
    """A slide heading's height, with the gap below it; with the phone page's QR code,
    the heading is the code's height (its corner is the heading's right end)."""
    return max(m.title * 1.35, phone_qr(m) if phone else 0.0) + m.gap


def semainier_row(m: Metrics, portrait: bool, detail_lines: int = 1, title_lines: int = 1) -> float:
    """A semainier row: time, title and details on two lines (three in portrait: the time
    on a line of its own); a long title or long details get a second line when the page
    has room for it (pages are made with one line each)."""
    return m.line * ((1 if portrait else 0) + title_lines + detail_lines) + m.gap


def agenda_row(m: Metrics, portrait: bool, *, printed: bool = False) -> float:
    """An agenda row: title, time and place, registration (title and registration get two
    lines in portrait: the column is narrow, and a phone number cut off is no use)."""
    if printed:  # paper: title, place and registration on two lines each, nothing cut
        return m.line * 7 + m.gap * 1.2
    return m.line * (5 if portrait else 3) + m.gap * 1.2


def rooms_row(m: Metrics, portrait: bool) -> float:
    """A room on the « Salles » slide: its name and state, then what comes next (the
    state on a line of its own in portrait)."""
    return m.line * (3 if portrait else 2) + m.gap


def rooms_footer(m: Metrics) -> float:
    """The band under the rooms: how to book, and the partners' QR code (its side at
    least ``min_qr`` once drawn in whole modules: a little more is given)."""
    return max(m.line * 2.2, m.min_qr * 1.15) + m.gap


def rooms_rows(width: float, height: float, reserved: float = 0.0, phone: bool = False) -> int:
    """Rooms on a page of a ``width``×``height`` screen whose slides lose ``reserved``
    pixels at the bottom (the "now" strip): sizes are the whole screen's."""
    m = Metrics(min(width, height))
    row = rooms_row(m, width < height)
    room = list_area(width, height, phone) - reserved - rooms_footer(m) + m.gap
    return max(1, int(room // (row + m.gap)))


def rows_per_page(width: float, height: float, row: float, phone: bool = False) -> int:
    """How many rows of height ``row`` fit on a page of a list."""
    m = Metrics(min(width, height))
    return max(1, int((list_area(width, height, phone) + m.gap) // (row + m.gap)))


def semainier_rows(width: float, height: float, phone: bool = False) -> int:
    m = Metrics(min(width, height))
    return rows_per_page(width, height, semainier_row(m, width < height), phone)


def agenda_rows(width: float, height: float, phone: bool = False) -> int:
    m = Metrics(min(width, height))
    return rows_per_page(width, height, agenda_row(m, width < height), phone)
