"""``signage console`` as an admin starts it (issue 14): a real process (gunicorn) on
127.0.0.1, its first admin made with ``createadmin``, signed in over HTTP, receiving a
heartbeat from the player's own sender."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from signage.ops.heartbeat import HeartbeatSender
from signage.remote.client import change_name, token_hash
from tests.console_http import free_port, register_screen, sign_in, wait_until_answers

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
        wait_until_answers(f"{base}/connexion/")
        session = requests.Session()
        sign_in(session, base, name, PASSWORD)
        token, url = register_screen(session, base, "Hall", "maurepas")
        assert url == f"{base}/api/v1/heartbeat"
        deadline = time.monotonic() + 30
        sender = HeartbeatSender(url, token, "test")
        sender.submit({"display": "awake", "heartbeat_minutes": 5})
        while sender.sent == 0 and time.monotonic() < deadline:
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
        # The screens' API has a handler of its own (no sessions): its answers still come.
        name = change_name(token_hash(token))
        change = requests.get(f"{base}/api/v1/changes/{name}.json", timeout=5)
        assert change.status_code == 200 and change.json()["version"] >= 1
        again = requests.get(
            f"{base}/api/v1/changes/{name}.json",
            headers={"If-None-Match": change.headers["ETag"]},
            timeout=5,
        )
        assert again.status_code == 304
        assert requests.get(f"{base}/api/v1/changes/{'0' * 32}.json", timeout=5).status_code == 404
        assert "Set-Cookie" not in change.headers
    finally:
        server.terminate()
        server.communicate(timeout=20)
