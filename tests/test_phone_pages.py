"""« Sur mon téléphone » (issue 30): one static page per site and language, written beside
the feed at each publication — the same day, now and next as the hall screen, nothing
the screen does not show publicly, nothing loaded from elsewhere, a few tens of KB."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signage.content_index import site_content
from signage.feed import parse_feed_document
from signage.playlist import slot_views
from signage.publish.build import build
from signage.publish.phone_pages import phone_pages, tel_links
from signage.publish.write import previous, write, write_phone_pages
from signage.resources import assets_dir
from signage.slides import SlotState
from tests.conftest import paris

EXAMPLE = assets_dir() / "example-content" / "admins"
NOW = paris(2026, 11, 30, 10, 40)  # a Monday morning of the example's weeks


class _Parsed(HTMLParser):
    """What a page is made of: its elements in order, and the text under each heading."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._text = ""
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, " ".join(self._text.split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._heading:
            self._text += data


def _published(tmp_path: Path, now: datetime = NOW) -> Path:
    out = tmp_path / "published"
    result = build(EXAMPLE, out, now=now)
    assert result.ok, result.problems
    write(result, out, previous(out), None)
    return out


def _page(out: Path, name: str) -> _Parsed:
    parsed = _Parsed()
    parsed.feed((out / "telephone" / name).read_text("utf-8"))
    return parsed


def test_a_page_per_site_and_language_is_written_with_the_publication(tmp_path: Path) -> None:
    out = _published(tmp_path)
    names = sorted(p.name for p in (out / "telephone").iterdir())
    assert names == [
        "maurepas.ar.html",
        "maurepas.en.html",
        "maurepas.html",
        "now.js",
        "page.css",
        "villejean.ar.html",
        "villejean.en.html",
        "villejean.html",
    ]
    for page in (out / "telephone").glob("*.html"):
        assert page.stat().st_size < 40_000  # a few tens of KB, on a phone's data plan
    french = _page(out, "maurepas.html")
    html = dict(french.tags)["html"]
    assert html["lang"] == "fr" and html["dir"] == "ltr"
    assert dict(_page(out, "maurepas.ar.html").tags)["html"]["dir"] == "rtl"
    assert dict(_page(out, "maurepas.en.html").tags)["html"]["lang"] == "en"
    # Headings in reading order: the site, then each part, the days under the week.
    assert french.headings[0] == ("h1", "ESC Maurepas : les informations de l'écran du hall")
    parts = [text for tag, text in french.headings if tag == "h2"]
    assert parts == [
        "Qui est là, jour par jour",
        "Prochains ateliers",
        "Wifi gratuit",
        "Applications utiles",
        "Annonces et affiches",
        "Horaires d'ouverture",
    ]
    days = [text for tag, text in french.headings if tag == "h3" and "novembre" in text]
    assert days[0] == "Aujourd'hui · lundi 30 novembre"


def test_now_and_next_are_the_screens(tmp_path: Path) -> None:
    out = _published(tmp_path)
    feed = parse_feed_document(__import__("json").loads((out / "feed.json").read_bytes())).feed
    views = slot_views(site_content(feed, "maurepas"), NOW.astimezone(NOW.tzinfo))
    on_screen = {
        state: [v.slot.title.pick("fr") for v in views if v.state is state]
        for state in (SlotState.NOW, SlotState.NEXT)
    }
    text = (out / "telephone" / "maurepas.html").read_text("utf-8")
    today = text.split('data-day="2026-11-30"')[1].split("</section>")[0]
    marked = {
        state: re.findall(rf'<li class="slot {name}".*?<p class="what">([^<]+)</p>', today)
        for state, name in ((SlotState.NOW, "now"), (SlotState.NEXT, "next"))
    }
    assert on_screen[SlotState.NOW] and on_screen[SlotState.NEXT]
    assert marked == on_screen


def test_nothing_private_and_nothing_from_elsewhere(tmp_path: Path) -> None:
    out = _published(tmp_path)
    text = (out / "telephone" / "maurepas.html").read_text("utf-8")
    assert "Réunion d&#x27;équipe" not in text and "Réunion d'équipe" not in text
    parsed = _page(out, "maurepas.html")
    loaded = [
        a.get("src") or a.get("href")
        for tag, a in parsed.tags
        if tag in {"script", "img", "link", "iframe"}
    ]
    assert loaded == ["page.css", "now.js"]  # the page's own, beside it; no tracker
    assert "cookie" not in (out / "telephone" / "now.js").read_text("utf-8").lower()


def test_a_page_unchanged_is_not_written_again(tmp_path: Path) -> None:
    out = _published(tmp_path)
    feed = previous(out).feed
    assert feed is not None
    assert write_phone_pages(out, feed, NOW) == 0  # same moment: same bytes, same ETag
    assert write_phone_pages(out, feed, NOW + timedelta(days=1)) > 0  # tomorrow first


def test_a_registration_number_is_a_link_a_phone_calls() -> None:
    said = tel_links("À l'accueil ou au 02 99 00 00 00, ou au +33 2 23 62 00 00.")
    assert '<a href="tel:+33299000000">02 99 00 00 00</a>' in said
    assert '<a href="tel:+33223620000">+33 2 23 62 00 00</a>' in said
    assert tel_links("Le 12/12/2026 à 14 h") == "Le 12/12/2026 à 14 h"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_any_title_stays_text(title: str) -> None:
    document: dict[str, Any] = {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC <Maurepas> & « co »"}],
        "announcements": [{"id": "a", "title": title, "body": f"{title} — <b>x</b>"}],
        "semainier": [{"weekday": "monday", "start": "09:00", "end": "12:00", "title": title}],
    }
    try:
        feed = parse_feed_document(document).feed
    except Exception:
        return
    shown = " ".join(a.title.pick("fr") for a in feed.announcements)  # as the feed cleans it
    for name, data in phone_pages(feed, NOW).items():
        if not name.endswith(".html"):
            continue
        parsed = _Parsed()
        parsed.feed(data.decode())
        tags = [tag for tag, _ in parsed.tags]
        assert tags.count("script") == 1 and "b" not in tags  # nothing typed becomes markup
        assert " ".join(shown.split()) in " ".join(parsed.text.split())
