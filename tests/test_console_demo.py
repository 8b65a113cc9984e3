"""The README's demo command shows the whole system (issue 14): ``./run-demo`` starts the
console with the demo login and the demo screen, and the player, whose heartbeats make
the screen appear online with its screenshot."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import requests

from tests.console_http import free_port, sign_in

ROOT = Path(__file__).resolve().parents[1]


def test_run_demo_starts_the_console_and_a_screen_reporting_to_it(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SIGNAGE_DEMO_PORT": str(port),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    env.pop("SIGNAGE_CONSOLE_STATE", None)
    env.pop("DATABASE_URL", None)
    demo = subprocess.Popen(
        [str(ROOT / "run-demo")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert demo.stdout is not None
        lines = [demo.stdout.readline() for _ in range(2)]
        assert any(f"console on {base}/" in line for line in lines), lines
        login = next(re.search(r"demo login: (\S+) / (\S+)", x) for x in lines if "login" in x)
        assert login is not None
        session = requests.Session()
        sign_in(session, base, login.group(1), login.group(2))
        deadline = time.monotonic() + 60
        fleet = ""
        while time.monotonic() < deadline:
            fleet = session.get(f"{base}/", timeout=10).text
            if "en ligne" in fleet and "/capture/last.png" in fleet:
                break
            time.sleep(1)
        assert "Écran de démonstration" in fleet and "en ligne" in fleet, fleet[-2000:]
        assert "ESC Maurepas" in fleet
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.communicate(timeout=30)
