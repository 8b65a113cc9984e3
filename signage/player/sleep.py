"""Screen sleep outside opening hours: a timer at the next edge, not a polling loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from signage.clock import Clock
from signage.display_power import DisplayPower
from signage.model.hours import OpeningHours, awake, next_wake_change

log = logging.getLogger(__name__)

HoursFn = Callable[[], tuple[OpeningHours, ZoneInfo, timedelta]]
# Wake up at least this often to check again: the system clock may jump (NTP at boot).
RECHECK_MS = 15 * 60 * 1000


class SleepController(QObject):
    """Decides when the screen sleeps, and switches the display off and on.

    Signals:
        sleepingChanged(bool): the screen must go to sleep (True) or wake up (False).
    """

    sleepingChanged = Signal(bool)  # noqa: N815 (Qt naming)

    def __init__(
        self,
        clock: Clock,
        hours: HoursFn,
        power: DisplayPower | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._hours = hours
        self._power = power
        self.sleeping = False
        self.next_change: datetime | None = None  # when it wakes (or sleeps) next
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    def set_power(self, power: DisplayPower | None) -> None:
        self._power = power

    def check(self) -> None:
        """Sleep or wake as the hours say now; then wait for the next edge."""
        now = self._clock.now()
        hours, zone, before = self._hours()
        sleeping = not awake(hours, now, zone, before)
        if sleeping != self.sleeping:
            self.sleeping = sleeping
            local = now.astimezone(zone).isoformat(timespec="minutes")
            log.info("%s at %s", "closed: the screen sleeps" if sleeping else "waking up", local)
            if self._power is not None:
                self._power.set(not sleeping)
            self.sleepingChanged.emit(sleeping)
        change = next_wake_change(hours, now, zone, before)
        self.next_change = change.astimezone(zone) if change is not None else None
        delay = RECHECK_MS
        if change is not None:
            delay = min(delay, int((change.timestamp() - now.timestamp()) * 1000) + 50)
        self._timer.start(max(1000, delay))

    def stop(self) -> None:
        self._timer.stop()
