"""A screen set up with ``signage install --console URL`` and configured entirely from a
browser (issue 16), for real: the player (offscreen) shows a pairing code, a referent
types it in Chromium, the screen takes its site and sends heartbeats, a full-size
capture asked from its page arrives within seconds, a playlist set in the console
changes what it shows, an urgent message published from the console reaches it within
the bound (measured), a restart asked from the page restarts it, and revoking it sends
it back to its pairing code."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from django.test import Client
from django.utils import timezone
from PIL import Image

from signage.console.content.publishing import publish, record
from signage.console.models import Membership, Publication, Role, Screen
from tests import console_browser
from tests.console_browser import SHOTS, sign_in, wait_for
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)

browser = console_browser.browser


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _json(path: Path) -> dict[str, Any]:
    try:
        found: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found


class Pi:
    """A fresh machine: its home, ``signage install --console``, ``signage run``."""

    def __init__(self, home: Path, console: str) -> None:
        self.home = home
        self.env = {
            **os.environ,
            "HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_RUNTIME_DIR": str(home),
            "PYTHONPATH": str(Path.cwd()),
            "PATH": "/usr/bin:/bin",  # no systemctl for this user: install says so
        }
        self.config = home / ".config" / "esc-signage" / "screen.toml"
        install = [sys.executable, "-m", "signage", "install", "--console", console]
        done = subprocess.run(
            install, check=False, env=self.env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        self.installed = done.stdout
        self.console_folder = home / "state" / "esc-signage" / "screen-console"
        self.process: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        with (self.home / "player.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "signage",
                    "run",
                    "--config",
                    str(self.config),
                    "--windowed",
                ],
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)

    @property
    def code(self) -> str:
        return str(_json(self.console_folder / "pairing.json").get("code", ""))

    def status(self) -> dict[str, Any]:
        return _json(self.home / "state" / "esc-signage" / "maurepas" / "status.json")

    def log(self) -> str:
        return (self.home / "player.log").read_text("utf-8", "replace")[-3000:]


def _capture(page: Any, pi: Pi) -> tuple[Image.Image, float]:
    """Ask for a full-size capture from the screen's page; it and how long it took."""

    def newest() -> str | None:
        found = page.locator("img.capture")
        return found.first.get_attribute("src") if found.count() else None

    before = newest()
    began = time.monotonic()
    page.get_by_role("button", name="Capture d'écran maintenant").click()
    # The page shows the newest capture whole (older ones as links): wait for a new one.
    wait_for(lambda: newest() not in (None, before), 40, f"no capture came back ({pi.log()})")
    seconds = time.monotonic() - began
    source = newest()
    data = page.request.get(f"{page.url.split('/ecrans/')[0]}{source}").body()
    return Image.open(io.BytesIO(data)).convert("RGB"), seconds


@pytest.mark.timeout(420)
def test_a_screen_is_enrolled_and_configured_from_the_browser(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    record(publish())
    referent = member("referente", Role.REFERENT)
    Membership.objects.filter(user__username="referente").update(sites=["maurepas"])
    del referent
    member("admin", Role.ADMIN)
    pi = Pi(tmp_path / "pi", live_server.url)
    assert "managed from" in pi.installed and "[console]" in pi.config.read_text()
    pi.run()
    try:
        code = wait_for(lambda: pi.code, 30, f"no pairing code shown ({pi.log()})")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in(page, live_server.url, "referente")
        page.get_by_role("link", name="Ajouter un écran").click()
        page.get_by_label("Code affiché sur l'écran").fill(f"{code[:3]} {code[3:].lower()}")
        page.get_by_label("Site").select_option(label="ESC Maurepas")
        page.get_by_label("Nom de l'écran").fill("Hall d'accueil")
        _shot(page, "pair-desktop")
        began = time.monotonic()
        page.get_by_role("button", name="Associer l'écran").click()
        assert "est associé" in page.locator(".messages").inner_text()
        screen = Screen.objects.get(name="Hall d'accueil")
        wait_for(
            lambda: Screen.objects.get(pk=screen.pk).last_seen is not None,
            60,
            f"the paired screen sent no heartbeat ({pi.log()})",
        )
        paired_in = time.monotonic() - began
        assert pi.status()["site"]["id"] == "maurepas"

        # A full-size capture, asked from the page, shown there within seconds.
        page.reload()
        first, took = _capture(page, pi)
        assert first.size == (1280, 720) and took < 20, (first.size, took)

        # The playlist set in the console: the screen shows the wifi poster only.
        page.get_by_role("link", name="Réglages de cet écran").click()
        page.get_by_label("Diapositive 1").select_option(label="Affiche wifi")
        page.get_by_label("Durée (secondes)").first.fill("12")
        _shot(page, "screen-settings-desktop")
        page.get_by_role("button", name="Enregistrer les réglages").click()
        assert "Réglages enregistrés" in page.locator(".messages").inner_text()

        def wifi_shown() -> bool:
            current = pi.status().get("current_slide") or {}
            return str(current.get("description", "")).startswith("wifi")

        wait_for(wifi_shown, 60, f"the console's playlist was not applied ({pi.log()})")
        second, _ = _capture(page, pi)
        (qr,) = zxingcpp.read_barcodes(second)
        assert qr.text.startswith("WIFI:")
        _shot(page, "screen-page-desktop")

        # An urgent message from the admin's phone: on the screen within the bound.
        admin = browser.new_page(viewport={"width": 390, "height": 844})
        sign_in(admin, live_server.url, "admin")
        admin.get_by_text("Publier un message urgent").click()
        admin.get_by_label("Message", exact=True).fill("Fermeture exceptionnelle à 15 h")
        admin.get_by_label("ESC Maurepas").check()
        sent = time.monotonic()
        admin.get_by_role("button", name="Publier le message urgent").click()

        def urgent_shown() -> bool:
            current = pi.status().get("current_slide") or {}
            return str(current.get("key", "")).startswith("urgent:")

        wait_for(urgent_shown, 30, f"the urgent message did not reach the screen ({pi.log()})")
        urgent_in = time.monotonic() - sent

        # The screen says at once which publication it took (a heartbeat on new content,
        # not at its next interval): its page names it, the home page calls it up to date.
        newest = Publication.objects.order_by("-number").first()
        assert newest is not None

        def told() -> bool:
            status = Screen.objects.get(pk=screen.pk).last_status
            return (status.get("content") or {}).get("sequence") == newest.sequence

        wait_for(told, 15, f"no heartbeat said the new publication ({pi.log()})")
        page.goto(f"{live_server.url}/ecrans/{screen.pk}/")
        assert f"à jour (publication n° {newest.number})" in page.locator("main").inner_text()
        admin.goto(f"{live_server.url}/")
        home = admin.locator("main").inner_text()
        assert "Contenu : à jour" in home and "en retard" not in home

        # A restart asked from the page: the same screen, a new process.
        page.goto(f"{live_server.url}/ecrans/{screen.pk}/")
        clicked = time.monotonic()
        page.get_by_role("button", name="Redémarrer le lecteur").click()
        wait_for(
            lambda: "lecteur redémarré" in page.locator("#actions-list").inner_text(),
            30,
            f"the restart was not done ({pi.log()})",
        )

        # Its uptime starts again (the same process number: it replaced itself, so
        # systemd's watchdog and the unit's state follow it).
        def started_since_the_click() -> bool:
            uptime = pi.status().get("uptime_seconds")
            return isinstance(uptime, int) and uptime < time.monotonic() - clicked - 1

        wait_for(started_since_the_click, 40, f"the player did not start again ({pi.log()})")

        # Revoked: it shows a pairing code again.
        old = pi.code
        page.get_by_role("button", name="Révoquer « Hall d'accueil »").click()
        wait_for(lambda: pi.code and pi.code != old, 40, f"no new pairing code ({pi.log()})")
        print(
            f"paired → first heartbeat {paired_in:.1f} s; capture {took:.1f} s; "
            f"urgent on screen {urgent_in:.1f} s"
        )
    finally:
        pi.stop()


def test_a_partner_reads_how_often_its_items_were_shown_on_a_phone(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    record(publish())
    wifi = json.loads((out / "feed.json").read_bytes())["wifi"][0]["id"]
    screen, token = Screen.register("Hall d'accueil", "maurepas")
    # In service for three hours: time enough for the 412 showings of 12 s counted below.
    Screen.objects.filter(pk=screen.pk).update(created_at=timezone.now() - timedelta(hours=3))
    for shows in (250, 162):
        status = {
            "display": "awake",
            "shown": {
                "since": "x",
                "rows": [["wifi", "", shows, shows * 12.0], ["wifi", wifi, shows, shows * 12.0]],
            },
        }
        answer = Client().post(
            "/api/v1/heartbeat",
            {"status": io.BytesIO(json.dumps(status).encode())},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert answer.status_code == 201
    member("arcs", Role.PARTNER, partner="arcs")
    member("admin", Role.ADMIN)
    for name, width in (("arcs", 390), ("admin", 1280)):
        page = browser.new_page(viewport={"width": width, "height": 844})
        sign_in(page, live_server.url, name)
        page.get_by_role("link", name="Affichages").click()
        text = page.locator("main").inner_text()
        assert "ARCS-Maurepas-Public" in text and "412" in text
        if name == "arcs":
            assert (
                "Vos affiches wifi ont été affichées 412 fois cette semaine à l'ESC Maurepas."
                in text
            )
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger (tableur)").click()
        sheet = Path(download.value.path()).read_text("utf-8-sig")
        assert f"{wifi};" in sheet and ";412;" in sheet
        _shot(page, f"report-{'phone' if width < 500 else 'desktop'}")
        if name == "admin":
            page.goto(f"{live_server.url}/ecrans/associer/")
            _shot(page, "pair-desktop-empty")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.context.add_cookies(page.context.cookies())
            phone.goto(f"{live_server.url}/ecrans/associer/")
            _shot(phone, "pair-phone")
            phone.goto(f"{live_server.url}/sites/maurepas/reglages/")
            assert "Liste de lecture" in phone.content()
            _shot(phone, "site-settings-phone")
