"""Actions at a time, all from one thread: the deadlines of requests and of syncs.

A ``threading.Timer`` per request started and joined a thread for each: most of the
CPU of a 304 poll. Here one daemon thread waits for the earliest time and runs what is
due. Most alarms are cleared before their time; a cleared one stays in the heap until
then, and is dropped unrun.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class Alarms:
    """``set(seconds, action)`` runs ``action`` in the alarms' thread after ``seconds``,
    unless ``clear`` came first. Actions must be quick (they shut sockets, end a process)."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cleared: set[int] = set()
        self._numbers = itertools.count()
        self._thread: threading.Thread | None = None

    def set(self, seconds: float, action: Callable[[], None]) -> int:
        with self._wake:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
                self._thread.start()
            number = next(self._numbers)
            heapq.heappush(self._heap, (time.monotonic() + seconds, number, action))
            self._wake.notify()
            return number

    def clear(self, number: int) -> None:
        with self._wake:
            self._cleared.add(number)

    def _run(self) -> None:
        while True:
            with self._wake:
                action = self._next_due()
            try:
                action()  # outside the lock
            except Exception:  # one failed action must not stop the others' deadlines
                log.exception("a deadline's action failed")

    def _next_due(self) -> Callable[[], None]:
        """Wait (the lock released while waiting) for the next alarm not cleared."""
        while True:
            while self._heap and self._heap[0][1] in self._cleared:
                self._cleared.discard(heapq.heappop(self._heap)[1])
            if not self._heap:
                self._wake.wait()
                continue
            when, _, action = self._heap[0]
            delay = when - time.monotonic()
            if delay > 0:
                self._wake.wait(delay)
                continue
            heapq.heappop(self._heap)
            return action


ALARMS = Alarms()
