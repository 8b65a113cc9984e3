"""The README's demo command shows the whole system (issue 14): ``./run-demo`` starts the
console with the demo login and the demo screen, and the player, whose heartbeats make
the screen appear online with its screenshot; what a visitor tried (an urgent message
left on) does not greet the next one."""

from __future__ import annotations

import time
from pathlib import Path

import requests

from tests.console_http import CSRF, sign_in, start_demo

ON_NOW = "Message urgent à l'écran"


def _send_urgent(session: requests.Session, base: str) -> str:
    home = session.get(f"{base}/", timeout=10).text
    token = CSRF.search(home)
    assert token is not None
    fields = {"title": "Fermé cet après-midi", "sites": "maurepas", "until": "arret"}
    sent = session.post(
        f"{base}/urgent/",
        {**fields, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/"},
        timeout=30,
    )
    return sent.text


def test_run_demo_starts_the_console_and_a_screen_reporting_to_it(tmp_path: Path) -> None:
    demo = start_demo(tmp_path)
    try:
        session = requests.Session()
        sign_in(session, demo.base, demo.user, demo.password)
        deadline = time.monotonic() + 60
        fleet = ""
        while time.monotonic() < deadline:
            fleet = session.get(f"{demo.base}/", timeout=10).text
            if "en ligne" in fleet and "/capture/last.png" in fleet:
                break
            time.sleep(1)
        assert "Écran de démonstration" in fleet and "en ligne" in fleet, fleet[-2000:]
        assert "ESC Maurepas" in fleet
        assert ON_NOW in _send_urgent(session, demo.base)
    finally:
        demo.stop()
    # The next visitor's demo, on the same machine: the demo's own content again.
    again = start_demo(tmp_path)
    try:
        session = requests.Session()
        sign_in(session, again.base, again.user, again.password)
        home = session.get(f"{again.base}/", timeout=10).text
        assert "Écran de démonstration" in home and ON_NOW not in home
    finally:
        again.stop()
