"""The console as a person uses it (issue 14), in Debian's Chromium driven by Playwright:
an admin signs in, registers a screen, a real player (``signage run`` offscreen) sends
heartbeats to it, and the fleet page shows it online with its screenshot, then late and
offline once it stops. Pages are captured at phone and desktop widths."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from signage.console.fleet.state import seen_fields
from signage.console.models import Heartbeat, Membership, Role, Screen
from signage.resources import assets_dir
from tests import console_browser
from tests.console_browser import PASSWORD, SHOTS, player

pytestmark = pytest.mark.django_db(transaction=True)
browser = console_browser.browser  # the fixture, shared with the content tests


def test_an_admin_registers_a_screen_and_sees_it_live(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.PUBLISHED_FEED = str(assets_dir() / "demo" / "feed.json")
    user = get_user_model().objects.create_superuser("admin", "", PASSWORD)
    Membership.objects.create(user=user, role=Role.ADMIN)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Nom d'utilisateur").fill("admin")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Ajouter un écran").click()
    page.get_by_role("link", name="Obtenir un jeton pour ses signes de vie").click()
    page.get_by_label("Nom de l'écran").fill("Hall d'accueil")
    page.get_by_label("Site").select_option("maurepas")
    page.get_by_role("button", name="Enregistrer et obtenir le jeton").click()
    config_text = page.locator("pre#config").inner_text()
    assert "token = " in config_text and "minutes = 5" in config_text
    config_text = config_text.replace("minutes = 5", "minutes = 1")  # late after 2.5 min
    page.screenshot(path=str(SHOTS / "token-desktop.png"), full_page=True)

    # The demo screen's config (its playlist), with the console's heartbeat section.
    config = tmp_path / "screen.toml"
    demo = (Path.cwd() / "config" / "demo.toml").read_text()
    feed = assets_dir() / "demo" / "feed.json"
    demo = demo.replace('feed = "../assets/demo/feed.json"', f'feed = "{feed}"')
    config.write_text(f"{demo}\n{config_text}\n")
    running = player(config, tmp_path)
    try:
        deadline = time.monotonic() + 60
        # The first slide's heartbeat, then the first content's (after its fade).
        while time.monotonic() < deadline and Heartbeat.objects.count() < 2:
            assert running.poll() is None, "the player stopped"
            time.sleep(0.5)
        screen = Screen.objects.get()
        beats = list(screen.heartbeats.values_list("showing", "screenshot"))
        assert len(beats) >= 2, f"heartbeats in 60 s: {beats}"
    finally:
        running.terminate()
        running.wait(20)

    page.goto(f"{live_server.url}/")
    card = page.locator("li.card", has_text="Hall d'accueil")
    assert "en ligne" in card.inner_text()
    image = card.locator("img")
    # Lazily loaded, and the newest picture may still be on its way: wait for it.
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15000
    )
    page.screenshot(path=str(SHOTS / "fleet-desktop.png"), full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/ecrans/{screen.pk}/")
    phone.screenshot(path=str(SHOTS / "screen-phone.png"), full_page=True)

    # The player stopped: its heartbeats (every minute here) no longer come.
    for minutes, words in ((3, "en retard"), (10, "hors ligne")):
        screen.refresh_from_db()
        silent = seen_fields(timezone.now() - timedelta(minutes=minutes), screen.last_status)
        Screen.objects.filter(pk=screen.pk).update(**silent)
        page.goto(f"{live_server.url}/")
        assert words in page.locator("li.card", has_text="Hall d'accueil").inner_text()
        assert "À voir" in page.content()
    page.screenshot(path=str(SHOTS / "fleet-offline-desktop.png"), full_page=True)
    phone.goto(f"{live_server.url}/")
    phone.screenshot(path=str(SHOTS / "fleet-phone.png"), full_page=True)


def test_a_viewer_is_refused_admin_pages_and_guessing_is_throttled(
    browser: Any, live_server: Any
) -> None:
    user = get_user_model().objects.create_user("lecteur", "", PASSWORD)
    Membership.objects.create(user=user, role=Role.VIEWER)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/connexion/")
    for _ in range(5):
        page.get_by_label("Nom d'utilisateur").fill("lecteur")
        page.get_by_label("Mot de passe").fill("pas le bon")
        page.get_by_role("button", name="Se connecter").click()
    assert "Trop d'essais" in page.content()
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d'utilisateur").fill("lecteur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert "Trop d'essais" in page.content()  # the right password is refused too, for now
    page.screenshot(path=str(SHOTS / "locked-phone.png"), full_page=True)
    from axes.utils import reset  # noqa: PLC0415

    reset(username="lecteur")
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d'utilisateur").fill("lecteur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("heading", name="Écrans").is_visible()
    assert page.get_by_role("link", name="Journal").count() == 0  # not offered
    answer = page.goto(f"{live_server.url}/journal/")
    assert answer is not None and answer.status == 403
    assert "Accès refusé" in page.content()
    admin = page.goto(f"{live_server.url}/admin/")
    assert admin is not None and "/admin/login/" in page.url  # Django's admin: staff only


def test_pages_load_without_a_content_security_policy_refusal(
    browser: Any, live_server: Any, settings: Any
) -> None:
    # htmx added an inline <style> at every page, which the CSP refused: one console
    # error per page, and its request indicators unstyled.
    settings.PUBLISHED_FEED = str(assets_dir() / "demo" / "feed.json")
    user = get_user_model().objects.create_superuser("admin", "", PASSWORD)
    Membership.objects.create(user=user, role=Role.ADMIN)
    page = browser.new_page(viewport={"width": 390, "height": 800})
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Nom d'utilisateur").fill("admin")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    for path in ("/", "/affichages/", "/contenu/", "/publier/", "/journal/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof htmx") == "object", path  # htmx did load
    refused = [text for text in said if "Content Security Policy" in text]
    assert refused == [], refused
