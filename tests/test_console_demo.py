"""The README's demo command shows the whole system (issue 14): ``./run-demo`` starts the
console with the demo login and the demo screen, and the player, whose heartbeats make
the screen appear online with its screenshot."""

from __future__ import annotations

import time
from pathlib import Path

import requests

from tests.console_http import sign_in, start_demo


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
    finally:
        demo.stop()
