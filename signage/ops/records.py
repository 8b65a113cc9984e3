"""What the player writes about itself: a status file and a proof-of-display log.

Both are written by one background thread, so the GUI thread never waits on the disk:
the status is "latest wins" (an older pending status is dropped), log lines wait in a
bounded queue (when the disk is stuck, the oldest lines are dropped and counted).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from signage.sources.atomic import atomic_write, private_folder

log = logging.getLogger(__name__)

MAX_LOG_BYTES: Final = 5 * 1024 * 1024
KEEP_LOGS: Final = 5
QUEUE_LINES: Final = 1000
_FLUSH: Final = "\0flush"


class Recorder:
    """Writes ``status.json`` and appends to ``shows.jsonl`` in ``folder``, off-thread."""

    def __init__(self, folder: Path, max_log_bytes: int = MAX_LOG_BYTES) -> None:
        self.folder = folder
        self.status_path = folder / "status.json"
        self.log_path = folder / "shows.jsonl"
        self._max = max_log_bytes
        self._lines: queue.Queue[str] = queue.Queue(QUEUE_LINES)
        self._status: dict[str, Any] | None = None
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._stopped = False
        self.dropped = 0
        self._failing: str | None = None
        self._flush_events: list[threading.Event] = []
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def previous_status(self) -> dict[str, Any]:
        """What the last run wrote about its syncs (``sync`` of status.json), if any."""
        try:
            found = json.loads(self.status_path.read_text("utf-8")).get("sync")
        except (OSError, ValueError, AttributeError):
            return {}
        return found if isinstance(found, dict) else {}

    def status(self, status: dict[str, Any]) -> None:
        with self._lock:
            self._status = status
        self._wake.set()

    def shown(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        try:
            self._lines.put_nowait(line)
        except queue.Full:
            try:
                self._lines.get_nowait()
                self.dropped += 1
            except queue.Empty:
                pass
            self._lines.put_nowait(line)
        self._wake.set()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything queued is written (for tests and shutdown)."""
        done = threading.Event()
        with self._lock:
            self._flush_events.append(done)
        self._lines.put(_FLUSH, timeout=timeout)
        self._wake.set()
        done.wait(timeout)

    def stop(self) -> None:
        self.flush()
        self._stopped = True
        self._wake.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                # The flushes asked before this point are answered after this write; a
                # later one waits for the next turn (it may have queued a newer status).
                status, self._status = self._status, None
                flushes, self._flush_events = self._flush_events, []
            try:
                private_folder(self.folder)
                if status is not None:
                    atomic_write(
                        self.status_path, json.dumps(status, ensure_ascii=False, indent=1).encode()
                    )
                self._append_pending()
            except OSError as exc:
                # Keyed by the reason alone: the message of a failed atomic write names
                # a random temp file, and a lasting condition is logged once.
                reason = exc.strerror or type(exc).__name__
                if self._failing != reason:
                    self._failing = reason
                    log.warning("records not written in %s: %s", self.folder, reason)
            else:
                if self._failing:
                    log.info("records writable again in %s", self.folder)
                    self._failing = None
            finally:
                # Whoever waits for a flush is answered, written or not: a full or
                # read-only disk must not hold the player up at every slide or at exit.
                for event in flushes:
                    event.set()

    def _append_pending(self) -> None:
        lines = []
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line != _FLUSH:
                lines.append(line)
        chunk: list[str] = []
        size = self._size()
        for line in lines:
            if chunk and size + len(line) + 1 > self._max:
                self._write(chunk)
                chunk, size = [], self._size()
            if size and size + len(line) + 1 > self._max:
                self._rotate()
                size = 0
            chunk.append(line)
            size += len(line.encode()) + 1
        if chunk:
            self._write(chunk)

    def _size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def _write(self, lines: list[str]) -> None:
        # The owner's only: what was shown where and when is nobody else's business.
        handle = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(handle, "a", encoding="utf-8") as stream:
            stream.write("".join(f"{line}\n" for line in lines))

    def _rotate(self) -> None:
        """shows.jsonl → .1 → .2 … up to KEEP_LOGS files; the oldest is dropped."""
        for number in range(KEEP_LOGS - 1, 0, -1):
            older = self.log_path.with_name(f"{self.log_path.name}.{number}")
            if older.exists():
                older.replace(self.log_path.with_name(f"{self.log_path.name}.{number + 1}"))
        self.log_path.replace(self.log_path.with_name(f"{self.log_path.name}.1"))


@dataclass(frozen=True)
class KindTotal:
    kind: str
    showings: int
    seconds: float


def read_shows(log_path: Path) -> Iterator[dict[str, Any]]:
    """Every record of the proof-of-display log, rotated files included, oldest first."""
    files = sorted(
        log_path.parent.glob(f"{log_path.name}.*"),
        key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0,
    )
    for path in [*files, log_path]:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a power loss: skip it


def summarise(log_path: Path, since: datetime, site: str | None = None) -> list[KindTotal]:
    """Showings and time on screen per slide kind since ``since``."""
    totals: dict[str, list[float]] = {}
    for record in read_shows(log_path):
        try:
            at = datetime.fromisoformat(record["at"])
            if at < since or (site and record.get("site") != site):
                continue
            entry = totals.setdefault(str(record["kind"]), [0, 0.0])
            entry[0] += 1
            entry[1] += float(record["seconds"])
        except (KeyError, TypeError, ValueError):
            continue
    return [KindTotal(k, int(v[0]), v[1]) for k, v in sorted(totals.items())]


def format_totals(totals: list[KindTotal]) -> str:
    """``agenda: 1,240 showings, 5 h 10`` per line."""
    lines = []
    for total in totals:
        minutes = round(total.seconds / 60)
        lines.append(
            f"{total.kind}: {total.showings:,} showings, {minutes // 60} h {minutes % 60:02d}"
        )
    return "\n".join(lines) or "nothing shown in that period"
