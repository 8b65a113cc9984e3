"""The browser and the real player the console's browser tests drive: Debian's Chromium
through Playwright, and ``signage run`` offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
# As the machine's notes say: no background networking on a closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
SHOTS = Path(os.environ.get("SIGNAGE_CONSOLE_SHOTS", "/tmp/console-shots"))


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's synchronous API keeps an event loop in this thread; the test's own
    # database calls are still synchronous ones (Django would refuse them otherwise).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()
        # The test's queries ran beside Playwright's event loop, on a connection of their
        # own: close it here, or the test database cannot be dropped.
        connections.close_all()


def player(config: Path, home: Path) -> subprocess.Popen[bytes]:
    """``signage run`` on ``config``, its cache filled first (a screen restarting)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
        "PYTHONPATH": str(Path.cwd()),
    }
    fetch = [sys.executable, "-m", "signage", "fetch", "--config", str(config)]
    subprocess.run(fetch, env=env, capture_output=True, timeout=60, check=True)
    # The player's log is read when a test fails; the child keeps its own descriptor.
    with (home / "player.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "signage", "run", "--config", str(config), "--windowed"],
            env=env,
            stdout=log,
            stderr=log,
        )


def sign_in(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/connexion/")
    page.get_by_label("Nom d'utilisateur").fill(name)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def wait_for(what: Callable[[], Any], seconds: float, why: str, every: float = 0.5) -> Any:
    """What ``what`` returns once it is true; the test fails with ``why`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(every)
    pytest.fail(f"{why} within {seconds:g} s")
