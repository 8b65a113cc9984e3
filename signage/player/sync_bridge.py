"""Scheduled syncs off the GUI thread, their results delivered on it.

APScheduler 3's ``BackgroundScheduler`` runs the sync in its own thread pool (its
``QtScheduler`` misbehaves under PySide6: timer chains multiply and wake-ups from other
threads are lost). The job only calls ``Syncer.sync()`` and emits the report; a queued
connection brings it to the GUI thread, where the player swaps the snapshot at the
next slide boundary. Jobs never touch widgets.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from PySide6.QtCore import QObject, Qt, Signal

from signage.sources.sync import SyncReport

log = logging.getLogger(__name__)

JOB_ID = "sync"


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync = sync
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

    def start(self, first_delay: float = 0.0) -> None:
        """Start syncing: first after ``first_delay`` seconds, then every interval."""
        first = datetime.now(UTC) + timedelta(seconds=first_delay + random.uniform(0, 1))
        self._scheduler.add_job(
            self._job,
            IntervalTrigger(
                seconds=self._interval.total_seconds(), jitter=self._jitter, timezone=self._zone
            ),
            id=JOB_ID,
            next_run_time=first.astimezone(self._zone),
            replace_existing=True,
        )
        self._scheduler.start()

    def sync_soon(self) -> None:
        """Run a sync now (e.g. on demand), without disturbing the schedule after it."""
        if self._scheduler.running:
            self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(self._zone))

    def stop(self) -> None:
        """Stop the schedule and wait for a sync in flight (bounded by its deadline), so
        that no job emits into this object once it is gone."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)

    def _job(self) -> None:
        try:
            report = self._sync()
        except Exception:  # Syncer.sync never raises; a bug must not kill the schedule
            log.exception("sync job failed")
            return
        self._finished.emit(report)

    def _deliver(self, report: SyncReport) -> None:
        self.synced.emit(report)
