"""What issue 15 calls done, as a newcomer does it: start the README's demo
(``./run-demo``), sign in with the printed login, change the wifi password of ESC
Maurepas, see it in the preview's QR code, publish, and watch the demo player show the
new password (its QR code, read from the running player's screenshot)."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from tests import console_browser
from tests.console_http import start_demo

ROOT = Path(__file__).resolve().parents[1]
browser = console_browser.browser
PASSWORD = "Bienvenue-ESC-2026"


def _qr_texts(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.timeout(420)  # a sync (every minute) and a whole rotation (about 95 s)
def test_a_newcomer_changes_the_wifi_password_and_the_demo_screen_shows_it(
    browser: Any, tmp_path: Path
) -> None:
    demo = start_demo(tmp_path)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{demo.base}/")
        page.get_by_label("Nom d'utilisateur").fill(demo.user)
        page.get_by_label("Mot de passe").fill(demo.password)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("link", name="Contenu", exact=True).click()
        page.get_by_role("link", name="Wifis").click()
        page.get_by_role("link", name="ARCS-Maurepas-Public").click()
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Voir l'aperçu").click()
        source = page.locator("#apercu").get_attribute("src") or ""
        preview = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1])))
        assert any(f"P:{PASSWORD};" in text for text in _qr_texts(preview))
        page.get_by_role("button", name="Enregistrer").click()
        # Saved is published: no other step between the form and the screens.
        assert "est enregistré : publié" in page.locator(".messages").inner_text()

        config = tmp_path / "cache" / "esc-signage" / "demo" / "demo-console.toml"
        shot = tmp_path / "screen.png"
        command = [sys.executable, "-m", "signage", "screenshot", "--config", str(config)]
        deadline = time.monotonic() + 240
        seen: list[str] = []
        while time.monotonic() < deadline:
            assert demo.process.poll() is None, "the demo stopped"
            taken = subprocess.run(
                [*command, "--out", str(shot)],
                env=demo.env,
                capture_output=True,
                timeout=30,
                check=False,
            )
            if taken.returncode == 0:
                seen = _qr_texts(Image.open(shot).convert("RGB"))
                if any(f"P:{PASSWORD};" in text for text in seen):
                    return
            time.sleep(2)
        pytest.fail(f"the demo player never showed the new password (last QR codes: {seen})")
    finally:
        demo.stop()
