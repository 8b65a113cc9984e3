"""Every page of the console as each role sees it (issue 26), in Chromium at a phone's
360 px and a desktop's 1280 px: nothing in English, no internal identifier, nothing that
scrolls sideways, no list whose chosen value is cut. The pages are found by following
the links a person can follow, and the forms are sent empty once to see their messages
too. Screenshots of each page are kept in SIGNAGE_CONSOLE_SHOTS/crawl (to look at)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from signage.console.content.publishing import publish, record
from signage.console.fleet.state import seen_fields
from signage.console.models import Heartbeat, Membership, Partner, Role, Screen
from tests import console_browser
from tests.console_browser import SHOTS, sign_in
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)
browser = console_browser.browser

# Words a French page never holds (each matched as a whole word, in what is shown).
ENGLISH = (
    "the",
    "and",
    "of",
    "with",
    "without",
    "is",
    "are",
    "not",
    "none",
    "null",
    "true",
    "false",
    "asleep",
    "awake",
    "closed",
    "announcement",
    "announcements",
    "workshop",
    "workshops",
    "screen",
    "screens",
    "settings",
    "object",
    "error",
    "warning",
    "fallback",
    "upcoming",
    "schedule",
    "event",
    "events",
    "left",
    "out",
    "repeats",
    "every",
    "expected",
    "missing",
    "unknown",
    "refused",
    "page",
    "pages",
    "yes",
    "no",
)
FRENCH_TOO = {"page", "pages"}  # the same word in French
WORDS = re.compile(r"\b(" + "|".join(w for w in ENGLISH if w not in FRENCH_TOO) + r")\b", re.I)
# What only a developer would recognise: a model's repr, a field name, an id of the
# content where its name belongs (a site, a partner), a Python value.
INTERNAL = re.compile(
    r"object \(\d+\)|\b[a-z]+_[a-z_]+\b|\b[A-Z][a-z]+[A-Z]\w+\b|"
    r"(?<!« )\b(maurepas|villejean|arcs|ccas|mediateurs)\b(?! »)|\bNone\b|\[\]|\{\}"
)
SKIP = re.compile(r"/(deconnexion|flux|admin)/|\.(png|csv|zip|pdf)(\?|$)|/mot-de-passe/[^/]+/")
WIDTHS = (360, 1280)
# What a look at a page reads in the browser: sideways scroll, the text shown, the bars
# of a chart (their right edge and height) and whether there is a chart.
LOOK = """() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    text: document.body.innerText,
    bars: [...document.querySelectorAll("svg rect.bar")].map(e => {
        const b = e.getBBox(); return [b.x + b.width, b.height];
    }),
    chart: document.querySelector("svg rect.plot-bg") !== null,
    cut: [...document.querySelectorAll("select")].filter(
        e => e.offsetParent !== null && e.selectedIndex >= 0
    ).map(e => {
        const style = getComputedStyle(e);
        const pen = document.createElement("canvas").getContext("2d");
        pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const shown = e.options[e.selectedIndex].text;
        // Its room: the box less its padding, borders and the arrow (about 1.5em).
        const room = e.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
        return pen.measureText(shown).width > room ? shown : null;
    }).filter(Boolean),
})"""


@dataclass
class Finding:
    problems: list[str] = field(default_factory=list)

    def add(self, role: str, width: int, url: str, what: str) -> None:
        self.problems.append(f"{role} {width}px {url}: {what}")


def _site_links(page: Any, base: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = set()
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _look(page: Any, role: str, width: int, url: str, findings: Finding, shots: Path) -> None:
    before = len(findings.problems)
    seen = page.evaluate(LOOK)  # one round trip to the browser per page and width
    if seen["overflow"] > 1:
        findings.add(role, width, url, f"scrolls sideways by {seen['overflow']} px")
    for shown in seen["cut"]:  # « Paysage 192… »: a choice read wrong
        findings.add(role, width, url, f"a list's choice cut: {shown!r}")
    text = seen["text"]
    for match in {m.group(0) for m in WORDS.finditer(text)}:
        findings.add(role, width, url, f"English word {match!r}")
    for match in {m.group(0) for m in INTERNAL.finditer(text)}:
        findings.add(role, width, url, f"internal identifier {match!r}")
    # A chart of the screen's days: its bars have a height the browser could read (a
    # French "0,4" in an SVG attribute draws nothing, silently), inside the chart (the
    # newest heartbeat's bar once fell past its right edge).
    drawn = [right for right, height in seen["bars"] if height > 0 and right <= 100]
    if seen["chart"] and not drawn:
        findings.add(role, width, url, f"the chart draws no bar ({len(seen['bars'])} rects)")
    # The pictures are for people to look at (SIGNAGE_CRAWL_SHOTS=1), and for any page
    # with a finding: a full-page capture of each of ~400 pages cost minutes in CI.
    if os.environ.get("SIGNAGE_CRAWL_SHOTS") == "1" or before != len(findings.problems):
        name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "accueil"
        page.screenshot(path=str(shots / f"{role}-{width}-{name}.png"), full_page=True)


def _send_forms_empty(page: Any) -> bool:
    """Send the page's main form with its fields emptied (its messages are pages too);
    only forms that save something, never one that publishes, deletes or stops."""
    danger = re.compile(
        r"publier|supprimer|révoquer|restaurer|arrêter|redémarrer|désactiver|réactiver|"
        r"lien|remplacer|synchroniser|capture|confirmer",
        re.I,
    )
    forms = page.query_selector_all("main form[method=post]")
    for form in forms:
        button = form.query_selector("button[type=submit]")
        if button is None or danger.search(button.inner_text()):
            continue
        if not button.is_visible():
            continue
        for box in form.query_selector_all("input[type=text], input[type=email], textarea"):
            if box.is_visible() and box.is_editable():
                box.fill("")
        button.click()
        page.wait_for_load_state("load")
        return True
    return False


def _people() -> dict[str, str]:
    """A person of each role (and two partners), as the seed names them."""
    Partner.objects.filter(slug="arcs").update(sites=["maurepas", "villejean"])
    member("admin", Role.ADMIN)
    member("referente", Role.REFERENT)
    Membership.objects.filter(user__username="referente").update(sites=["maurepas"])
    member("benevole", Role.PARTNER, partner="arcs")
    member("bibliotheque", Role.PARTNER, partner="mediateurs")
    Membership.objects.filter(user__username="bibliotheque").update(sites=["villejean"])
    member("lecteur", Role.VIEWER)
    return {
        "admin": "admin",
        "référent": "referente",
        "partenaire": "benevole",
        "partenaire limité": "bibliotheque",
        "lecteur": "lecteur",
    }


def _screen() -> Screen:
    screen, _ = Screen.register("Hall d'accueil", "maurepas")
    now = timezone.now()
    status = {
        "display": "awake",
        "heartbeat_minutes": 5,
        "current_slide": {"key": "0:semainier", "description": "semainier 1/2 — ESC Maurepas"},
        "content": {"sequence": None, "age_seconds": 30},
        "sync": {"last_error": None},
        "uptime_seconds": 4000,
    }
    Screen.objects.filter(pk=screen.pk).update(**seen_fields(now, status))
    Heartbeat.objects.create(
        screen=screen, received_at=now, showing=status["current_slide"]["description"]
    )
    return screen


@pytest.mark.timeout(1500)  # five people, two widths, every page: a few minutes
def test_every_page_is_french_and_fits_a_phone(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    record(publish())
    _screen()
    people = _people()
    shots = SHOTS / "crawl"
    shots.mkdir(parents=True, exist_ok=True)
    findings = Finding()
    visited = 0
    for role, name in people.items():
        # Each page is loaded once and looked at in both widths (the viewport resized:
        # the browser lays the same page out again), its forms sent at the phone's.
        page = browser.new_page(viewport={"width": WIDTHS[0], "height": 900})
        sign_in(page, live_server.url, name)
        queue, seen = ["/"], set()
        shapes: dict[str, int] = {}
        while queue and len(seen) < 80:
            url = queue.pop(0)
            # A page's shape: its path with numbers as N, its query's keys without
            # their values (a week, a room, a free period: the same page).
            shape = re.sub(r"=[^&]*", "=", re.sub(r"\d+", "N", url))
            if url in seen or shapes.get(shape, 0) >= 2:
                continue  # two records of a kind, two weeks of the report: enough
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(url)
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            for width in reversed(WIDTHS):  # the phone's width last: forms are sent there
                page.set_viewport_size({"width": width, "height": 900})
                _look(page, role, width, url, findings, shots)
            queue += sorted(_site_links(page, live_server.url) - seen)
            if _send_forms_empty(page):
                _look(page, role, WIDTHS[0], f"{url} (sent empty)", findings, shots)
        visited += len(seen)
        page.close()
    for path in ("/nulle-part/", "/affichages/?semaine=un-jour"):
        page = browser.new_page(viewport={"width": 360, "height": 900})
        sign_in(page, live_server.url, "lecteur")
        page.goto(f"{live_server.url}{path}")
        _look(page, "lecteur", 360, path, findings, shots)
        page.close()
    assert visited > 60  # the crawl did reach the pages
    assert findings.problems == [], "\n".join(sorted(set(findings.problems)))
