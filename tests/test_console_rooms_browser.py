"""Issue 28 as people do it, in Debian's Chromium at a phone's width: at the demo's ESC
Maurepas a partner finds a free slot of the digital space on the next Friday morning,
books it, and once published a real player (its clock pinned to that Friday) shows it on
its semainier, now."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import load_config
from signage.console.content.publishing import public_key, publish
from signage.console.models import ContentRecord, Role
from signage.console.people.models import Partner
from signage.player.app import Player
from signage.slides import SemainierSlide, SlotState
from tests import console_browser
from tests.console_browser import SHOTS, sign_in
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)
browser = console_browser.browser
PARIS = ZoneInfo("Europe/Paris")


def test_a_partner_books_next_friday_morning_and_the_hall_screen_shows_it(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path, qtbot: QtBot
) -> None:
    with_example(settings, tmp_path)
    Partner.objects.create(
        slug="plume", name="La Plume", kinds=["bookings"], sites=["maurepas"], calendar_hosts=[]
    )
    member("plume", Role.PARTNER, partner="plume")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "plume")
    page.get_by_role("link", name="Salles").click()
    page.get_by_role("link", name="Espace numérique — ESC Maurepas").click()
    fridays = page.locator("section.room-day:not(.closed)", has_text="Vendredi")
    if not fridays.count():
        page.get_by_role("link", name="Semaine suivante").click()  # a closed Friday
    friday = page.locator("section.room-day:not(.closed)", has_text="Vendredi").first
    heading = friday.locator("h3").inner_text()
    # The volunteers' workshop holds 9 h 30 – 11 h 30: the end of the morning is free.
    slot = friday.locator("li.free", has_text="11\u00a0h\u00a030 – 12\u00a0h\u00a030")
    page.screenshot(path=str(SHOTS / "rooms-phone.png"), full_page=True)
    slot.get_by_role("link", name="Réserver ce créneau").click()
    assert page.get_by_label("Début").input_value() == "11h30"
    assert page.get_by_label("Fin").input_value() == "12h30"
    page.get_by_label("Pour quoi").fill("Atelier d'écriture")
    page.get_by_label("Ouvert au public", exact=False).check()
    page.get_by_label("J'ai lu les règles d'usage", exact=False).check()
    page.screenshot(path=str(SHOTS / "booking-phone.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    assert "est enregistré" in page.content()
    record = ContentRecord.objects.get(kind="reservation", owner="plume")
    day = date.fromisoformat(record.values["date"])
    assert day.isoweekday() == 5 and str(day.day) in heading

    assert not publish().problems  # published as it was saved
    config = tmp_path / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n\n[source]\nfeed = "{live_server.url}/flux/feed.json"\n'
        f'public_key = "{public_key()}"\n\n[[playlist]]\nkind = "semainier"\nduration = 20\n',
        "utf-8",
    )
    clock = FixedClock(datetime.combine(day, time(11, 40), PARIS))
    player = Player(load_config(config), windowed=True, clock=clock)
    player.start()
    try:

        def shown() -> bool:
            slide = player.rotation.current
            return isinstance(slide, SemainierSlide) and any(
                v.slot.title.pick("fr") == "Atelier d'écriture" and v.state is SlotState.NOW
                for v in slide.slots
            )

        qtbot.waitUntil(shown, timeout=30_000)
        slide = player.rotation.current
        assert isinstance(slide, SemainierSlide)
        (view,) = [v for v in slide.slots if v.slot.title.pick("fr") == "Atelier d'écriture"]
        assert view.slot.partner == "La Plume" and view.slot.room == "Espace numérique"
        player.stage.grab_frame().save(str(SHOTS / "rooms-player-semainier.png"))
    finally:
        player.stop()
    assert re.search(r"Vendredi \d+", heading)


def test_a_referent_approves_a_booking_from_a_phone(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    Partner.objects.create(
        slug="plume", name="La Plume", kinds=["bookings"], sites=["maurepas"], calendar_hosts=[]
    )
    member("nadia", Role.REFERENT, sites=["maurepas"])
    waiting = ContentRecord.objects.create(
        owner="plume",
        kind="reservation",
        review="pending",
        values={
            "room": "salle-groupe",
            "partner": "La Plume",
            "title": "Atelier d'écriture",
            "public": True,
            "weekday": "wednesday",
            "start": "10:00",
            "end": "12:00",
        },
    )
    assert publish().published
    assert "Atelier d'écriture" not in (out / "feed.json").read_text("utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "nadia")
    page.get_by_role("link", name="Salles").click()
    section = page.locator("section.waiting")
    assert "Atelier d'écriture — La Plume" in section.inner_text()
    assert "Salle de groupe — ESC Maurepas · chaque mercredi" in section.inner_text()
    page.screenshot(path=str(SHOTS / "rooms-approve-phone.png"), full_page=True)
    section.get_by_role("button", name="Valider").click()
    assert "validée : publié" in page.content()  # « Valider » publishes at once
    waiting.refresh_from_db()
    assert waiting.review == "" and waiting.reviewed_by is not None
    assert "Atelier d'écriture" in (out / "feed.json").read_text("utf-8")
