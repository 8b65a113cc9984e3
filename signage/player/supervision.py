"""Watchdog pings from the GUI thread: if its event loop freezes, systemd restarts us."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from signage.ops.systemd import Notifier


class Watchdog(QObject):
    """Pings systemd's watchdog at half its interval, from the thread this lives in."""

    def __init__(self, notifier: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._timer = QTimer(self)
        self._timer.timeout.connect(notifier.watchdog)

    def start(self) -> None:
        if self._notifier.watchdog_seconds:
            self._timer.start(max(100, int(self._notifier.watchdog_seconds * 500)))

    def stop(self) -> None:
        self._timer.stop()
