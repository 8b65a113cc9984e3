"""Pairing: a code on screen, typed by a referent in the console, and the screen knows
who it is.

The screen makes its own token (256 random bits) and sends only its hash with the
request for a code, so the token never crosses the network before the console knows the
screen, and nothing on the console can be read back as a token. The code is short, for
a person to type; it expires (15 minutes), works once, and is only good in the hands of
someone signed in to the console: on its own it opens nothing.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from signage.remote.client import ConsoleClient
from signage.remote.document import SettingsRefused, accept
from signage.remote.identity import Identity, write_identity, write_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Code:
    code: str
    expires_at: datetime

    @property
    def shown(self) -> str:
        """As the screen shows it: two groups, easier to read out and type."""
        half = (len(self.code) + 1) // 2
        return f"{self.code[:half]} {self.code[half:]}"


class Pairing:
    """Asks for a code, waits for a referent to type it, keeps the identity given."""

    def __init__(
        self,
        client: ConsoleClient,
        folder: Path,
        local_keys: tuple[str, ...],
        *,
        on_code: Callable[[Code], None],
        on_paired: Callable[[], None],
        on_problem: Callable[[str], None],
        retry: float = 15.0,
    ) -> None:
        self._client = client
        self._folder = folder
        self._local_keys = local_keys
        self._on_code = on_code
        self._on_paired = on_paired
        self._on_problem = on_problem
        self._retry = retry
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pairing", daemon=True)
        self.code: Code | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(20)
        self._client.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self._one_code():
                    return
            except Exception:  # the pairing screen must keep trying whatever happens
                log.exception("pairing: unexpected error; trying again")
                self._stop.wait(self._retry)

    def _one_code(self) -> bool:
        """One code, from request to expiry; True once paired."""
        token = secrets.token_urlsafe(32)
        reply = self._client.ask_code(token)
        if reply.status != 201 or not isinstance(reply.data.get("code"), str):
            wait = reply.data.get("retry_after")
            self._on_problem(reply.problem or f"console answered {reply.status}")
            self._stop.wait(float(wait) if isinstance(wait, int | float) else self._retry)
            return False
        lifetime = float(reply.data.get("expires_in", 900))
        every = min(max(float(reply.data.get("poll_seconds", 3)), 1.0), 30.0)
        self.code = Code(reply.data["code"], datetime.now(UTC) + timedelta(seconds=lifetime))
        self._on_code(self.code)
        while not self._stop.wait(every):
            reply = self._client.pairing(token)
            if reply.status == 202:
                continue
            if reply.status == 200:
                if self._finish(token, reply.data):
                    return True
                continue
            if reply.status in {401, 404, 410}:
                return False  # expired: a new code
            self._on_problem(reply.problem or f"console answered {reply.status}")
        return False

    def _finish(self, token: str, data: dict[str, object]) -> bool:
        try:
            identity = Identity(
                console=self._client.console,
                token=token,
                screen_id=int(str(data["screen_id"])),
                feed=str(data["feed"]),
                public_key=str(data["public_key"]),
            )
        except (KeyError, ValueError):
            self._on_problem("the console's answer to the pairing is incomplete")
            return False
        reply = self._client.settings(token, None)
        if reply.status != 200:
            self._on_problem(reply.problem or f"console answered {reply.status}")
            return False
        keys = self._local_keys or (identity.public_key,)
        try:
            document = accept(reply.body, reply.signature, keys, identity.screen_id, 0)
        except SettingsRefused as exc:
            self._on_problem(f"settings from the console refused: {exc}")
            return False
        write_settings(self._folder, document)
        write_identity(self._folder, identity)  # last: the config watcher reloads on it
        log.info("paired with %s as screen %s", identity.console, identity.screen_id)
        self._on_paired()
        return True
