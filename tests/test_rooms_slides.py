"""What screens show of rooms (issue 28): public bookings on the semainier (one source of
truth), a cancelled week « annulé », the free periods of shareable rooms after the
slots, and the « Salles » slide changing as its clock passes the start of a booking."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import LoadedConfig, load_config
from signage.player.app import Player
from signage.playlist import build_playlist, next_change
from signage.slides import RoomsSlide, SemainierSlide, Slide
from tests.conftest import FeedWriter, load_feed, paris
from tests.painting import SIZES, render
from tests.test_painters import check_layout

HOURS = {"friday": ["09:00-12:30", "13:30-17:00"], "saturday": "09:00-12:30"}
ROOMS = [
    {
        "id": "espace-numerique",
        "site": "maurepas",
        "name": "Espace numérique",
        "hours": HOURS,
        "ask": "Réservable à l'accueil",
        "booking_url": "https://ecrans.example.org/contenu/reservation/nouveau/",
    },
    {"id": "bureau", "site": "maurepas", "name": "Bureau partagé", "hours": HOURS},
]
BOOKINGS = [
    {
        "room": "espace-numerique",
        "partner": "ARCS",
        "title": "Atelier des bénévoles",
        "public": True,
        "weekday": "friday",
        "start": "09:30",
        "end": "11:30",
        "cancelled_on": ["2026-12-18"],
    },
    {
        "room": "espace-numerique",
        "partner": "ARCS",
        "title": "Atelier tablette",
        "public": True,
        "date": "2026-12-11",
        "start": "14:00",
        "end": "16:00",
    },
    {
        "room": "bureau",
        "partner": "CCAS",
        "title": "Entretiens confidentiels",
        "weekday": "friday",
        "start": "09:00",
        "end": "12:00",
    },
]


@pytest.fixture
def rooms_config(write_feed: FeedWriter, qapp: object) -> LoadedConfig:
    path = write_feed(
        rooms=ROOMS,
        bookings=BOOKINGS,
        semainier=[
            {
                "weekday": "friday",
                "start": "09:00",
                "end": "12:00",
                "title": "Permanence CAF",
                "partner": "CAF",
                "room": "Bureau 2",
            }
        ],
        playlist=[{"kind": "semainier", "duration": 20}, {"kind": "rooms", "duration": 15}],
    )
    return load_config(path)


def _slides(
    loaded: LoadedConfig, at: datetime, size: tuple[int, int] = (1920, 1080)
) -> list[Slide]:
    assert loaded.config is not None
    return list(build_playlist(load_feed(loaded.config), loaded.config, at, size))


def _texts(slide: Slide, at: datetime, size: tuple[int, int] = (1920, 1080)) -> list[str]:
    _, log = render(slide, size, at)
    return [t.text for t in log.texts]


def test_a_public_booking_is_a_semainier_slot_and_a_private_one_is_not(
    rooms_config: LoadedConfig,
) -> None:
    at = paris(2026, 12, 11, 10, 0)
    slide = next(s for s in _slides(rooms_config, at) if isinstance(s, SemainierSlide))
    titles = [v.slot.title.pick("fr") for v in slide.slots if v.free is None]
    assert "Atelier des bénévoles" in titles and "Atelier tablette" in titles
    assert "Entretiens confidentiels" not in titles  # private: never its title
    texts = _texts(slide, at)
    assert any("ARCS · Espace numérique" in t for t in texts)


def test_a_cancelled_week_shows_annule_that_day(rooms_config: LoadedConfig) -> None:
    at = paris(2026, 12, 18, 9, 0)
    slide = next(s for s in _slides(rooms_config, at) if isinstance(s, SemainierSlide))
    (view,) = [v for v in slide.slots if v.slot.title.pick("fr") == "Atelier des bénévoles"]
    assert view.cancelled
    assert "Annulé" in _texts(slide, at)


def test_free_periods_of_shareable_rooms_follow_the_slots(rooms_config: LoadedConfig) -> None:
    at = paris(2026, 12, 11, 10, 0)
    pages = [s for s in _slides(rooms_config, at) if isinstance(s, SemainierSlide)]
    views = [v for page in pages for v in page.slots]
    free = [(v.free.name, v.slot.start, v.slot.end) for v in views if v.free is not None]
    # Espace numérique: 11:30–12:30 and 16:00–17:00 (13:30–14:00 is under an hour); the
    # Bureau partagé (shared with every partner) all afternoon.
    assert ("Espace numérique", time(11, 30), time(12, 30)) in free
    assert ("Espace numérique", time(16, 0), time(17, 0)) in free
    assert ("Bureau partagé", time(13, 30), time(17, 0)) in free
    # After the booked slots, in the same rows.
    assert all(v.free is None for v in views[: len(views) - len(free)])
    texts = _texts(pages[-1], at)
    assert "Espace numérique : libre" in texts and "Réservable à l'accueil" in texts


def test_the_rooms_slide_passes_from_free_to_in_use_at_14h(rooms_config: LoadedConfig) -> None:
    before, after = paris(2026, 12, 11, 13, 45), paris(2026, 12, 11, 14, 0)
    assert rooms_config.config is not None
    feed = load_feed(rooms_config.config)
    assert next_change(feed, rooms_config.config, before) == after
    (slide,) = [s for s in _slides(rooms_config, before) if isinstance(s, RoomsSlide)]
    texts = _texts(slide, before)
    assert "Libre jusqu'à 14\u00a0h" in texts
    (later,) = [s for s in _slides(rooms_config, after) if isinstance(s, RoomsSlide)]
    later_texts = _texts(later, after)
    assert "Occupé — Atelier tablette, ARCS, jusqu'à 16\u00a0h" in later_texts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_rooms_slide_fits_every_shape(
    rooms_config: LoadedConfig, size: tuple[int, int], tmp_path: Path
) -> None:
    at = paris(2026, 12, 11, 10, 0)
    (slide,) = [s for s in _slides(rooms_config, at, size) if isinstance(s, RoomsSlide)]
    check_layout(slide, size)
    image, log = render(slide, size, at)
    image.save(str(tmp_path / f"rooms-{size[0]}x{size[1]}.png"))
    # A private booking says who holds the room, never what for.
    assert any(t == "Occupé — CCAS, jusqu'à 12\u00a0h" for t in (x.text for x in log.texts))
    assert not any("Entretiens" in t.text for t in log.texts)
    qr = [r for role, r in log.boxes if role == "qr"]
    assert qr and min(qr[0].width(), qr[0].height()) >= min(size) * 0.15 - 1


def test_a_real_player_shows_the_room_taken_when_its_clock_passes_14h(
    qtbot: QtBot, rooms_config: LoadedConfig
) -> None:
    clock = FixedClock(paris(2026, 12, 11, 13, 59))
    player = Player(rooms_config, windowed=True, clock=clock, time_scale=0.002)
    player.start()
    try:
        qtbot.waitUntil(lambda: isinstance(player.rotation.current, RoomsSlide), timeout=10_000)
        current: Any = player.rotation.current
        views = {v.room.id: v for v in current.rooms}
        assert views["espace-numerique"].free_until == time(14, 0)
        clock.set(paris(2026, 12, 11, 14, 0))
        player.rotation.advance()
        qtbot.waitUntil(lambda: isinstance(player.rotation.current, RoomsSlide), timeout=10_000)
        current = player.rotation.current
        taken = {v.room.id: v for v in current.rooms}["espace-numerique"].now
        assert taken is not None and taken.partner == "ARCS" and taken.title == "Atelier tablette"
    finally:
        player.stop()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_demos_rooms_never_run_into_the_footer(
    demo_config: LoadedConfig, size: tuple[int, int], qapp: object
) -> None:
    """Four rooms under the « now » strip: paged so that none covers how to book."""
    at = paris(2026, 11, 28, 10, 40)
    pages = [s for s in _slides(demo_config, at, size) if isinstance(s, RoomsSlide)]
    assert sum(len(p.rooms) for p in pages) == 4
    for slide in pages:
        assert slide.strip is not None
        _, log = render(slide, size, at)
        rows = [r for role, r in log.boxes if role.startswith("room:")]
        footer = [t.box for t in log.texts if t.role == "ask"] + [
            r for role, r in log.boxes if role == "qr"
        ]
        assert rows and footer
        assert max(r.bottom() for r in rows) <= min(f.top() for f in footer) + 0.5, slide.key


def test_a_real_player_shows_the_cancelled_week_annule(
    qtbot: QtBot, rooms_config: LoadedConfig
) -> None:
    """The weekly volunteers' workshop, cancelled on 18 December: a real player's
    semainier that morning says « Annulé » on its row, and the room is free then."""
    player = Player(rooms_config, windowed=True, clock=FixedClock(paris(2026, 12, 18, 9, 0)))
    player.start()
    try:

        def cancelled_row() -> bool:
            slide = player.rotation.current
            return isinstance(slide, SemainierSlide) and any(
                v.cancelled and v.slot.title.pick("fr") == "Atelier des bénévoles"
                for v in slide.slots
            )

        qtbot.waitUntil(cancelled_row, timeout=10_000)
        slide = player.rotation.current
        assert isinstance(slide, SemainierSlide)
        assert "Annulé" in _texts(slide, paris(2026, 12, 18, 9, 0))
        free = [(v.free.name, v.slot.start) for v in slide.slots if v.free is not None]
        assert ("Espace numérique", time(9, 0)) in free  # its morning is free that day
    finally:
        player.stop()
