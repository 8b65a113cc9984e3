"""A paired screen's link to its console: settings and commands, polled in a thread.

Every ``every`` seconds (the screen's ``watch_seconds``) the screen asks for its change
file (``/api/v1/changes/<name>.json``, served by nginx in front of a large console) with
the ETag of the last one: a bodyless 304 while nothing changed for it. Only when it
changed does the screen ask for its settings document, with that document's ETag. A
console without change files (a 404) is asked for the document at every poll, as
before, and its change file is tried again every ``RETRY_CHANGES`` polls. A new
document is checked (``signage.remote.document``) and tried against the local file
before it is kept; the config watcher then applies it like an edit of the file. The
console unreachable: the last good settings stay. The console saying the screen is
revoked or unknown: the pairing is forgotten and the screen shows a pairing code again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from signage.conditions import Conditions
from signage.errors import problems_from
from signage.remote.client import ConsoleClient, Reply
from signage.remote.compose import compose
from signage.remote.document import Command, SettingsRefused, accept, commands
from signage.remote.identity import Identity, forget, read_settings, write_settings

log = logging.getLogger(__name__)
RETRY_CHANGES = 30  # polls without a change file before trying it again (5 min at 10 s)


def tried(config_path: Path, document: dict[str, object]) -> str | None:
    """Why the local file with ``document`` laid over it would not be a valid config."""
    from pydantic import ValidationError  # noqa: PLC0415 (only when settings arrive)

    from signage.config import ScreenConfig, read_toml  # noqa: PLC0415 (config imports us)

    raw = read_toml(config_path)
    composed = compose(raw, config_path.parent, document)
    try:
        ScreenConfig.model_validate(composed.raw)
    except ValidationError as exc:
        return "; ".join(str(p) for p in problems_from(exc)[:3])
    return None


class SettingsLink:
    def __init__(
        self,
        identity: Identity,
        folder: Path,
        config_path: Path,
        keys: tuple[str, ...],
        every: float,
        *,
        on_command: Callable[[Command], None],
        on_revoked: Callable[[], None],
        client: ConsoleClient,
    ) -> None:
        self.identity = identity
        self._folder = folder
        self._config_path = config_path
        self._keys = keys or (identity.public_key,)
        self.every = max(every, 2.0)
        self._on_command = on_command
        self._on_revoked = on_revoked
        self._client = client
        self._etag: str | None = None
        self._change_etag: str | None = None
        self._without_changes = 0  # polls left before the change file is tried again
        self._seen: set[int] = set()
        self.conditions = Conditions(log)
        self.problem: str | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="console-link", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(20)
        self._client.close()

    def poke(self) -> None:
        """Ask now rather than at the next interval."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # never let the link's thread die: the screen relies on it
                log.exception("console link: unexpected error; trying again later")
            self._wake.wait(self.every)
            self._wake.clear()

    def poll(self) -> None:
        seen: str | None = None
        if self._etag is not None and self._without_changes == 0:
            change = self._client.changes(self.identity.token, self._change_etag)
            if change.status == 304:
                self._fine()
                return
            if change.status == 0:
                self._trouble(change.problem)
                return
            if change.status == 200:
                seen = change.etag
            else:  # no change files here (an older console), or this screen's is gone
                self._change_etag = None
                self._without_changes = RETRY_CHANGES
        elif self._without_changes:
            self._without_changes -= 1
        reply = self._client.settings(self.identity.token, self._etag)
        if reply.status == 304:
            self._change_etag = seen or self._change_etag
            self._fine()
        elif reply.status == 401 and reply.data.get("error") in {"revoked", "unknown"}:
            log.warning("the console says this screen is %s: pairing again", reply.data["error"])
            forget(self._folder)
            self._stop.set()
            self._on_revoked()
        elif reply.status == 200:
            if self._take(reply):
                self._change_etag = seen or self._change_etag
        else:
            self._trouble(reply.problem or f"console answered {reply.status}")

    def _take(self, reply: Reply) -> bool:
        kept = read_settings(self._folder)
        held = kept.get("revision")
        floor = held if isinstance(held, int) else 0
        screen = self.identity.screen_id
        try:
            document = accept(reply.body, reply.signature, self._keys, screen, floor)
        except SettingsRefused as exc:
            self._trouble(f"settings from the console refused: {exc}")
            return False
        why = tried(self._config_path, document)
        if why is not None:
            self._trouble(f"settings from the console refused: {why}")
            return False
        if document.get("settings") != kept.get("settings") or floor != document["revision"]:
            try:
                write_settings(self._folder, document)
            except OSError as exc:
                self._trouble(f"settings not kept: {exc.strerror}")
                return False
            log.info("settings from the console (revision %s) kept", document["revision"])
        self._etag = reply.etag
        self._fine()
        for command in commands(document, datetime.now(UTC)):
            if command.id not in self._seen:
                self._seen.add(command.id)
                self._on_command(command)
        return True

    def _fine(self) -> None:
        self.problem = None
        self.conditions.clear("link", "the console is reached again")

    def _trouble(self, problem: str) -> None:
        self.problem = problem
        self.conditions.set("link", problem)

    def done(self, command: Command, ok: bool, detail: str, png: bytes | None = None) -> None:
        """Tell the console a command was carried out (in this thread or the caller's)."""
        reply = self._client.done(self.identity.token, command.id, ok, detail, png)
        if reply.status >= 300 or reply.status == 0:
            log.warning("command %s: the console was not told (%s)", command.id, reply.problem)
