"""Run a command under a faked system clock (libfaketime), for CI's hostile moments.

    python -m tests.faked_clock "2027-03-28 01:50:00" -- pytest -q

The clock of the command and of every process it starts reads the given local moment
(Europe/Paris) when the command starts, then runs on at its real pace: across the
change to summer time, across midnight of New Year's Eve. The offset is the same for
every process (``FAKETIME="+N"``, not ``"@…"`` which would restart each child at the
moment), so a player and a console started a minute apart agree on the time.

The library is the one the PyPI package ``libfaketime`` vendors: Debian's (0.9.10)
fakes the monotonic clock, and Python's ``Event.wait`` never returns under it. With the
monotonic clock left alone and its "fix" off, Python's waits and sleeps, Qt's timers,
Chromium and Node (Playwright's driver) all run normally (measured 2026-12-06).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = "Europe/Paris"
# The moments CI runs the suite at (.ci/run): a Sunday night just before the clocks
# jump to summer time, and New Year's Eve crossing midnight during the run.
MOMENTS = ("2027-03-28 01:50:00", "2026-12-31 23:58:30")


def library() -> Path:
    """The ``libfaketime.so.1`` of the PyPI package (a test dependency)."""
    spec = importlib.util.find_spec("libfaketime")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the libfaketime package is missing: pip install libfaketime")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"


def environment(moment: str, zone: str = ZONE) -> dict[str, str]:
    """The variables that make a process (and its children) start at ``moment``."""
    wanted = datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo(zone))
    offset = round(wanted.timestamp() - _real_time())
    return {**_library_variables(zone), "FAKETIME": f"{offset:+d}", "SIGNAGE_FAKED_CLOCK": moment}


def pinned(moment: str, zone: str = ZONE) -> dict[str, str]:
    """The variables that start one process (a publisher with a wrong clock, say) at
    ``moment``, whatever the real date; each child it starts begins there again."""
    return {**_library_variables(zone), "FAKETIME": f"@{moment}"}


def _library_variables(zone: str) -> dict[str, str]:
    own = str(library())
    preload = [p for p in os.environ.get("LD_PRELOAD", "").split(":") if p and p != own]
    return {
        "LD_PRELOAD": ":".join([own, *preload]),
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_FORCE_MONOTONIC_FIX": "0",
        "FAKETIME_NO_CACHE": "1",
        "TZ": zone,
    }


def _real_time() -> float:
    """The real clock, also from inside a faked run (which shifts ``time.time()``)."""
    shift = os.environ.get("FAKETIME", "") if os.environ.get("LD_PRELOAD") else ""
    if shift[:1] in "+-" and shift[1:].isdigit():
        return time.time() - int(shift)
    return time.time()


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    env = {**os.environ, **environment(argv[0])}
    os.execvpe(argv[2], argv[2:], env)
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
