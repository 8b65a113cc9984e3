"""What a visitor reads from four metres (issue 17, item 1): every word needed to act —
time, title, room, partner, access, date, place, registration — at no less than body
size (3.5 % of the screen's short side) at all four shapes, over short, typical and long
content; and few rows grow into the free height instead of leaving it empty. The
figures (smallest size, empty share) are printed for the README (pytest -s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signage.config import LoadedConfig, load_config
from signage.layout import Metrics, list_area
from signage.playlist import build_playlist
from signage.slides import AgendaSlide, AppsSlide, SemainierSlide, Slide
from tests.conftest import FeedWriter, load_feed
from tests.painting import SIZES, render
from tests.test_painters import NOW, long_text_slides

INFO = {
    SemainierSlide: {"time", "title", "details"},
    AgendaSlide: {"weekday", "day", "title", "time", "where", "registration"},
    AppsSlide: {"name", "description"},
}


def _lists(slides: list[Slide]) -> list[Slide]:
    return [s for s in slides if type(s) in INFO]


def _measure(slide: Slide, size: tuple[int, int]) -> tuple[float, float]:
    """The smallest information text (in % of the short side) and the share of the list
    area the rows leave empty."""
    _, log = render(slide, size, NOW)
    unit = min(size)
    sizes = [t.px for t in log.texts if t.role in INFO[type(slide)] and t.text]
    rows = [r for role, r in log.boxes if role.startswith(("slot:", "workshop"))]
    if not rows:  # not a list of rows (apps): the size only
        return min(sizes) / unit * 100, 0.0
    top, bottom = min(r.top() for r in rows), max(r.bottom() for r in rows)
    free = 1 - (bottom - top) / list_area(*size)
    return min(sizes) / unit * 100, max(0.0, free)


def _short(write_feed: FeedWriter) -> LoadedConfig:
    path = write_feed(
        semainier=[
            {
                "weekday": "saturday",
                "start": "14:00",
                "end": "16:00",
                "title": "Permanence CAF",
                "partner": "CAF",
                "room": "Bureau 3",
                "access": "appointment",
            }
        ],
        workshops=[
            {
                "start": "2026-12-01T14:00:00+01:00",
                "end": "2026-12-01T16:00:00+01:00",
                "title": "Atelier CV",
                "place": "Salle collective",
                "registration": "À l'accueil",
            }
        ],
    )
    return load_config(path)


def _slides(loaded: LoadedConfig, size: tuple[int, int]) -> list[Slide]:
    return list(build_playlist(load_feed(loaded.config), loaded.config, NOW, size))  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_information_is_never_smaller_than_body_size(
    size: tuple[int, int], write_feed: FeedWriter, demo_config: LoadedConfig, qapp: object
) -> None:
    figures = []
    contents = {
        "short": _slides(_short(write_feed), size),
        "typical": _slides(demo_config, size),
        "long": long_text_slides(write_feed, size),
    }
    for name, slides in contents.items():
        for slide in _lists(slides):
            smallest, free = _measure(slide, size)
            figures.append((name, type(slide).__name__, smallest, free))
            # Fonts come in whole pixels: 3.5 % of 720 is 25.2, drawn at 25.
            floor = int(min(size) * 0.035) / min(size) * 100
            assert smallest >= floor - 0.001, (name, slide.key, size, smallest)
    for name, kind, smallest, free in figures:
        print(f"{size[0]}x{size[1]} {name:8} {kind:15} smallest {smallest:.2f} % free {free:.0%}")


def test_a_short_day_grows_into_the_free_height(
    write_feed: FeedWriter, qapp: object, tmp_path: Path
) -> None:
    size = (1920, 1080)
    (slide,) = [s for s in _slides(_short(write_feed), size) if isinstance(s, SemainierSlide)]
    _, log = render(slide, size, NOW)
    title = next(t for t in log.texts if t.role == "title")
    assert title.px >= Metrics(1080).body * 1.45  # grown to the cap, not left small
