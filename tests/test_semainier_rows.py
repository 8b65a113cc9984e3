"""A semainier never cuts a text while its slide has room (issue 28): a long title or
long details take a second line (a third for details in portrait) before anything ends
with « … », on every screen shape; rows grow into what is still free."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from signage.config import LoadedConfig, load_config
from signage.player.text import PaintLog
from signage.player.theme import Metrics
from signage.playlist import build_playlist
from signage.slides import SemainierSlide
from tests.conftest import FeedWriter, load_feed, paris
from tests.painting import SIZES, render

NOW = paris(2026, 11, 28, 10, 40)  # a Saturday

# The cases the partners met: a hall's details line (landscape cut it at « Seniors… »
# with a quarter of the slide empty) and a French Excel semainier export (its titles cut
# at « créer son adresse… » and « Inscription à… » with half the slide free).
HALL = {
    "title": "Café numérique",
    "partner": "ARCS",
    "room": "Hall d'accueil",
    "access": "free",
    "audience": "Seniors et aidants familiaux, sans inscription",
}
EXCEL = [
    {
        "title": "Atelier : créer son adresse e-mail et l'utiliser pour ses démarches en ligne",
        "partner": "Bibliothèque des Champs-Manceaux",
        "room": "Espace numérique",
        "access": "appointment",
        "access_note": "Inscription à l'accueil ou au 02 23 62 26 40, places limitées à huit",
    },
    {
        "title": "Permanence CAF : vos droits, vos démarches et vos questions sur les aides",
        "partner": "CAF d'Ille-et-Vilaine",
        "room": "Bureau partagé n° 2, premier étage",
        "access": "free",
    },
]


def _semainier(
    write_feed: FeedWriter, slots: list[dict[str, Any]], size: tuple[int, int]
) -> list[SemainierSlide]:
    dated = [
        {"weekday": "saturday", "start": f"{9 + i}:00", "end": f"{10 + i}:00", **slot}
        for i, slot in enumerate(slots)
    ]
    loaded: LoadedConfig = load_config(write_feed(semainier=dated))
    assert loaded.config is not None
    slides = build_playlist(load_feed(loaded.config), loaded.config, NOW, size)
    return [s for s in slides if isinstance(s, SemainierSlide)]


def _cut(log: PaintLog) -> list[str]:
    return [t.text for t in log.texts if t.role in ("title", "details") and t.text.endswith("…")]


def _free_below(log: PaintLog, size: tuple[int, int]) -> float:
    """The height left under the last row, down to the slide's bottom margin."""
    m = Metrics(min(size))
    bottom = max(rect.bottom() for role, rect in log.boxes if role.startswith("slot:"))
    return size[1] - m.margin * 0.8 - bottom


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("case", ["hall", "excel"])
def test_a_day_with_room_shows_every_text_whole(
    write_feed: FeedWriter, qapp: object, size: tuple[int, int], case: str, tmp_path: Path
) -> None:
    slots = (
        [HALL, {**HALL, "title": "Écrivain public", "partner": "CCAS"}] if case == "hall" else EXCEL
    )
    (slide,) = _semainier(write_feed, slots * 2, size)
    image, log = render(slide, size, NOW)
    image.save(str(tmp_path / f"{case}-{size[0]}x{size[1]}.png"))
    assert not _cut(log), f"cut with room to spare: {_cut(log)}"
    details = [t for t in log.texts if t.role == "details"]
    assert any(
        "Seniors et aidants familiaux" in t.text or "places limitées" in t.text for t in details
    )
    # Nothing was shrunk to make it fit: body size at least, as on any semainier.
    assert (
        min(t.px for t in log.texts if t.role in ("title", "details"))
        >= Metrics(min(size)).body - 1
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_full_page_cuts_only_when_no_line_is_left(
    write_feed: FeedWriter, qapp: object, size: tuple[int, int]
) -> None:
    slots = [EXCEL[i % 2] for i in range(9)]
    pages = _semainier(write_feed, slots, size)
    for slide in pages:
        _, log = render(slide, size, NOW)
        if _cut(log):
            # A cut text would have needed one more line: the page has none left.
            assert _free_below(log, size) < Metrics(min(size)).line * 1.2, slide.key
