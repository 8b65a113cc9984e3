"""Scheduled syncs off the GUI thread, their results delivered on it.

APScheduler 3's ``BackgroundScheduler`` says when (its ``QtScheduler`` misbehaves under
PySide6: timer chains multiply and wake-ups from other threads are lost); one worker
thread calls ``Syncer.sync()`` and emits the report; a queued connection brings it to
the GUI thread, where the player swaps the snapshot at the next slide boundary. Neither
touches widgets.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from PySide6.QtCore import QObject, Qt, Signal

from signage.sources.sync import SyncReport

log = logging.getLogger(__name__)

JOB_ID = "sync"
WATCH_ID = "watch"


class _Relay:
    """Hands a finished sync's report to the GUI thread, until it is detached.

    The job holds the relay, not the QObject: once ``detach`` has run (from the GUI
    thread, before the bridge is deleted), a sync that finishes late emits nothing.
    """

    def __init__(self, emit: Callable[[SyncReport], None]) -> None:
        self._emit: Callable[[SyncReport], None] | None = emit
        self._lock = threading.Lock()

    def deliver(self, report: SyncReport) -> None:
        with self._lock:  # held only while queuing the signal: microseconds
            if self._emit is not None:
                self._emit(report)

    def detach(self) -> None:
        with self._lock:
            self._emit = None


class _Worker:
    """The one thread that runs syncs, one at a time, each ask coalesced with those made
    while it waits.

    APScheduler only says when (interval, jitter); it never runs the sync itself. Its
    ``max_instances`` drops a run asked while the job still counts as running — in the
    instant a sync has delivered its report but not yet returned too — so a « sync now »
    asked then waited a whole period (a faked-clock CI run caught it). Here an ask made
    at any moment sets ``pending``: the sync in flight, if any, is followed by one more.
    """

    def __init__(self, sync: Callable[[], SyncReport], relay: _Relay) -> None:
        self._sync = sync
        self._relay = relay
        self._wake = threading.Condition()
        self._pending = False
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, name="signage-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def ask(self) -> None:
        with self._wake:
            self._pending = True
            self._wake.notify()

    def stop(self) -> None:
        """Ends the loop after the sync in flight, which is not waited for."""
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not (self._pending or self._stopped):
                    self._wake.wait()
                if self._stopped:
                    return
                self._pending = False
            try:
                report = self._sync()
            except Exception:  # Syncer.sync never raises; a bug must not kill the loop
                log.exception("sync job failed")
                continue
            self._relay.deliver(report)


class SyncBridge(QObject):
    """Runs ``sync`` every ``interval`` (with jitter) in a worker thread.

    Signals:
        synced(object): a SyncReport, emitted in the thread this object lives in (GUI).
    """

    synced = Signal(object)
    _finished = Signal(object)  # from the worker thread, queued to ``_deliver``

    def __init__(
        self,
        sync: Callable[[], SyncReport],
        *,
        interval: timedelta,
        zone: ZoneInfo,
        abandon: Callable[[], None] | None = None,
        watch: Callable[[], bool] | None = None,
        watch_seconds: float = 0.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Asked every ``watch_seconds`` (in the scheduler's threads): True syncs now.
        self._watch = watch
        self._watch_seconds = watch_seconds
        self._abandon = abandon
        self._interval = interval
        self._zone = zone
        # A little jitter so that a hundred screens started by the same power cut do not
        # poll the server in step: up to a tenth of the interval, at most a minute.
        self._jitter = int(min(60.0, interval.total_seconds() / 10))
        self._scheduler = BackgroundScheduler(
            timezone=zone,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay = _Relay(self._finished.emit)
        self._worker = _Worker(sync, self._relay)

    def start(self, first_delay: float = 0.0) -> None:
        """Start syncing: first after ``first_delay`` seconds, then every interval."""
        first = datetime.now(UTC) + timedelta(seconds=first_delay + random.uniform(0, 1))
        self._scheduler.add_job(
            self._worker.ask,
            IntervalTrigger(
                seconds=self._interval.total_seconds(), jitter=self._jitter, timezone=self._zone
            ),
            id=JOB_ID,
            next_run_time=first.astimezone(self._zone),
            replace_existing=True,
        )
        if self._watch is not None and self._watch_seconds > 0:
            self._scheduler.add_job(
                self._check,
                IntervalTrigger(seconds=self._watch_seconds, timezone=self._zone),
                id=WATCH_ID,
                replace_existing=True,
            )
        self._worker.start()
        self._scheduler.start()

    def _check(self) -> None:
        try:
            due = self._watch is not None and self._watch()
        except Exception:  # a bug in the check must not stop the schedule
            log.exception("change check failed")
            return
        if due:
            self.sync_soon()

    def sync_soon(self) -> None:
        """Run a sync now (e.g. on demand), without disturbing the schedule after it; one
        asked while a sync runs starts when that one ends."""
        self._worker.ask()

    def stop(self) -> None:
        """Stop the schedule without waiting: a sync in flight is abandoned (its requests
        cut, its result ignored) and ends on its own in its worker thread."""
        self._relay.detach()
        self._worker.stop()
        if self._abandon is not None:
            self._abandon()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def _deliver(self, report: SyncReport) -> None:
        self.synced.emit(report)
