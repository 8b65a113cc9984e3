"""Memory and CPU over a long run: RSS after start, after a warm-up of slide changes and
after many more (growth there would be a leak), and the idle CPU between two transitions
of the player and of its sync process (1920×1080, the demo content, the player as
``signage run`` builds it: its sync in a process of its own).

Run: .venv/bin/python benchmarks/long_run.py [--warmup N] [--rotations N] [--idle SECONDS]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import process_cpu_seconds


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


def run_loop(app: object, seconds: float) -> None:
    """Qt's own event loop for ``seconds``, as ``app.exec()`` runs in the player."""
    from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--rotations", type=int, default=10000)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signage.clock import FixedClock  # noqa: PLC0415
    from signage.config import load_config  # noqa: PLC0415
    from signage.demo import prepare_demo  # noqa: PLC0415
    from signage.player.app import Player  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="signage-bench-"))
    os.environ["XDG_STATE_HOME"] = str(root / "state")
    # The demo's Saturday at 10:40: every kind of slide, the same mix whatever day the
    # benchmark runs (the rotation is driven by hand below, not by the clock).
    moment = datetime(2026, 11, 28, 10, 40, tzinfo=ZoneInfo("Europe/Paris"))
    loaded = load_config(prepare_demo(root / "demo", moment.date()))
    player = Player(loaded, windowed=True, sync_process=True, clock=FixedClock(moment))
    player.stage.resize(1920, 1080)
    player.start()
    run_loop(app, 4)  # the first slide, the sync process started, its first sync
    print(f"RSS after start: {rss_mib():.1f} MiB")

    def rotate(count: int) -> tuple[float, float]:
        began_cpu, began = cpu_seconds(), time.monotonic()
        for number in range(count):
            player.rotation.advance()
            if number % 10 == 0:
                app.processEvents()
        app.processEvents()
        return cpu_seconds() - began_cpu, time.monotonic() - began

    rotate(args.warmup)  # caches fill: glyphs, line images, QR codes, the index
    warm = rss_mib()
    print(f"after a warm-up of {args.warmup:,} slide changes: RSS {warm:.1f} MiB")
    used, wall = rotate(args.rotations)
    print(
        f"after {args.rotations:,} more slide changes at 1920×1080: RSS {rss_mib():.1f} MiB "
        f"({rss_mib() - warm:+.1f} MiB), {used:.1f} s CPU in {wall:.1f} s "
        f"({used / max(args.rotations, 1) * 1000:.1f} ms CPU per slide change)"
    )

    player.rotation.advance()  # a fresh slide
    run_loop(app, 1.5)  # the crossfade ends
    # Between two transitions: the slide stays (its rotation timer stopped, so that no
    # slide change falls in the window); the clock, watchers, timers and syncs run on.
    player.rotation.stop()
    child = player.sync_process.pid if player.sync_process is not None else None
    idle_cpu, idle_child, idle_start = cpu_seconds(), process_cpu_seconds(child), time.monotonic()
    run_loop(app, args.idle)
    span = time.monotonic() - idle_start
    idle = (cpu_seconds() - idle_cpu) / span * 100
    idle_sync = (process_cpu_seconds(child) - idle_child) / span * 100
    print(
        f"idle CPU between two transitions: {idle:.2f} % of one core for the player, "
        f"{idle_sync:.2f} % for its sync process (over {args.idle:g} s)"
    )
    player.stop()


if __name__ == "__main__":
    main()
