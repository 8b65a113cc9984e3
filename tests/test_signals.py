"""Ctrl-C and ``systemctl stop`` end any command cleanly: the player stops through its
normal path (records flushed, screenshot socket removed), others unwind their locks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FeedWriter


def wait_for(condition: object, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_player_cleanly(
    number: int, write_feed: FeedWriter, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    path = write_feed(
        announcements=[{"title": "Bonjour"}], display=f'[records]\nfolder = "{records}"\n'
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    player = subprocess.Popen(
        [sys.executable, "-m", "signage", "run", "--windowed", "--config", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = records / "status.json"
        assert wait_for(status.is_file, 30), "the player never wrote its status"
        socket_path = json.loads(status.read_text("utf-8"))["screenshot_socket"]
        assert socket_path and Path(socket_path).exists()
        player.send_signal(number)
        _, err = player.communicate(timeout=15)
    finally:
        player.kill()
    assert player.returncode == 0, err
    assert "Traceback" not in err
    assert not Path(socket_path).exists()  # removed on the way out


def test_sigterm_unwinds_a_foreground_command(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "feed.json").write_text("{}", encoding="utf-8")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "signage",
            "serve",
            str(folder),
            "--port",
            "0",
            "--host",
            "127.0.0.1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert "serving" in server.stdout.readline()
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=15)
    finally:
        server.kill()
    assert server.returncode == 143
    assert "Traceback" not in err and "stopped" in err
