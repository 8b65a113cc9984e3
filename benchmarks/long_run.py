"""Memory and CPU over a long run: RSS after start, after thousands of rotations, and
the player's idle CPU between two transitions (1920×1080, the demo content).

Run: .venv/bin/python benchmarks/long_run.py [--rotations N] [--idle SECONDS]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mib() -> float:
    """Resident memory now (from /proc), in MiB."""
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rotations", type=int, default=5000)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signage.clock import SystemClock  # noqa: PLC0415
    from signage.config import load_config  # noqa: PLC0415
    from signage.demo import prepare_demo  # noqa: PLC0415
    from signage.player.app import Player  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="signage-bench-"))
    os.environ["XDG_STATE_HOME"] = str(root / "state")
    loaded = load_config(prepare_demo(root / "demo", datetime.now(UTC).date()))
    player = Player(loaded, windowed=True, clock=SystemClock())
    player.stage.resize(1920, 1080)
    player.start()
    end = time.monotonic() + 3
    while time.monotonic() < end:  # the first sync and slide
        app.processEvents()
        time.sleep(0.01)
    start_rss = rss_mib()
    print(f"RSS after start: {start_rss:.0f} MiB")

    for batch in (1, 2):  # two batches: growth in the second one would be a leak
        began_cpu, began = cpu_seconds(), time.monotonic()
        for number in range(args.rotations):
            player.rotation.advance()
            if number % 10 == 0:
                app.processEvents()
        app.processEvents()
        used = cpu_seconds() - began_cpu
        print(
            f"after {batch * args.rotations:,} rotations at 1920×1080: RSS {rss_mib():.0f} MiB "
            f"({rss_mib() - start_rss:+.0f}), {used:.1f} s CPU in "
            f"{time.monotonic() - began:.1f} s ({used / args.rotations * 1000:.1f} ms CPU "
            "per slide change)"
        )

    player.rotation.advance()  # a fresh slide, then nothing but the clock until it ends
    end = time.monotonic() + 1.5
    while time.monotonic() < end:  # let the crossfade finish
        app.processEvents()
        time.sleep(0.005)
    idle_cpu, idle_start = cpu_seconds(), time.monotonic()
    end = idle_start + args.idle
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)
    idle = (cpu_seconds() - idle_cpu) / (time.monotonic() - idle_start) * 100
    print(
        f"idle CPU between two transitions: {idle:.1f} % of one core "
        f"(over {args.idle:g} s, this benchmark's own 20 Hz event polling included)"
    )
    player.stop()


if __name__ == "__main__":
    main()
