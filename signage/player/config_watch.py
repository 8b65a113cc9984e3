"""Live config reload: the screen's TOML is checked every few seconds for edits."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from signage.config import ConfigUnreadable, LoadedConfig, load_config

log = logging.getLogger(__name__)


class ConfigWatcher(QObject):
    """Watches one config file (by size and modification time, which survives editors
    that replace the file) and reloads it once an edit has settled.

    The check runs in a thread of its own: checking imports pydantic the first time and
    costs what the file holds (a value is bounded, but a frame is 16 ms), so the GUI
    thread only compares file dates and receives the result. One check at a time; an
    edit made during a check is checked after it.

    Signals:
        reloaded(object): a LoadedConfig, valid or not, after the file changed.
    """

    reloaded = Signal(object)
    _checked = Signal(object)  # from the checking thread, queued to ``_deliver``

    def __init__(
        self,
        path: Path,
        interval_ms: int = 2000,
        parent: QObject | None = None,
        load: Callable[[Path], LoadedConfig] = load_config,
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._load = load
        self._extra: tuple[Path, ...] = ()
        self._seen = self._signature()
        self._pending: tuple[int, ...] | None = None
        self._checking: threading.Thread | None = None
        self._again = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)
        self._interval = interval_ms
        self._checked.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def also(self, paths: tuple[Path, ...]) -> None:
        """Files that are part of the config too (a paired screen's settings)."""
        self._extra = paths
        self._seen = self._signature()

    def start(self) -> None:
        self._stopped = False
        self._timer.start(self._interval)

    def stop(self) -> None:
        """No more polls, and a check still running delivers nothing (never waited for)."""
        self._stopped = True
        self._timer.stop()

    @property
    def checking(self) -> bool:
        """Whether a check is running (tests wait for it to end)."""
        return self._checking is not None

    def poll(self) -> None:
        signature = self._signature()
        if signature == self._seen:
            self._pending = None
            return
        if signature != self._pending:
            self._pending = signature  # wait one more tick: the editor may still write
            return
        self._seen, self._pending = signature, None
        if self._checking is not None:
            self._again = True
            return
        self._begin()

    def _begin(self) -> None:
        self._checking = threading.Thread(target=self._check, name="config check", daemon=True)
        self._checking.start()

    def _check(self) -> None:
        try:
            loaded: LoadedConfig | str = self._load(self._path)
        except ConfigUnreadable as exc:
            loaded = str(exc)
        except Exception as exc:  # a bug must not leave the watcher checking for ever
            log.exception("config check failed")
            loaded = f"{self._path}: the check failed ({exc.__class__.__name__})"
        if self._stopped:
            return
        with contextlib.suppress(RuntimeError):  # deleted with its window meanwhile
            self._checked.emit(loaded)

    def _deliver(self, loaded: LoadedConfig | str) -> None:
        self._checking = None
        if self._stopped:
            return
        if isinstance(loaded, str):
            log.error("config edit not applied: %s", loaded)
        else:
            self.reloaded.emit(loaded)
        if self._again:
            self._again = False
            self._begin()

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
