"""Heartbeats and screenshots older than ``RETENTION_DAYS`` are pruned, in a background
thread at most once an hour, so no request waits for it."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)
EVERY_SECONDS = 3600


class _Pacer:
    """At most one prune an hour per process."""

    def __init__(self) -> None:
        self.last: float | None = None
        self.lock = threading.Lock()

    def due(self) -> bool:
        with self.lock:
            now = time.monotonic()
            if self.last is not None and now - self.last < EVERY_SECONDS:
                return False
            self.last = now
            return True


_pacer = _Pacer()


def prune_soon() -> None:
    """Start a prune in the background if none ran in the last hour."""
    if _pacer.due():
        threading.Thread(target=_run, name="prune", daemon=True).start()


def _run() -> None:
    try:
        removed = prune()
        if removed:
            log.info("pruned %d old heartbeats", removed)
    except Exception:
        log.exception("pruning old heartbeats failed")
    finally:
        connection.close()  # this thread's own connection: never left open


def prune() -> int:
    """Remove heartbeats (and their screenshots) older than the retention; how many."""
    from signage.console.fleet.models import Heartbeat  # noqa: PLC0415
    from signage.console.screens.models import Screen  # noqa: PLC0415

    cutoff = timezone.now() - timedelta(days=settings.RETENTION_DAYS)
    old = Heartbeat.objects.filter(received_at__lt=cutoff)
    kept = set(Screen.objects.exclude(last_screenshot="").values_list("last_screenshot", flat=True))
    root = Path(settings.MEDIA_ROOT)
    for path in old.exclude(screenshot="").values_list("screenshot", flat=True).iterator():
        if path not in kept:
            (root / path).unlink(missing_ok=True)
    count, _ = old.delete()
    return int(count)
