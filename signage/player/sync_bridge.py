"""Scheduled syncs off the GUI thread, their results delivered on it.

APScheduler 3's ``BackgroundScheduler`` runs the sync in its own thread pool (its
``QtScheduler`` misbehaves under PySide6: timer chains multiply and wake-ups from other
threads are lost). The job only calls ``Syncer.sync()`` and emits the report; a queued
connection brings it to the GUI thread, where the player swaps the snapshot at the
next slide boundary. Jobs never touch widgets.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
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


class _InFlight:
    """Whether a sync runs, and whether one was asked for meanwhile: APScheduler drops a
    run asked while one is in flight (``max_instances``), so the ask is kept and made
    again when it ends (new content published during a sync must not wait a period)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def begin(self) -> None:
        with self._lock:
            self._running, self._again = True, False

    def end(self) -> bool:
        """The sync is over; True when another was asked for meanwhile."""
        with self._lock:
            again, self._running, self._again = self._again, False, False
            return again

    def ask(self) -> bool:
        """True when a sync may be started now; else it is kept for when this one ends."""
        with self._lock:
            if self._running:
                self._again = True
            return not self._running


def _run(
    sync: Callable[[], SyncReport],
    relay: _Relay,
    flight: _InFlight,
    again: Callable[[], None],
) -> None:
    flight.begin()
    try:
        report = sync()
    except Exception:  # Syncer.sync never raises; a bug must not kill the schedule
        log.exception("sync job failed")
        report = None
    finally:
        asked = flight.end()
    if report is not None:
        relay.deliver(report)
    if asked:
        again()


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
        self._sync = sync
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
        self._flight = _InFlight()

    def start(self, first_delay: float = 0.0) -> None:
        """Start syncing: first after ``first_delay`` seconds, then every interval."""
        first = datetime.now(UTC) + timedelta(seconds=first_delay + random.uniform(0, 1))
        self._scheduler.add_job(
            partial(_run, self._sync, self._relay, self._flight, self._run_now),
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
        if self._flight.ask():
            self._run_now()

    def _run_now(self) -> None:
        if self._scheduler.running:
            with contextlib.suppress(JobLookupError):  # stopped meanwhile
                self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(self._zone))

    def stop(self) -> None:
        """Stop the schedule without waiting: a sync in flight is abandoned (its requests
        cut, its result ignored) and ends on its own in its worker thread."""
        self._relay.detach()
        if self._abandon is not None:
            self._abandon()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def _deliver(self, report: SyncReport) -> None:
        self.synced.emit(report)
