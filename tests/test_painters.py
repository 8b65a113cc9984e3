"""Slides painted offscreen: what a visitor would see, checked at known places."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PySide6.QtCore import QRectF

from signage.config import LoadedConfig, ScreenConfig, load_config
from signage.feed import Feed
from signage.model import ImagePoster, ResourceApp, Site, WifiOffer
from signage.player.painters.wifi import wifi_payload
from signage.player.theme import DEFAULT_THEME, Metrics
from signage.playlist import build_playlist, fallback_slide, resolve_site
from signage.slides import (
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    PosterSlide,
    SemainierSlide,
    Slide,
    WifiSlide,
)
from tests.conftest import FeedWriter, load_feed, paris
from tests.painting import SIZES, dominant_color, inside, overlap, render, to_pil

NOW = paris(2026, 11, 28, 10, 40)
LONG = (
    "Atelier d'initiation aux démarches administratives en ligne pour les personnes "
    "qui découvrent l'ordinateur et souhaitent gagner en autonomie"
)


@pytest.fixture
def demo_content(demo_config: LoadedConfig, qapp: object) -> tuple[Feed, ScreenConfig]:
    assert demo_config.config is not None
    return load_feed(demo_config.config), demo_config.config


@pytest.fixture
def demo_slides(demo_content: tuple[Feed, ScreenConfig]) -> list[Slide]:
    return list(build_playlist(*demo_content, NOW))


def long_text_slides(
    write_feed: FeedWriter, size: tuple[int, int] = (1920, 1080), *, title: str = LONG
) -> list[Slide]:
    slots = [
        {
            "weekday": "saturday",
            "start": f"{8 + i}:00",
            "end": f"{9 + i}:00",
            "title": title,
            "partner": "Médiateurs numériques de la Ville de Rennes",
            "room": "Grande salle collective du rez-de-chaussée",
            "access": "appointment",
            "audience": "Personnes âgées, familles, demandeurs d'emploi",
        }
        for i in range(10)
    ]
    workshops = [
        {
            "start": f"2026-12-0{d}T14:00:00+01:00",
            "end": f"2026-12-0{d}T16:00:00+01:00",
            "title": LONG,
            "place": "Bibliothèque municipale et espace numérique du quartier",
            "organiser": "Association des bénévoles du numérique",
            "registration": LONG,
            "free": False,
            "price": "2 € la séance",
        }
        for d in range(1, 8)
    ]
    path = write_feed(
        semainier=slots,
        workshops=workshops,
        wifi=[
            {
                "ssid": "ARCS-Espace-Social-Commun-Maurepas",
                "security": "WPA3",
                "password": "une-phrase-de-passe-tres-longue-pour-le-wifi-public-2026",
                "provider": "ARCS — Association Rennaise des Centres Sociaux",
                "note": LONG,
            }
        ],
        apps=[
            {
                "name": "Application au nom vraiment très long pour tester",
                "category": LONG,
                "description": LONG,
                "url": "https://www.example.org/" + "x" * 120,
            }
        ]
        * 5,
        announcements=[{"title": LONG, "body": LONG * 3}],
    )
    config = load_config(path).config
    assert config is not None
    feed = load_feed(config)
    return [
        *build_playlist(feed, config, NOW, size),
        fallback_slide(resolve_site(feed, config), LONG),
    ]


def check_layout(slide: Slide, size: tuple[int, int]) -> None:
    _image, log = render(slide, size, NOW)
    screen = QRectF(0, 0, *size)
    metrics = Metrics(min(size))
    assert log.texts, "nothing was drawn"
    for drawn in log.texts:
        assert inside(drawn.ink, drawn.box), f"{drawn.role} {drawn.text!r} leaves its box"
        assert inside(drawn.ink, screen), f"{drawn.role} {drawn.text!r} leaves the screen"
        assert drawn.px >= round(metrics.min_text), f"{drawn.role} {drawn.text!r} is too small"
    for index, first in enumerate(log.texts):
        for second in log.texts[index + 1 :]:
            assert not overlap(first.ink, second.ink), (
                f"{first.role} {first.text!r} overlaps {second.role} {second.text!r}"
            )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_demo_slides_stay_in_their_boxes(
    demo_content: tuple[Feed, ScreenConfig], size: tuple[int, int]
) -> None:
    for slide in build_playlist(*demo_content, NOW, size):
        check_layout(slide, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_texts_wrap_shrink_and_cut_inside_their_boxes(
    write_feed: FeedWriter, qapp: object, size: tuple[int, int]
) -> None:
    slides = long_text_slides(write_feed, size)
    # Seven workshops do not fit on one page at any of these sizes: they are split.
    assert any(s.pages > 1 for s in slides if isinstance(s, AgendaSlide))
    for slide in slides:
        check_layout(slide, size)


def test_long_title_is_cut_at_a_word_with_an_ellipsis(write_feed: FeedWriter, qapp: object) -> None:
    # Longer than the two lines a title may take: cut, at a word.
    longest = f"{LONG} {LONG}"
    slide = next(
        s for s in long_text_slides(write_feed, title=longest) if isinstance(s, SemainierSlide)
    )
    _, log = render(slide, (1280, 720), NOW)
    titles = [t.text for t in log.texts if t.role == "title"]
    assert titles and all(t.endswith("…") for t in titles)
    for title in titles:
        kept = title.removesuffix("…").split()
        assert kept == longest.split()[: len(kept)], "cut inside a word"


def test_running_slot_is_highlighted_and_next_marked(demo_slides: list[Slide]) -> None:
    slide = next(s for s in demo_slides if isinstance(s, SemainierSlide))
    image, log = render(slide, (1920, 1080), NOW)
    palette = DEFAULT_THEME.palette
    boxes = {role: rect for role, rect in log.boxes if role.startswith("slot:")}
    assert dominant_color(image, boxes["slot:now"]) == palette.accent.lower()
    assert dominant_color(image, boxes["slot:next"]) == palette.next_background.lower()
    tags = [t.text for t in log.texts if t.role == "badge"]
    # The permanence, the volunteers' café and the carers' café (a public booking).
    assert tags.count("En ce moment") == 3 and tags.count("Ensuite") == 1


def test_semainier_heading_has_the_date_in_french_and_english(demo_slides: list[Slide]) -> None:
    slide = next(s for s in demo_slides if isinstance(s, SemainierSlide))
    _, log_fr = render(slide, (1920, 1080), NOW, "fr")
    _, log_en = render(slide, (1920, 1080), NOW, "en")
    assert [t.text for t in log_fr.texts if t.role == "heading"] == [
        "Aujourd'hui · samedi 28 novembre"
    ]
    assert [t.text for t in log_en.texts if t.role == "heading"] == ["Today · Saturday 28 November"]


def test_header_shows_site_and_clock(demo_slides: list[Slide]) -> None:
    _, log = render(demo_slides[0], (1920, 1080), NOW)
    found = {t.role: t.text for t in log.texts if t.role in {"site", "clock"}}
    assert found == {"site": "ESC Maurepas", "clock": "10:40"}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_header_carries_the_date(
    demo_slides: list[Slide], size: tuple[int, int]
) -> None:
    for slide in demo_slides:
        _, log = render(slide, size, NOW)
        dates = [t.text for t in log.texts if t.role == "date"]
        assert dates in (["samedi 28 novembre"], ["sam. 28 nov."]), (slide.key, dates)
    _, english = render(demo_slides[0], size, NOW, language="en")
    assert [t.text for t in english.texts if t.role == "date"] in (
        ["Saturday 28 November"],
        ["Sat 28 Nov"],
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wifi_qr_code_joins_the_network(demo_slides: list[Slide], size: tuple[int, int]) -> None:
    slide = next(s for s in demo_slides if isinstance(s, WifiSlide))
    image, log = render(slide, size, NOW)
    (code,) = zxingcpp.read_barcodes(to_pil(image))
    assert code.text == "WIFI:T:WPA;S:ARCS-Maurepas-Public;P:bienvenue35;;"
    qr = next(rect for role, rect in log.boxes if role == "qr")
    assert min(qr.width(), qr.height()) >= Metrics(min(size)).min_qr


def test_wifi_payload_escapes_special_characters() -> None:
    offer = WifiOffer.model_validate(
        {"ssid": 'Café;"ESC"', "security": "WPA2", "password": "pa:ss;word\\"}
    )
    assert wifi_payload(offer) == 'WIFI:T:WPA;S:Café\\;\\"ESC\\";P:pa\\:ss\\;word\\\\;;'
    open_offer = WifiOffer.model_validate({"ssid": "ARCS", "security": "open"})
    assert wifi_payload(open_offer) == "WIFI:S:ARCS;;"


def test_app_qr_codes_open_their_sites(demo_slides: list[Slide]) -> None:
    slide = next(s for s in demo_slides if isinstance(s, AppsSlide))
    image, log = render(slide, (1920, 1080), NOW)
    found = sorted(code.text for code in zxingcpp.read_barcodes(to_pil(image)))
    assert found == sorted(app.link for app in slide.apps)
    for role, rect in log.boxes:
        if role == "qr":
            assert rect.width() >= Metrics(1080).min_qr


def markup_slide(write_feed: FeedWriter, title: str) -> AnnouncementSlide:
    path = write_feed(announcements=[{"title": title}])
    config: ScreenConfig | None = load_config(path).config
    assert config is not None
    feed: Feed = load_feed(config)
    (slide,) = build_playlist(feed, config, NOW)
    assert isinstance(slide, AnnouncementSlide)
    return slide


def test_markup_in_feed_text_is_shown_literally(write_feed: FeedWriter, qapp: object) -> None:
    _, tagged = render(markup_slide(write_feed, "<b>Fermé</b> lundi"), (1920, 1080), NOW)
    _, plain = render(markup_slide(write_feed, "Fermé lundi"), (1920, 1080), NOW)
    (tagged_title,) = [t for t in tagged.texts if t.role == "title"]
    (plain_title,) = [t for t in plain.texts if t.role == "title"]
    assert tagged_title.text == "<b>Fermé</b> lundi"
    # The seven characters of "<b></b>" take real room on screen: they were drawn.
    assert tagged_title.ink.width() > plain_title.ink.width() * 1.3


def test_poster_whose_file_vanished_still_shows_its_caption(
    demo_slides: list[Slide], tmp_path: Path
) -> None:
    poster = next(s for s in demo_slides if isinstance(s, PosterSlide))
    gone = replace(poster, poster=poster.poster.model_copy(update={"image": str(tmp_path / "x")}))
    _, log = render(gone, (1920, 1080), NOW)
    assert [t.text for t in log.texts if t.role == "caption"] == [
        "Fête du numérique — samedi après-midi à l'ESC Maurepas"
    ]
    assert not [rect for role, rect in log.boxes if role == "image"]


def test_poster_image_is_drawn_without_distortion(demo_slides: list[Slide]) -> None:
    slide = next(s for s in demo_slides if type(s).__name__ == "PosterSlide")
    _, log = render(slide, (1920, 1080), NOW)
    (image_box,) = [rect for role, rect in log.boxes if role == "image"]
    assert image_box.width() / image_box.height() == pytest.approx(1240 / 1754, rel=0.02)


def test_app_icons_and_site_logo_are_drawn(tmp_path: Path, qapp: object) -> None:
    from PIL import Image  # noqa: PLC0415

    Image.new("RGB", (300, 300), "#c00000").save(tmp_path / "icon.png")
    Image.new("RGB", (600, 200), "#00a000").save(tmp_path / "logo.png")
    site = Site(id="maurepas", name="ESC Maurepas", logo=str(tmp_path / "logo.png"))
    app = ResourceApp.model_validate(
        {
            "name": "ameli",
            "description": "Santé",
            "url": "https://www.ameli.fr/",
            "icon": str(tmp_path / "icon.png"),
        }
    )
    slide = AppsSlide(key="apps", duration=10, site=site, apps=(app,))
    image, log = render(slide, (1920, 1080), NOW)
    boxes = dict(log.boxes)
    assert dominant_color(image, boxes["icon"]) == "#c00000"
    assert dominant_color(image, boxes["logo"]) == "#00a000"
    (name,) = [t for t in log.texts if t.role == "name"]
    assert name.box.left() >= boxes["icon"].right()  # the name moved right of the icon


def test_an_arabic_title_lays_out_right_to_left(write_feed: FeedWriter, qapp: object) -> None:
    title = {"fr": "Fermeture exceptionnelle", "ar": "إغلاق استثنائي"}
    slide = markup_slide(write_feed, title)  # type: ignore[arg-type]
    image, log_ar = render(slide, (1920, 1080), NOW, "ar")
    _, log_fr = render(slide, (1920, 1080), NOW, "fr")
    (arabic,) = [t for t in log_ar.texts if t.role == "title"]
    (french,) = [t for t in log_fr.texts if t.role == "title"]
    assert arabic.text == "إغلاق استثنائي"
    assert arabic.ink.right() == pytest.approx(arabic.box.right(), abs=2)  # starts on the right
    assert arabic.ink.left() > arabic.box.left() + arabic.box.width() / 3
    assert french.ink.left() == pytest.approx(french.box.left(), abs=2)
    # Glyphs were really drawn (a font with Arabic letters was found): ink on the right.
    box = arabic.ink
    dark = sum(
        image.pixelColor(int(x), int(box.center().y())).lightness() < 100
        for x in range(int(box.left()), int(box.right()))
    )
    assert dark > box.width() * 0.05
    labels = [t.text for t in log_ar.texts if t.role == "badge"]
    assert labels == ["معلومة"]  # the interface label in Arabic too


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_urgent_message_fills_the_slide_and_stays_legible(
    size: tuple[int, int], qapp: object
) -> None:
    from signage.model import Announcement  # noqa: PLC0415
    from signage.slides import UrgentSlide  # noqa: PLC0415

    item = Announcement.model_validate(
        {"title": "Fermeture exceptionnelle cet après-midi", "body": LONG, "urgent": True}
    )
    slide = UrgentSlide(
        key="u", duration=10, site=Site(id="m", name="ESC Maurepas"), announcement=item
    )
    check_layout(slide, size)
    image, log = render(slide, size, NOW)
    (title,) = [t for t in log.texts if t.role == "title"]
    assert title.px >= Metrics(min(size)).display  # very large
    below = QRectF(0, size[1] * 0.9, size[0], size[1] * 0.08)
    assert dominant_color(image, below) == DEFAULT_THEME.palette.urgent.lower()


def test_a_long_word_shrinks_before_it_is_broken(qapp: object) -> None:
    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.text import lay_out  # noqa: PLC0415
    from signage.player.theme import Theme  # noqa: PLC0415

    font = Theme(load_fonts()).font(120, bold=True)
    laid = lay_out("Fermeture exceptionnelle", font, 700, 600, min_px=40, max_lines=4)
    assert " ".join(laid.lines).split() == ["Fermeture", "exceptionnelle"]  # whole words
    assert laid.font.pixelSize() < 120


def test_how_to_register_is_read_whole_in_portrait(
    demo_content: tuple[Feed, ScreenConfig],
) -> None:
    portrait = (1080, 1920)
    slide = next(
        s for s in build_playlist(*demo_content, NOW, portrait) if isinstance(s, AgendaSlide)
    )
    _, log = render(slide, portrait, NOW)
    shown = [t.text.replace("\u00a0", " ") for t in log.texts if t.role == "registration"]
    assert shown and all(t.endswith("02 99 00 00 00") for t in shown if "02 99" in t), shown
    assert not any(t.endswith("…") for t in shown)


def test_a_phone_number_is_never_split_over_two_lines(qapp: object) -> None:
    from signage.player.text import lay_out  # noqa: PLC0415

    font = DEFAULT_THEME.font(32)
    text = "Inscription à l'accueil de l'ESC ou au 02 99 00 00 00"
    for width in range(380, 900, 20):
        laid = lay_out(text, font, width, 400, min_px=32, max_lines=3)
        lines = [line.replace("\u00a0", " ") for line in laid.lines]
        assert sum("02 99 00 00 00" in line for line in lines) == 1, (width, lines)


def test_a_badge_only_says_what_the_record_says() -> None:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from signage.model import Workshop  # noqa: PLC0415
    from signage.player.painters.agenda import price_tag  # noqa: PLC0415
    from signage.sources.ics_workshops import parse_ics  # noqa: PLC0415

    base = {
        "start": "2026-12-02T14:00:00+01:00",
        "end": "2026-12-02T16:00:00+01:00",
        "title": "Atelier",
    }
    assert price_tag(Workshop.model_validate(base), "fr") is None
    assert price_tag(Workshop.model_validate({**base, "free": True}), "fr") == "Gratuit"
    assert price_tag(Workshop.model_validate({**base, "price": "2 €"}), "fr") == "2 €"
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"SUMMARY:Atelier\r\nDTSTART:20261202T130000Z\r\nDTEND:20261202T150000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = (paris(2026, 12, 1), paris(2026, 12, 9))
    (imported,) = parse_ics(ics, ZoneInfo("Europe/Paris"), *window).workshops
    assert price_tag(imported, "fr") is None  # a calendar says nothing about the price


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_agenda_row_shows_its_time_as_large_as_its_title(
    demo_slides: list[Slide], size: tuple[int, int]
) -> None:
    slide = next(s for s in demo_slides if isinstance(s, AgendaSlide))
    _, log = render(slide, size, NOW)
    times = [t for t in log.texts if t.role == "time"]
    titles = [t for t in log.texts if t.role == "title"]
    assert times and len(times) == len(titles)
    assert min(t.px for t in times) >= round(Metrics(min(size)).body) - 1


def test_a_poster_that_leaves_a_side_free_fills_it_with_when_where_and_a_qr_code(
    tmp_path: Path, qapp: object
) -> None:
    from PIL import Image  # noqa: PLC0415

    Image.new("RGB", (1240, 1754), "#0b4f8a").save(tmp_path / "portrait.png")
    Image.new("RGB", (1754, 1240), "#0b4f8a").save(tmp_path / "landscape.png")
    site = Site(id="maurepas", name="ESC Maurepas")

    def slide(image: str, **more: object) -> PosterSlide:
        poster = ImagePoster.model_validate(
            {"image": str(tmp_path / image), "caption": "Fête du numérique", **more}
        )
        return PosterSlide(key="poster", duration=10, site=site, poster=poster)

    full = {
        "when": "Samedi 5 décembre, 14 h – 18 h",
        "place": "ESC Maurepas",
        "url": "https://metropole.rennes.fr/fete",
    }
    for image, size in (("portrait.png", (1920, 1080)), ("landscape.png", (1080, 1920))):
        picture, log = render(slide(image, **full), size, NOW)
        boxes = dict(log.boxes)
        texts = {t.role: t.text for t in log.texts}
        assert (
            texts["when"] == "Samedi 5 décembre, 14 h – 18 h" and texts["place"] == "ESC Maurepas"
        )
        assert texts["caption"] == "Fête du numérique"
        words, poster = boxes["poster-words"], boxes["image"]
        if size[0] > size[1]:
            assert words.left() > poster.right() and words.width() > size[0] * 0.3
        else:
            assert words.top() > poster.bottom()
        (code,) = zxingcpp.read_barcodes(to_pil(picture).crop(_box(boxes["qr"])))
        assert code.text == "https://metropole.rennes.fr/fete"
    # No free side (a portrait poster on a portrait screen): the caption under it.
    _, log = render(slide("portrait.png", **full), (1080, 1920), NOW)
    assert "poster-words" not in dict(log.boxes)
    assert [t.text for t in log.texts if t.role == "caption"] == ["Fête du numérique"]


def _box(rect: Any) -> tuple[int, int, int, int]:
    pad = 20
    return (
        int(rect.left()) - pad,
        int(rect.top()) - pad,
        int(rect.right()) + pad,
        int(rect.bottom()) + pad,
    )


def test_large_text_from_its_cached_image_looks_as_drawn_directly(qapp: object) -> None:
    # Beyond 64 px Qt fills glyphs as paths (slow at 4K); such lines are drawn once into
    # an image and blitted: the screen must not see the difference.
    from PIL import ImageChops, ImageStat  # noqa: PLC0415
    from PySide6.QtCore import QPointF  # noqa: PLC0415
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter  # noqa: PLC0415

    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.text import draw_text  # noqa: PLC0415

    font = QFont(load_fonts()[0])
    font.setPixelSize(90)
    text = "Inscription : À l'accueil, 02 99 00 00 00"
    pictures = []
    for cached in (True, True, False):  # first draw, a cache hit, then the reference
        image = QImage(2600, 200, QImage.Format.Format_RGB32)
        image.fill(QColor("#f5f3ee"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if cached:
            draw_text(painter, QRectF(20, 20, 2560, 160), text, font, QColor("#1a1a1a"), min_px=90)
        else:
            painter.setFont(font)
            painter.setPen(QColor("#1a1a1a"))
            painter.drawText(QPointF(20, 20 + QFontMetricsF(font).ascent()), text)
        painter.end()
        pictures.append(to_pil(image))
    assert ImageChops.difference(pictures[0], pictures[1]).getbbox() is None
    difference = ImageChops.difference(pictures[1], pictures[2]).convert("L")
    assert ImageStat.Stat(difference).mean[0] < 2.0  # a fraction of a pixel's placement
