"""Calendars expanded in a separate, short-lived process with hard limits.

A calendar is data from outside, and expanding recurrences is open-ended work inside
libraries that cannot be interrupted (dateutil scans a rule that never matches up to the
year 9999). ``parse_ics`` checks every event against the bounds first, which makes the
usual hostile cases cheap; this module adds the guarantees no check can give: the
expansion runs in a child process with a wall-clock timeout, a CPU-time limit and a
memory ceiling. Whatever the calendar holds, the caller gets an answer in bounded time,
and the screen's process (its GUI thread above all) never pays for it.

The child speaks JSON on its standard streams: a header line (zone, window, filters),
then the calendar bytes in; ``{"workshops": [...], "problems": [...]}`` or
``{"refused": "..."}`` out. Workshops are validated again in the parent, so nothing
unchecked crosses back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from signage.bounds import CALENDAR_SECONDS, MAX_OCCURRENCES
from signage.model import Workshop
from signage.sources.alarms import ALARMS

# Room for the child to start (Python and the calendar libraries: 0.2 s on a PC, about
# 1 s on a Raspberry Pi) besides the expansion's own budget.
START_SECONDS: Final = 4.0
MEMORY_BYTES: Final = 768 * 1024 * 1024
POLL_SECONDS: Final = 0.2  # how soon an abandoned sync stops its calendar reader
CHILD: Final = (sys.executable, "-P", "-m", "signage.sources.calendar_worker")


class CalendarFailed(ValueError):
    """The calendar could not be read: not iCalendar, too slow, too big; says which."""


def expand_calendar(
    data: bytes,
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    *,
    categories: frozenset[str] = frozenset(),
    sites: tuple[str, ...] | None = None,
    timeout: float | None = None,
    cancel: threading.Event | None = None,
    command: Sequence[str] = CHILD,
) -> tuple[tuple[Workshop, ...], tuple[str, ...]]:
    """The workshops of ``data`` in ``start``–``end``, worked out in a child process.

    Returns (workshops, problems). Raises CalendarFailed when the calendar is refused or
    the child fails, is killed at ``timeout`` seconds or when ``cancel`` is set, or runs
    out of memory. ``command`` starts the child (tests give one that starts slowly).
    """
    limit = CALENDAR_SECONDS + START_SECONDS if timeout is None else timeout
    header = {
        "zone": zone.key,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "categories": sorted(categories),
        "sites": list(sites) if sites is not None else None,
        "seconds": max(0.5, min(CALENDAR_SECONDS, limit - START_SECONDS)),
    }
    stdin = json.dumps(header).encode() + b"\n" + data
    returncode, stdout, stderr = _run_child(command, stdin, max(limit, 0.5), cancel)
    if returncode != 0:
        raise CalendarFailed(_death(returncode, stderr))
    try:
        answer = json.loads(stdout)
    except ValueError as exc:
        raise CalendarFailed("the calendar reader gave no answer") from exc
    if "refused" in answer:
        raise CalendarFailed(str(answer["refused"]))
    workshops: list[Workshop] = []
    problems = [str(p) for p in answer.get("problems", [])][:200]
    for record in answer.get("workshops", [])[:MAX_OCCURRENCES]:
        try:
            workshops.append(Workshop.model_validate(record))
        except ValidationError as exc:  # cannot happen for the child's own output
            problems.append(f"an occurrence was refused: {exc.error_count()} problem(s)")
    return tuple(workshops), tuple(problems)


def _run_child(
    command: Sequence[str], stdin: bytes, timeout: float, cancel: threading.Event | None
) -> tuple[int, bytes, bytes]:
    """Run the child; kill it at ``timeout`` or as soon as ``cancel`` is set.

    One ``communicate`` call feeds the whole input, however long the child takes to start
    reading it: calling it again after a timeout stops writing (CPython registers stdin
    only when given input, and refuses input once started), which left a calendar over
    the 64 KiB pipe buffer unread whenever the child started slowly (every time on a Pi).
    Cancellation is watched from the alarms thread, which kills the child.
    """
    try:
        child = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    except OSError as exc:
        raise CalendarFailed(f"could not be read here ({exc.strerror or exc})") from exc
    done = threading.Event()
    if cancel is not None:
        _watch(child, cancel, done)
    with child:
        try:
            stdout, stderr = child.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise CalendarFailed(f"took more than {timeout:g} s to read; left out") from None
        finally:
            done.set()
    if cancel is not None and cancel.is_set():
        raise CalendarFailed("stopped: the sync was abandoned")
    return child.returncode, stdout, stderr


def _watch(child: subprocess.Popen[bytes], cancel: threading.Event, done: threading.Event) -> None:
    """Kill ``child`` within ``POLL_SECONDS`` of ``cancel`` being set, until ``done``."""

    def check() -> None:
        if done.is_set():
            return
        if cancel.is_set():
            child.kill()
            return
        ALARMS.set(POLL_SECONDS, check)

    ALARMS.set(POLL_SECONDS, check)


def _death(code: int, stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    if "MemoryError" in text:
        return f"needs more than {MEMORY_BYTES // (1024 * 1024)} MiB to read; left out"
    if code == -signal.SIGXCPU:
        return "took more than its processor time to read; left out"
    if code < 0:
        return f"the calendar reader was stopped (signal {-code}); left out"
    last = text.strip().splitlines()[-1:] or ["no message"]
    return f"the calendar reader failed ({last[0][:160]})"


def _limit_self(seconds: float) -> None:
    """In the child: a memory ceiling and a CPU-time limit (the parent also times out)."""
    import resource  # noqa: PLC0415 (POSIX only, and only the child needs it)

    for kind, wanted in (
        (resource.RLIMIT_CPU, int(seconds) + 2),
        (resource.RLIMIT_AS, MEMORY_BYTES),
    ):
        hard = resource.getrlimit(kind)[1]
        soft = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
        resource.setrlimit(kind, (soft, hard))


def main() -> int:
    """The child: read header and calendar, answer in JSON on stdout."""
    from signage.sources.ics_workshops import IcsRefused, parse_ics  # noqa: PLC0415

    raw = sys.stdin.buffer.read()
    line, _, data = raw.partition(b"\n")
    header: dict[str, Any] = json.loads(line)
    _limit_self(float(header["seconds"]))
    try:
        result = parse_ics(
            data,
            ZoneInfo(header["zone"]),
            datetime.fromisoformat(header["start"]),
            datetime.fromisoformat(header["end"]),
            categories=frozenset(header["categories"]),
            sites=tuple(header["sites"]) if header["sites"] is not None else None,
            seconds=float(header["seconds"]),
        )
    except IcsRefused as exc:
        answer: dict[str, Any] = {"refused": str(exc)}
    else:
        answer = {
            "workshops": [w.model_dump(mode="json") for w in result.workshops],
            "problems": list(result.problems),
        }
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
