"""Issue 29 as people do it, in Debian's Chromium: the Villejean library saves a workshop
for Villejean, the Villejean referent validates it from a 390-px page, it is published
and a real player (its clock pinned to the workshop's morning) shows it; a 120-word
announcement with « CAF » gets its reading advice while it is typed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytestqt.qtbot import QtBot

from signage.clock import FixedClock
from signage.config import load_config
from signage.console.content.models import SiteApproval
from signage.console.content.publishing import public_key
from signage.console.models import ContentRecord, Role
from signage.console.people.models import Partner
from signage.player.app import Player
from signage.slides import AgendaSlide
from tests import console_browser
from tests.console_browser import SHOTS, sign_in
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)
browser = console_browser.browser
PARIS = ZoneInfo("Europe/Paris")
TITLE = "Créer son adresse e-mail"


def _library() -> None:
    Partner.objects.create(
        slug="bibliotheque",
        name="Bibliothèque de Villejean",
        kinds=["workshops", "announcements"],
        sites=["villejean"],
    )
    SiteApproval.objects.create(site="villejean", kinds=["atelier", "annonce"])
    member("lea", Role.PARTNER, partner="bibliotheque")
    member("marc", Role.REFERENT, sites=["villejean"])


def test_a_library_workshop_is_validated_from_a_phone_and_shown_by_a_real_player(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path, qtbot: QtBot
) -> None:
    with_example(settings, tmp_path)
    _library()
    SHOTS.mkdir(parents=True, exist_ok=True)
    # A Tuesday at least two days away, never Christmas (the site is closed then).
    day = timezone.localdate() + timedelta(days=2)
    while day.isoweekday() != 2 or (day.month, day.day) == (12, 25):
        day += timedelta(days=1)
    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(desk, live_server.url, "lea")
    desk.goto(f"{live_server.url}/contenu/atelier/nouveau/")
    assert "passent par la validation du référent du site" in desk.content()
    desk.get_by_label("Titre").fill(TITLE)
    desk.get_by_label("Date").fill(day.strftime("%d/%m/%Y"))
    desk.get_by_label("Début").fill("14h")
    desk.get_by_label("Fin").fill("16h")
    desk.get_by_role("button", name="Enregistrer et envoyer").click()
    assert "Il attend la validation du référent de ESC Villejean" in desk.content()
    desk.goto(f"{live_server.url}/contenu/atelier/")
    assert "par le référent de ESC Villejean" in desk.content()
    desk.screenshot(path=str(SHOTS / "approval-partner-list.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, live_server.url, "marc")
    phone.get_by_role("link", name="1 proposition de partenaires pour vos écrans").click()
    card = phone.locator("li.proposal", has_text=TITLE)
    assert "Bibliothèque de Villejean" in card.inner_text()
    # The preview of Villejean's slide is drawn (an image that loaded, not a broken one).
    image = card.get_by_role("img")
    image.scroll_into_view_if_needed()
    phone.wait_for_function(
        "i => i.complete && i.naturalWidth === 1280", arg=image.element_handle()
    )
    button = card.get_by_role("button", name="Valider pour ESC Villejean")
    box = button.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 44  # one thumb
    phone.screenshot(path=str(SHOTS / "approval-referent-phone.png"), full_page=True)
    button.click()
    assert "est validé pour ESC Villejean : publié" in phone.content()
    assert "Rien à valider" in phone.content()
    record = ContentRecord.objects.get(kind="atelier", owner="bibliotheque")
    assert record.approvals["villejean"]["ok"] and record.approvals["villejean"]["by"] == "marc"

    config = tmp_path / "screen.toml"
    config.write_text(
        f'[site]\nid = "villejean"\n\n[source]\nfeed = "{live_server.url}/flux/feed.json"\n'
        f'public_key = "{public_key()}"\n\n[[playlist]]\nkind = "agenda"\nduration = 20\n',
        "utf-8",
    )
    player = Player(
        load_config(config), windowed=True, clock=FixedClock(datetime.combine(day, time(10), PARIS))
    )
    player.start()
    try:

        def shown() -> bool:
            slide = player.rotation.current
            return isinstance(slide, AgendaSlide) and any(
                w.title.pick("fr") == TITLE for w in slide.workshops
            )

        qtbot.waitUntil(shown, timeout=30_000)
        player.stage.grab_frame().save(str(SHOTS / "approval-player-agenda.png"))
    finally:
        player.stop()
    desk.goto(f"{live_server.url}/contenu/atelier/")
    assert "publié le" in desk.content()


def test_reading_advice_appears_while_a_long_announcement_is_typed(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    _library()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "lea")
    page.goto(f"{live_server.url}/contenu/annonce/nouveau/")
    page.get_by_label("Titre").fill("Permanence de la CAF à la bibliothèque")
    sentence = "Un conseiller vous aide pour vos démarches en ligne et vos papiers. "
    body = (sentence * 10).strip()  # 120 words
    assert len(body.split()) == 120
    page.get_by_label("Texte").fill(body)
    advice = page.locator("#conseils")
    # Title and text: 127 words, about 127 s, for a slide shown 20 s (the default).
    advice.get_by_text("demande environ 127 s de lecture").wait_for(timeout=10_000)
    said = advice.inner_text()
    assert "la diapositive reste 20 s à l'écran" in said
    assert "CAF" in said and "Caisse d'allocations familiales" in said
    assert not ContentRecord.objects.filter(kind="annonce", owner="bibliotheque").exists()
    page.screenshot(path=str(SHOTS / "approval-advice-phone.png"), full_page=True)
