"""The faked clock CI runs the suite under (tests/faked_clock.py) really moves the clock
of a process and of its children, and leaves waiting alone: otherwise the runs at
hostile moments would prove nothing, or hang."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

from tests.faked_clock import environment, pinned

CHILD = """
import datetime, subprocess, sys, threading, time
began = datetime.datetime.now().astimezone()
threading.Event().wait(0.3)   # Debian's libfaketime 0.9.10 never returned here
time.sleep(2.5)
after = datetime.datetime.now().astimezone()
child = subprocess.run([sys.executable, "-c",
    "import datetime; print(datetime.datetime.now().astimezone().isoformat())"],
    capture_output=True, text=True, check=True).stdout.strip()
print(began.isoformat(), after.isoformat(), child)
"""


def _run(env: dict[str, str]) -> list[datetime]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return [datetime.fromisoformat(text) for text in result.stdout.split()]


def test_the_clock_crosses_the_change_to_summer_time_and_children_share_it() -> None:
    began, after, child = _run(environment("2027-03-28 01:59:58"))
    assert began.strftime("%Y-%m-%d %H %z") == "2027-03-28 01 +0100"
    assert after.strftime("%Y-%m-%d %H %z") == "2027-03-28 03 +0200"
    assert 2 <= (after - began).total_seconds() < 10  # waits took their real time
    assert 0 <= (child - after).total_seconds() < 10  # the child reads the same clock


def test_a_pinned_process_starts_at_its_moment_whatever_the_real_date() -> None:
    began, _, child = _run(pinned("2031-06-01 10:00:00"))
    assert began.isoformat().startswith("2031-06-01T10:00:0")
    assert child.isoformat().startswith("2031-06-01T10:00:0")  # each child starts there
