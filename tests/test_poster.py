"""Printable posters: vector PDF of the requested paper, text extractable, lists paged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from signage.cli import main
from signage.config import LoadedConfig
from signage.poster import PosterKind, poster_slides, week_rows
from signage.slides import WeekSlide
from tests.conftest import FeedWriter, load_feed, paris

POINTS = {
    ("A4", "portrait"): (595, 842),
    ("A4", "landscape"): (842, 595),
    ("A3", "portrait"): (842, 1191),
}


def poster(
    config: LoadedConfig, tmp_path: Path, *args: str, at: str = "2026-11-28T10:40"
) -> PdfReader:
    out = tmp_path / "poster.pdf"
    code = main(
        [
            "poster",
            "--config",
            str(config.path),
            "--at",
            at,
            "--out",
            str(out),
            *args,
        ]
    )
    assert code == 0
    return PdfReader(out)


def words_of(pdf: PdfReader) -> str:
    """The PDF's text with its spacing normalised (PDF text runs are tab-separated)."""
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


@pytest.mark.parametrize(("paper", "orientation"), list(POINTS))
def test_poster_has_the_requested_page_size(
    demo_config: LoadedConfig, tmp_path: Path, paper: str, orientation: str
) -> None:
    pdf = poster(
        demo_config, tmp_path, "--slide", "wifi", "--paper", paper, "--orientation", orientation
    )
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS[(paper, orientation)]


def test_wifi_poster_text_is_extractable(demo_config: LoadedConfig, tmp_path: Path) -> None:
    text = words_of(poster(demo_config, tmp_path, "--slide", "wifi"))
    for words in ("Wifi gratuit", "ARCS-Maurepas-Public", "bienvenue35", "ESC Maurepas"):
        assert words in text
    assert "10:40" not in text  # no clock on paper


def test_week_poster_lists_every_day_with_its_slots(
    demo_config: LoadedConfig, tmp_path: Path
) -> None:
    pdf = poster(demo_config, tmp_path, "--slide", "semainier")
    text = words_of(pdf)
    assert "Semaine du 23 au 29 novembre" in text
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"):
        assert day in text
    assert "Ateliers des bénévoles" in text


def test_month_agenda_poster_is_paged(demo_config: LoadedConfig, tmp_path: Path) -> None:
    pdf = poster(demo_config, tmp_path, "--slide", "agenda", "--language", "en")
    text = words_of(pdf)
    assert "Upcoming workshops" in text
    assert "Mon compte CAF en ligne" in text
    assert len(pdf.pages) >= 2


def test_a_long_week_spreads_over_pages(write_feed: FeedWriter, qapp: object) -> None:
    slots = [
        {"weekday": day, "start": f"{h:02d}:00", "end": f"{h:02d}:45", "title": f"{day} {h}"}
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
        for h in range(8, 18)
    ]
    from signage.config import load_config  # noqa: PLC0415

    config = load_config(write_feed(semainier=slots)).config
    assert config is not None
    pages = poster_slides(
        load_feed(config), config, PosterKind.SEMAINIER, paris(2026, 11, 28, 10), (1240, 1754)
    )
    assert len(pages) > 1
    assert all(isinstance(p, WeekSlide) for p in pages)
    assert all(
        sum(1 + len(d.slots) for d in p.days) <= week_rows(1240, 1754)  # type: ignore[attr-defined]
        for p in pages
    )
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))


def test_nothing_to_print_says_so(
    write_feed: FeedWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_feed(announcements=[{"title": "x"}])
    code = main(
        ["poster", "--config", str(config), "--slide", "wifi", "--out", str(tmp_path / "x.pdf")]
    )
    assert code == 1
    assert "nothing to print" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_week_poster_printed_on_sunday_is_for_the_coming_week_named_with_both_months(
    demo_config: LoadedConfig, tmp_path: Path
) -> None:
    text = words_of(poster(demo_config, tmp_path, "--slide", "semainier", at="2026-11-29T17:00"))
    assert "Semaine du 30 novembre au 6 décembre" in text


def test_a_poster_is_written_with_the_users_normal_mode(
    demo_config: LoadedConfig, tmp_path: Path
) -> None:
    previous = os.umask(0o022)
    try:
        poster(demo_config, tmp_path, "--slide", "wifi")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "poster.pdf").stat().st_mode) == 0o644


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_week_poster_cuts_no_activity(demo_config: LoadedConfig, landscape: bool) -> None:
    from signage.player.pdf import page_pixels  # noqa: PLC0415
    from tests.painting import render  # noqa: PLC0415

    assert demo_config.config is not None
    feed = load_feed(demo_config.config)
    page = page_pixels("A4", landscape=landscape)
    slides = poster_slides(
        feed, demo_config.config, PosterKind.SEMAINIER, paris(2026, 11, 28), page
    )
    lines = []
    for slide in slides:
        _, log = render(slide, page, paris(2026, 11, 28, 10, 40))
        lines += [t for t in log.texts if t.role == "slot"]
    assert lines and not any(t.text.endswith("…") for t in lines), [t.text for t in lines]
    assert min(t.box.width() for t in lines) > page[0] * 0.6  # not half the page


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_an_agenda_poster_cuts_no_line(
    demo_config: LoadedConfig, landscape: bool, paper: str, qapp: object
) -> None:
    from signage.player.pdf import page_pixels  # noqa: PLC0415
    from tests.painting import render  # noqa: PLC0415

    assert demo_config.config is not None
    feed = load_feed(demo_config.config)
    page = page_pixels(paper, landscape=landscape)
    slides = poster_slides(feed, demo_config.config, PosterKind.AGENDA, paris(2026, 11, 28), page)
    assert all(s.strip is None for s in slides)  # paper has no "now"
    lines = []
    for slide in slides:
        _, log = render(slide, page, paris(2026, 11, 28, 10, 40), printed=True)
        lines += [t for t in log.texts if t.role in {"title", "time", "where", "registration"}]
    cut = [t.text for t in lines if t.text.endswith("…")]
    assert lines and not cut, cut


def test_a_door_poster_per_room_shows_its_week_without_private_titles(
    demo_config: LoadedConfig, tmp_path: Path
) -> None:
    pdf = poster(demo_config, tmp_path, "--slide", "rooms")
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    assert len(pages) == 4  # the demo's three rooms and its case of laptops
    office = next(p for p in pages if "Bureau partagé Semaine" in p)
    assert "Semaine du 23 au 29 novembre" in office
    assert "réservé — CDAS · réunion non publique" in office
    assert "Rendez-vous individuels" not in " ".join(pages)  # a private booking's title
    digital = next(p for p in pages if "Espace numérique Semaine" in p)
    assert "Atelier des bénévoles : premiers pas sur la tablette · ARCS" in digital
    assert "Permanence informaticien public" in digital  # a semainier slot naming the room


def test_a_week_poster_says_a_closed_day_is_closed_and_lists_nothing_then(
    write_feed: FeedWriter, tmp_path: Path
) -> None:
    """Printed on the Tuesday before Christmas, hung all week: Thursday 24 is a closure,
    and the permanence held other Thursdays is not promised for it."""
    site = {
        "id": "maurepas",
        "name": "ESC Maurepas",
        "hours": {"closures": [{"day": "2026-12-24", "reason": "veille de Noël"}]},
    }
    slots = [
        {"weekday": "monday", "start": "09:00", "end": "12:00", "title": "Permanence CAF"},
        {"weekday": "thursday", "start": "14:00", "end": "16:00", "title": "Écrivain public"},
    ]
    from signage.config import load_config  # noqa: PLC0415

    loaded = load_config(write_feed(sites=[site], semainier=slots))
    text = words_of(poster(loaded, tmp_path, "--slide", "semainier", at="2026-12-22T10:00"))
    assert "Semaine du 21 au 27 décembre" in text
    assert "Jeudi — Fermé (veille de Noël)" in text
    assert "Permanence CAF" in text and "Écrivain public" not in text
    later = words_of(poster(loaded, tmp_path, "--slide", "semainier", at="2026-12-29T10:00"))
    assert "Écrivain public" in later and "Fermé" not in later


def test_a_door_poster_says_a_closed_day_is_closed(
    demo_config: LoadedConfig, tmp_path: Path
) -> None:
    import json  # noqa: PLC0415

    feed = demo_config.path.parent / "feed.json"
    document = json.loads(feed.read_text(encoding="utf-8"))
    for site in document["sites"]:
        site.setdefault("hours", {})["closures"] = [{"day": "2026-11-26", "reason": "travaux"}]
    feed.write_text(json.dumps(document), encoding="utf-8")
    pdf = poster(demo_config, tmp_path, "--slide", "rooms")
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    digital = next(p for p in pages if "Espace numérique Semaine" in p)
    assert "Jeudi — Fermé (travaux)" in digital
    assert "Mercredi" in digital and "Vendredi" in digital
