"""Proof of display between two heartbeats: how often and how long each item showed.

Compact on purpose (one row per kind and per item, not one per showing): a heartbeat
every ten minutes carries a few dozen rows. A heartbeat that is not delivered gives its
rows to the next one (``merge``), so a console down for an hour loses no count.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Final

MAX_ROWS: Final = 400  # beyond, items are counted in their kind's row only


class Tally:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], list[float]] = {}
        self._since: str | None = None
        self._lock = threading.Lock()

    def add(self, kind: str, items: list[str], seconds: float, began: datetime) -> None:
        with self._lock:
            self._since = self._since or began.isoformat(timespec="seconds")
            for key in [(kind, ""), *((kind, item) for item in items)]:
                if key not in self._rows and key[1] and len(self._rows) >= MAX_ROWS:
                    continue
                row = self._rows.setdefault(key, [0, 0.0])
                row[0] += 1
                row[1] += seconds

    def take(self) -> dict[str, Any] | None:
        """The rows so far, as a heartbeat carries them; the tally starts again."""
        with self._lock:
            rows, self._rows = self._rows, {}
            since, self._since = self._since, None
        if not rows:
            return None
        return {
            "since": since,
            "rows": [[k, i, int(c), round(s, 1)] for (k, i), (c, s) in sorted(rows.items())],
        }


def merge(first: dict[str, Any] | None, second: dict[str, Any] | None) -> dict[str, Any] | None:
    """Two tallies as one (an undelivered heartbeat's, then the next one's)."""
    if not first or not second:
        return first or second
    rows: dict[tuple[str, str], list[float]] = {}
    for row in [*first.get("rows", []), *second.get("rows", [])]:
        kind, item, count, seconds = row
        total = rows.setdefault((kind, item), [0, 0.0])
        total[0] += count
        total[1] += seconds
    return {
        "since": first.get("since") or second.get("since"),
        "rows": [[k, i, int(c), round(s, 1)] for (k, i), (c, s) in sorted(rows.items())][
            : MAX_ROWS * 2
        ],
    }
