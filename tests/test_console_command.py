"""``signage console`` as an admin starts it (issue 14): a real process (gunicorn) on
127.0.0.1, its first admin made with ``createadmin``, signed in over HTTP, receiving a
heartbeat from the player's own sender."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from signage.ops.heartbeat import HeartbeatSender

PASSWORD = "correct horse battery"


def console(state: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "signage", "console", *args, "--state", str(state)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_console_starts_takes_an_admin_and_receives_heartbeats(tmp_path: Path) -> None:
    state = tmp_path / "console"
    name = f"admin-{uuid.uuid4().hex[:8]}"
    weak = console(state, "createadmin", "--username", name, "--password-stdin", stdin="court\n")
    assert weak.returncode == 1 and "trop court" in weak.stderr, weak.stderr
    made = console(
        state, "createadmin", "--username", name, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert made.returncode == 0, made.stderr
    assert oct((state / "secret_key").stat().st_mode & 0o777) == "0o600"
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "signage",
            "console",
            "--state",
            str(state),
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert server.stdout is not None
        assert f"console on {base}/" in server.stdout.readline()
        session = requests.Session()
        deadline = time.monotonic() + 30
        while True:
            try:
                login = session.get(f"{base}/connexion/", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the console did not answer in 30 s"
                time.sleep(0.2)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
        assert token is not None
        signed_in = session.post(
            f"{base}/connexion/",
            {"username": name, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{base}/connexion/"},
            timeout=10,
        )
        assert signed_in.url == f"{base}/" and "Écrans" in signed_in.text
        form = session.get(f"{base}/ecrans/nouveau/", timeout=5)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert csrf is not None
        made_screen = session.post(
            f"{base}/ecrans/nouveau/",
            {"name": "Hall", "site": "maurepas", "csrfmiddlewaretoken": csrf.group(1)},
            headers={"Referer": f"{base}/ecrans/nouveau/"},
            timeout=10,
        )
        screen_token = re.search(r'token = "([^"]+)"', made_screen.text)
        assert screen_token is not None, made_screen.text[:500]
        sender = HeartbeatSender(f"{base}/api/v1/heartbeat", screen_token.group(1), "test")
        sender.submit({"display": "awake", "heartbeat_minutes": 5})
        while sender.sent == 0 and time.monotonic() < deadline + 30:
            time.sleep(0.1)
        sender.stop()
        assert sender.sent == 1
        assert "en ligne" in session.get(f"{base}/", timeout=5).text
        refused = requests.post(
            f"{base}/api/v1/heartbeat",
            headers={"Authorization": "Bearer x"},
            files={"status": ("s.json", b"{}")},
            timeout=5,
        )
        assert refused.status_code == 401
    finally:
        server.terminate()
        server.communicate(timeout=20)
