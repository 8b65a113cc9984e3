"""Live config reload: the screen's TOML is checked every few seconds for edits."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from signage.config import ConfigUnreadable, load_config

log = logging.getLogger(__name__)


class ConfigWatcher(QObject):
    """Watches one config file (by size and modification time, which survives editors
    that replace the file) and reloads it once an edit has settled.

    Signals:
        reloaded(object): a LoadedConfig, valid or not, after the file changed.
    """

    reloaded = Signal(object)

    def __init__(self, path: Path, interval_ms: int = 2000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._extra: tuple[Path, ...] = ()
        self._seen = self._signature()
        self._pending: tuple[int, ...] | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)
        self._interval = interval_ms

    def also(self, paths: tuple[Path, ...]) -> None:
        """Files that are part of the config too (a paired screen's settings)."""
        self._extra = paths
        self._seen = self._signature()

    def start(self) -> None:
        self._timer.start(self._interval)

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        signature = self._signature()
        if signature == self._seen:
            self._pending = None
            return
        if signature != self._pending:
            self._pending = signature  # wait one more tick: the editor may still write
            return
        self._seen, self._pending = signature, None
        try:
            loaded = load_config(self._path)
        except ConfigUnreadable as exc:
            log.error("config edit not applied: %s", exc)
            return
        self.reloaded.emit(loaded)

    def _signature(self) -> tuple[int, ...]:
        found: list[int] = []
        for path in (self._path, *self._extra):
            try:
                stat = path.stat()
            except OSError:
                found += (0, 0)
                continue
            found += (stat.st_mtime_ns, stat.st_size)
        return tuple(found)
