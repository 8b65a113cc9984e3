"""The sd_notify protocol against sockets the test opens (path and abstract names)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from signage.ops.systemd import Notifier


@pytest.fixture(params=["path", "abstract"])
def listener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if request.param == "path":
        address = str(tmp_path / "notify.sock")
        sock.bind(address)
    else:
        name = f"signage-test-{time.monotonic_ns()}"
        sock.bind("\0" + name)
        address = "@" + name
    sock.settimeout(2)
    yield address, sock
    sock.close()


def test_ready_status_and_watchdog_reach_systemd(listener: tuple[str, socket.socket]) -> None:
    address, sock = listener
    notifier = Notifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_seconds == 30
    assert notifier.ready("semainier — ESC Maurepas")
    assert sock.recv(4096).decode() == "READY=1\nSTATUS=semainier — ESC Maurepas"
    assert notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"


def test_without_systemd_nothing_is_sent() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert not notifier.ready("x")
    assert notifier.watchdog_seconds is None


def test_a_dead_socket_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert not notifier.watchdog()
    assert not notifier.watchdog()
    assert sum("systemd notification failed" in r.message for r in caplog.records) == 1


def test_a_frozen_gui_thread_stops_the_watchdog_pings(
    qtbot: QtBot, listener: tuple[str, socket.socket]
) -> None:
    from signage.player.supervision import Watchdog  # noqa: PLC0415

    address, sock = listener
    sock.settimeout(0.05)
    watchdog = Watchdog(Notifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "200000"}))
    watchdog.start()  # pings every 100 ms, from the GUI thread's event loop

    def pings(seconds: float) -> int:
        count, end = 0, time.monotonic() + seconds
        while time.monotonic() < end:
            qtbot.wait(20)
            try:
                while True:
                    count += sock.recv(64) == b"WATCHDOG=1"
            except TimeoutError:
                pass
        return count

    assert pings(0.6) >= 3
    time.sleep(0.6)  # the GUI thread is stuck: no event loop, no ping
    try:
        sock.recv(64)
        frozen_pings = 1
    except TimeoutError:
        frozen_pings = 0
    watchdog.stop()
    assert frozen_pings == 0
