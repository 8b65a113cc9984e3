"""Issue 30 as a visitor does it: a real player's semainier carries a QR code; decoded
from its frame (as a phone at 1.5 m would see it), it leads to the site's page, served
beside the feed by the console; in Debian's Chromium, its clock at the player's, the
page shows the same day, now and next, with no axe-core violation at 390 and 1280 px,
readable at 320 px and at 200 % zoom without scrolling sideways."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from PIL import Image, ImageFilter
from PySide6.QtCore import QBuffer, QIODevice
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import load_config
from signage.console.content.publishing import public_key, publish
from signage.player.app import Player
from signage.slides import SemainierSlide, SlotState
from tests import console_browser
from tests.console_browser import SHOTS
from tests.console_content import with_example

pytestmark = pytest.mark.django_db(transaction=True)
browser = console_browser.browser
PARIS = ZoneInfo("Europe/Paris")


def _violations(page: Any) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def _no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def _a_weekday_morning() -> datetime:
    """10:40 on the next weekday (Monday to Friday) within the pages' week."""
    day = timezone.localdate() + timedelta(days=1)
    while day.isoweekday() > 5 or (day.month, day.day) in {(12, 25), (1, 1)}:
        day += timedelta(days=1)
    return datetime.combine(day, time(10, 40), PARIS)


def _seen_by_a_phone(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    scale = 768 / max(image.size)
    small = image.resize((round(image.width * scale), round(image.height * scale)))
    return small.filter(ImageFilter.GaussianBlur(0.6))


def test_a_visitor_scans_the_semainier_and_reads_the_same_day_on_a_phone(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path, qtbot: QtBot
) -> None:
    with_example(settings, tmp_path)
    assert not publish().problems
    SHOTS.mkdir(parents=True, exist_ok=True)
    moment = _a_weekday_morning()
    config = tmp_path / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n\n[source]\nfeed = "{live_server.url}/flux/feed.json"\n'
        f'public_key = "{public_key()}"\n\n[[playlist]]\nkind = "semainier"\nduration = 20\n',
        "utf-8",
    )
    player = Player(load_config(config), windowed=True, clock=FixedClock(moment))
    player.start()
    try:
        qtbot.waitUntil(lambda: isinstance(player.rotation.current, SemainierSlide), timeout=30_000)
        slide = player.rotation.current
        assert isinstance(slide, SemainierSlide) and slide.phone is not None
        shot: dict[str, Any] = {}

        def scanned() -> bool:  # once the cross-fade to the semainier is over
            frame = player.stage.grab_frame()
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            frame.save(buffer, "PNG")
            shot["png"] = bytes(buffer.data().data())
            shot["codes"] = zxingcpp.read_barcodes(_seen_by_a_phone(shot["png"]))
            return bool(shot["codes"])

        qtbot.waitUntil(scanned, timeout=15_000)
    finally:
        player.stop()
    png = shot["png"]
    (SHOTS / "phone-player-semainier.png").write_bytes(png)
    (code,) = shot["codes"]
    assert code.text == f"{live_server.url}/flux/telephone/maurepas.html"
    on_screen = {
        state: [v.slot.title.pick("fr") for v in slide.slots if v.state is state]
        for state in (SlotState.NOW, SlotState.NEXT)
    }
    assert on_screen[SlotState.NOW] or on_screen[SlotState.NEXT]

    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.clock.set_fixed_time(moment)
        answer = page.goto(code.text)
        assert answer is not None and answer.status == 200
        assert answer.headers["content-type"].startswith("text/html")
        today = page.locator("section.day:not([hidden])").first
        heading = today.locator("h3").inner_text()
        assert heading.startswith("Aujourd'hui") and str(moment.day) in heading
        marked = {
            state: today.locator(f"li.slot.{name} .what").all_inner_texts()
            for state, name in ((SlotState.NOW, "now"), (SlotState.NEXT, "next"))
        }
        assert marked == on_screen
        assert _violations(page) == []
        # The wifi's code, for a companion's phone: it joins the network shown above it.
        code_shot = page.locator(".wifi-qr svg").first.screenshot()
        (joined,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(code_shot)))
        assert joined.text.startswith("WIFI:") and "S:ARCS-Maurepas-Public;" in joined.text
        page.screenshot(path=str(SHOTS / f"phone-page-{width}.png"), full_page=True)
        context.close()


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_pages_are_accessible_at_every_width_and_zoom(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path, language: str
) -> None:
    with_example(settings, tmp_path)
    assert not publish().problems
    suffix = "" if language == "fr" else f".{language}"
    address = f"{live_server.url}/flux/telephone/villejean{suffix}.html"
    for width in (320, 390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(address)
        assert page.locator("html").get_attribute("lang") == language
        assert _violations(page) == [], width
        assert _no_sideways_scroll(page), f"scrolls sideways at {width} px"
        if width == 390:
            # 200 % zoom: the page reflows, nothing needs a sideways scroll.
            page.evaluate("document.documentElement.style.zoom = '2'")
            assert _no_sideways_scroll(page), "scrolls sideways at 200 %"
        context.close()
    # Another language is one tap away, named in its own language.
    page = browser.new_page()
    page.goto(address)
    others = page.get_by_role(
        "navigation", name=page.locator("nav").first.get_attribute("aria-label")
    )
    assert others.get_by_role("link").count() == 2
