"""Heartbeats: the player's status (and a small screenshot) POSTed to the admins.

One sending thread and one slot: a newer heartbeat replaces one not sent yet, so a server
down for an hour costs one pending heartbeat in memory, not sixty. Each send tries a
few times with a pause, then gives up until the next one.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import TYPE_CHECKING, Any, Final

from signage.conditions import Conditions
from signage.ops.tally import merge

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

ATTEMPTS: Final = 3


class HeartbeatSender:
    """Sends the latest heartbeat in the background; never blocks the caller."""

    def __init__(
        self,
        url: str,
        token: str | None,
        user_agent: str,
        *,
        timeout: float = 10.0,
        pause: float = 5.0,
        session: requests.Session | None = None,
    ) -> None:
        self._url = url
        self._timeout = timeout
        self._pause = pause
        # Made in the sender's thread: requests is imported after the first frame.
        self._session = session
        self._headers = {"User-Agent": user_agent}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._slot: tuple[dict[str, Any], bytes | None] | None = None
        # Proof of display not delivered yet: given to the next heartbeat, never dropped.
        self._shown: dict[str, Any] | None = None
        self._busy = False
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._conditions = Conditions(log)
        self.sent = 0
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def submit(
        self,
        status: dict[str, Any],
        screenshot: bytes | None = None,
        shown: dict[str, Any] | None = None,
    ) -> None:
        with self._lock:
            self._slot = (status, screenshot)
            self._shown = merge(self._shown, shown)
        self._wake.set()

    @property
    def idle(self) -> bool:
        """Nothing being sent at this moment (tests wait on it)."""
        return not self._busy

    @property
    def pending(self) -> int:
        """Heartbeats waiting (0 or 1: memory stays bounded whatever the server does)."""
        return 0 if self._slot is None else 1

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(self._timeout + 1)
        if self._session is not None:
            self._session.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                item, self._slot = self._slot, None
                shown, self._shown = self._shown, None
            if item is not None:
                self._busy = True
                status = {**item[0], "shown": shown} if shown else item[0]
                if not self._send(status, item[1]) and shown:
                    with self._lock:
                        self._shown = merge(shown, self._shown)
                self._busy = False

    def _send(self, status: dict[str, Any], screenshot: bytes | None) -> bool:
        import requests  # noqa: PLC0415 (loaded by the first heartbeat, not at start)

        if self._session is None:
            self._session = requests.Session()
        self._session.headers.update(self._headers)
        files: dict[str, tuple[str, bytes, str]] = {
            "status": ("status.json", json.dumps(status).encode(), "application/json")
        }
        if screenshot is not None:
            files["screenshot"] = ("screen.png", screenshot, "image/png")
        problem = ""
        for attempt in range(ATTEMPTS):
            try:
                response = self._session.post(self._url, files=files, timeout=self._timeout)
                if response.status_code < 300:
                    self.sent += 1
                    self._conditions.clear("send", "heartbeats reach the admin server again")
                    return True
                problem = f"heartbeat refused: {response.status_code} {response.reason}"
            except requests.RequestException as exc:
                problem = f"heartbeat not sent: {type(exc).__name__}"
            if self._slot is not None or self._stop.wait(self._pause * (attempt + 1)):
                break  # a newer heartbeat is waiting, or we are stopping
        self._conditions.set("send", problem)
        return False
