"""A paired screen's console link in the player: settings arrive as a file the config
watcher applies; commands (sync now, screenshot now, restart) are carried out here."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from signage.config import ScreenConfig
from signage.remote.client import ConsoleClient
from signage.remote.document import Command
from signage.remote.identity import console_folder, read_identity
from signage.remote.link import SettingsLink
from signage.sources.atomic import atomic_write
from signage.sources.sync import user_agent

if TYPE_CHECKING:
    from signage.player.app import Player

log = logging.getLogger(__name__)
RESTARTED = "restarted.json"  # the last restart carried out: never twice for one command


class ConsoleLink(QObject):
    """Signals: ``restart`` (the console asked), ``revoked`` (back to pairing)."""

    restart = Signal()
    revoked = Signal()
    _command = Signal(object)

    def __init__(self, player: Player, config: ScreenConfig, config_path: Path) -> None:
        super().__init__(player.stage)
        assert config.console is not None
        self._player = player
        self.folder = console_folder(config.console.folder)
        identity = read_identity(self.folder)
        assert identity is not None
        self.link = SettingsLink(
            identity,
            self.folder,
            config_path,
            config.source.trusted_keys,
            config.source.watch_seconds or 10.0,
            on_command=self._command.emit,
            on_revoked=self.revoked.emit,
            client=ConsoleClient(identity.console, user_agent(config.site.id)),
        )
        self._command.connect(self._carry_out)

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files whose change is a change of the config."""
        return (self.folder / "settings.json", self.folder / "identity.json")

    def start(self) -> None:
        self.link.start()

    def stop(self) -> None:
        self.link.stop()

    def _carry_out(self, command: Command) -> None:
        log.info("console command %s: %s", command.id, command.action)
        if command.action == "sync":
            bridge = self._player.bridge
            if bridge is not None:
                bridge.sync_soon()
            self._tell(command, bridge is not None, "synchronisation lancée")
        elif command.action == "screenshot":
            operations = self._player.operations
            if operations is None:
                self._tell(command, False, "pas de capture possible")
                return
            png = operations.full_screenshot()
            self._tell(command, True, "capture en taille réelle", png)
        elif command.action == "restart":
            marker = self.folder / RESTARTED
            try:
                last = json.loads(marker.read_text()).get("id")
            except (OSError, ValueError, AttributeError):
                last = None
            if last == command.id:
                return  # carried out before this process started
            atomic_write(marker, json.dumps({"id": command.id}).encode())
            # Told first (and waited for): the process about to end cannot tell it later.
            self.link.done(command, True, "lecteur redémarré")
            self.restart.emit()

    def _tell(self, command: Command, ok: bool, detail: str, png: bytes | None = None) -> None:
        send: Callable[[], None] = lambda: self.link.done(command, ok, detail, png)  # noqa: E731
        threading.Thread(target=send, name="console-reply", daemon=True).start()
