"""« Sur votre téléphone » (issue 30): the slides that have a heading carry the site's
page for phones as a QR code in its right end — never over content, large enough for a
phone at 1.5 m — on by default for the semainier and the agenda, settable per entry."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import zxingcpp
from PIL import Image, ImageFilter

from signage.config import LoadedConfig, PlaylistEntry, ScreenConfig, SlideKind
from signage.playlist import build_playlist, phone_url
from signage.slides import SemainierSlide
from tests.conftest import load_feed, paris
from tests.painting import SIZES, overlap, render, to_pil

NOW = paris(2026, 11, 28, 10, 40)  # the demo's Saturday morning
PAGE = "https://ecrans.esc-rennes.fr/flux/telephone/maurepas.html"
# A 43-inch screen seen by a phone at 1.5 m spans about 950 px of the 1920-px frame its
# camera scans; 768 px (40 % of a 1080p screen), slightly blurred, leaves a margin.
SEEN_PX = 768


def _with_page(config: ScreenConfig, **entry: Any) -> ScreenConfig:
    display = config.display.model_copy(update={"phone_page": PAGE})
    playlist = (PlaylistEntry(kind=SlideKind.SEMAINIER, duration=20, **entry),)
    return config.model_copy(update={"display": display, "playlist": playlist})


def _seen_by_a_phone(image: Image.Image) -> Image.Image:
    scale = SEEN_PX / max(image.size)
    small = image.convert("L").resize(
        (round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR
    )
    return small.filter(ImageFilter.GaussianBlur(0.6))


@pytest.mark.parametrize("size", SIZES)
def test_a_phone_at_a_metre_and_a_half_reads_the_semainiers_code(
    demo_config: LoadedConfig, size: tuple[int, int], qapp: Any
) -> None:
    config = _with_page(demo_config.config)
    feed = load_feed(config)
    (slide,) = build_playlist(feed, config, NOW, size)
    assert isinstance(slide, SemainierSlide) and slide.phone == PAGE
    image, log = render(slide, size, NOW)
    codes = zxingcpp.read_barcodes(_seen_by_a_phone(to_pil(image)))
    assert [c.text for c in codes] == [PAGE]
    (corner,) = [box for role, box in log.boxes if role == "phone"]
    assert [t.text for t in log.texts if t.role == "phone"] == ["Sur votre téléphone"]
    # Nothing else drawn meets the corner: the heading makes room for it.
    others = [t for t in log.texts if t.role != "phone"]
    assert others and not [t.text for t in others if overlap(t.ink, corner)]
    for text in others:
        assert not text.text.endswith("…"), f"cut beside the corner: {text.text}"


def test_the_code_is_off_where_the_screen_says_so_and_on_for_other_kinds_asked(
    demo_config: LoadedConfig,
) -> None:
    base = demo_config.config
    feed = load_feed(base)
    off = build_playlist(feed, _with_page(base, phone=False), NOW)
    assert off and all(s.phone is None for s in off)
    wifi = _with_page(base).model_copy(
        update={"playlist": (PlaylistEntry(kind=SlideKind.WIFI, duration=20, phone=True),)}
    )
    assert all(s.phone == PAGE for s in build_playlist(feed, wifi, NOW))
    default_wifi = wifi.model_copy(
        update={"playlist": (PlaylistEntry(kind=SlideKind.WIFI, duration=20),)}
    )
    assert all(s.phone is None for s in build_playlist(feed, default_wifi, NOW))


def test_the_page_address_follows_the_feed_and_the_screens_language(
    demo_config: LoadedConfig,
) -> None:
    config = demo_config.config
    site = load_feed(config).site("maurepas")
    assert site is not None
    assert phone_url(config, site) is None  # a feed read from a folder: no address
    online = config.model_copy(
        update={"source": replace(config.source, feed="https://ecrans.exemple.fr/flux/feed.json")}
    )
    assert phone_url(online, site) == "https://ecrans.exemple.fr/flux/telephone/maurepas.html"
    english = online.model_copy(
        update={"display": online.display.model_copy(update={"language": "en"})}
    )
    assert phone_url(english, site) == "https://ecrans.exemple.fr/flux/telephone/maurepas.en.html"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_an_announcement_asked_to_carry_the_code_keeps_its_title_clear(
    demo_config: LoadedConfig, size: tuple[int, int], qapp: Any
) -> None:
    config = _with_page(demo_config.config).model_copy(
        update={"playlist": (PlaylistEntry(kind=SlideKind.ANNOUNCEMENTS, duration=15, phone=True),)}
    )
    slide = build_playlist(load_feed(config), config, NOW, size)[0]
    assert slide.phone == PAGE
    image, log = render(slide, size, NOW)
    assert [c.text for c in zxingcpp.read_barcodes(_seen_by_a_phone(to_pil(image)))] == [PAGE]
    (corner,) = [box for role, box in log.boxes if role == "phone"]
    others = [t for t in log.texts if t.role != "phone"]
    assert others and not [t.text for t in others if overlap(t.ink, corner)]
