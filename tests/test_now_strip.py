"""The "now" strip (issue 17, item 3): under every slide but the semainier, what is on in
the building now and next, by the semainier's own rules; gone when nothing is on, and
off when the screen's config says so."""

from __future__ import annotations

import pytest

from signage.config import LoadedConfig, load_config
from signage.playlist import build_playlist
from signage.slides import SemainierSlide, UrgentSlide
from tests.conftest import FeedWriter, load_feed, paris
from tests.painting import SIZES, render

SLOTS = [
    {
        "weekday": "saturday",
        "start": "09:00",
        "end": "12:00",
        "title": "Permanence CAF",
        "room": "Bureau 2",
        "partner": "CAF",
    },
    {"weekday": "saturday", "start": "14:00", "end": "16:00", "title": "Atelier CV"},
]
PLAYLIST = [{"kind": k, "duration": 10} for k in ("semainier", "wifi", "announcements")]


def _screen(write_feed: FeedWriter, display: str = "") -> LoadedConfig:
    path = write_feed(
        playlist=PLAYLIST,
        display=display,
        semainier=SLOTS,
        wifi=[{"ssid": "ARCS", "security": "open"}],
        announcements=[{"id": "a", "title": "Bonjour"}],
    )
    return load_config(path)


def test_every_slide_but_the_semainier_says_what_is_on_now_and_next(
    write_feed: FeedWriter, qapp: object
) -> None:
    loaded = _screen(write_feed)
    assert loaded.config is not None
    feed = load_feed(loaded.config)
    slides = build_playlist(feed, loaded.config, paris(2026, 11, 28, 10, 40))
    assert [s.strip is None for s in slides] == [True, False, False]
    strip = slides[1].strip
    assert strip is not None
    assert [s.title.pick("fr") for s in strip.now] == ["Permanence CAF"]
    assert [s.title.pick("fr") for s in strip.next] == ["Atelier CV"]
    for size in SIZES:
        _, log = render(slides[1], size, paris(2026, 11, 28, 10, 40))
        said = " ".join(t.text for t in log.texts if t.role == "strip")
        assert "En ce moment\u00a0: Permanence CAF" in said, (size, said)
        assert "Ensuite à 14\u00a0h\u00a0: Atelier CV" in said, (size, said)
        # At body size (3.5 % of the short side, in whole pixels as fonts are).
        assert all(t.px >= int(min(size) * 0.035) for t in log.texts if t.role == "strip")
        (band,) = [r for role, r in log.boxes if role == "strip"]
        assert band.bottom() <= size[1] + 0.5 and band.top() > size[1] * 0.75


@pytest.mark.parametrize(
    ("hour", "now", "next"),
    [(8, [], ["Permanence CAF"]), (12, [], ["Atelier CV"]), (15, ["Atelier CV"], [])],
)
def test_it_follows_the_day(
    write_feed: FeedWriter, hour: int, now: list[str], next: list[str]
) -> None:
    loaded = _screen(write_feed)
    assert loaded.config is not None
    feed = load_feed(loaded.config)
    strip = build_playlist(feed, loaded.config, paris(2026, 11, 28, hour, 30))[1].strip
    assert strip is not None
    assert [s.title.pick("fr") for s in strip.now] == now
    assert [s.title.pick("fr") for s in strip.next] == next


def test_it_is_gone_when_nothing_is_on_and_off_when_the_config_says_so(
    write_feed: FeedWriter,
) -> None:
    loaded = _screen(write_feed)
    assert loaded.config is not None
    feed = load_feed(loaded.config)
    evening = build_playlist(feed, loaded.config, paris(2026, 11, 28, 17, 0))
    assert all(s.strip is None for s in evening)
    sunday = build_playlist(feed, loaded.config, paris(2026, 11, 29, 10, 0))
    assert all(s.strip is None for s in sunday)
    off = _screen(write_feed, "[display]\nnow_strip = false\n")
    assert off.config is not None
    slides = build_playlist(load_feed(off.config), off.config, paris(2026, 11, 28, 10, 40))
    assert all(s.strip is None for s in slides)
    assert not any(isinstance(s, SemainierSlide | UrgentSlide) and s.strip for s in slides)
