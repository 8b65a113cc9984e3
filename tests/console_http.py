"""Helpers for the console tests that talk to a real console over HTTP, as a browser
without JavaScript would: sign in, register a screen."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(url: str, seconds: float = 30, **options: object) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url, timeout=5, allow_redirects=False, **options)  # type: ignore[arg-type]
            return
        except requests.ConnectionError:
            assert time.monotonic() < deadline, f"{url} did not answer in {seconds:g} s"
            time.sleep(0.2)


def post_form(session: requests.Session, url: str, fields: dict[str, str]) -> requests.Response:
    """GET the form at ``url``, then POST ``fields`` with its CSRF token, as a browser."""
    form = session.get(url, timeout=10)
    token = CSRF.search(form.text)
    assert token is not None, f"no form at {url}"
    return session.post(
        url,
        {**fields, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": url},
        timeout=10,
    )


def sign_in(session: requests.Session, base: str, name: str, password: str) -> None:
    answer = post_form(session, f"{base}/connexion/", {"username": name, "password": password})
    assert answer.url == f"{base}/", f"not signed in: {answer.url}"


def register_screen(session: requests.Session, base: str, name: str, site: str) -> tuple[str, str]:
    """Register a screen; its token and the heartbeat address the token page gives."""
    page = post_form(session, f"{base}/ecrans/nouveau/", {"name": name, "site": site})
    token = re.search(r'token = "([^"]+)"', page.text)
    url = re.search(r'url = "([^"]+)"', page.text)
    assert token is not None and url is not None, page.text[:500]
    return token.group(1), url.group(1)


ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Demo:
    """``./run-demo`` running in its own session, in a home of its own."""

    process: subprocess.Popen[str]
    base: str
    env: dict[str, str]
    user: str
    password: str

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.communicate(timeout=60)


def start_demo(home: Path) -> Demo:
    """Start the README's demo (console and player) and read its login."""
    port = free_port()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SIGNAGE_DEMO_PORT": str(port),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
    }
    env.pop("SIGNAGE_CONSOLE_STATE", None)
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [str(ROOT / "run-demo")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    assert process.stdout is not None
    lines: list[str] = []

    # The console's own lines come first; anything else it says is kept for the message.
    def said(words: str) -> bool:
        return any(words in line for line in lines)

    while len(lines) < 40 and not (said("demo login") and said("console on")):
        lines.append(process.stdout.readline())
    found = next((re.search(r"demo login: (\S+) / (\S+)", x) for x in lines if "login" in x), None)
    if found is None or not said(f"console on {base}/"):
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
        raise AssertionError(f"the demo did not start: {lines}")
    # "console on" is printed before gunicorn has bound its port: wait for an answer.
    wait_until_answers(f"{base}/connexion/", seconds=60)
    return Demo(process, base, env, found.group(1), found.group(2))
