"""How late the GUI thread's timers fire: the measure of a smooth, responsive screen."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer


class LatencyProbe(QObject):
    """Records the gaps between the ticks of a precise timer on the thread it lives in.

    A gap much longer than ``interval_ms`` means that thread could not run its event loop:
    transitions would stutter and the clock would lag.
    """

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.gaps: list[int] = []
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._clock.start()
        self._last = 0
        self._timer.start(self.interval_ms)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def worst(self) -> int:
        """The longest gap seen, in milliseconds (0 before any tick)."""
        return max(self.gaps, default=0)

    def late(self, quantile: float) -> int:
        """How late the given quantile of ticks came, in milliseconds."""
        if not self.gaps:
            return 0
        ordered = sorted(gap - self.interval_ms for gap in self.gaps)
        return ordered[min(len(ordered) - 1, int(len(ordered) * quantile))]

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.gaps.append(int(now - self._last))
        self._last = now
