"""Crossfade smoothness at 1920×1080 while a sync job parses a large feed.

The stage crossfades between two demo slides again and again (0.8 s each) while the
player's real sync path (APScheduler thread → sync process → the snapshot handed back
item by item → content index) downloads, parses and hands over a ~2 MB feed that the
local server changes at every request, over and over (``--in-thread``: the sync runs in
the player's own process, as before the sync process). Every frame the scene graph delivers
(``frameSwapped``, timed from the thread that emits it) is timed. Reported: the worst
frame interval during transitions and the frames dropped against a 60 Hz display (an
interval of n × 16.7 ms drops n − 1 frames), with and without the sync running.

The figure depends on Qt Quick's render loop: offscreen (tests, CI) it is the software
renderer on the GUI thread; with OpenGL (a Raspberry Pi, a PC, or Xvfb with Mesa:
``QT_QPA_PLATFORM=xcb``) it is the threaded loop, whose animators do not need the GIL.

Run: .venv/bin/python benchmarks/transition.py [--fades N]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import serve_changing
from fixtures import workshops as fixture_workshops

FRAME_MS = 1000 / 60


def big_feed() -> dict[str, object]:
    return {"format": "esc-signage-feed", "version": 1, "workshops": fixture_workshops(6000)}


def measure(
    app: object, fades: int, sync: bool, size: tuple[int, int], in_thread: bool
) -> tuple[float, int, int, int]:
    from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer  # noqa: PLC0415

    from signage.config import SourceSection, load_config  # noqa: PLC0415
    from signage.demo import prepare_demo  # noqa: PLC0415
    from signage.player.app import (  # noqa: PLC0415
        SWITCH_INTERVAL,
        sync_and_index,
        sync_and_settle,
    )
    from signage.player.context import PaintContext  # noqa: PLC0415
    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.render import render_body  # noqa: PLC0415
    from signage.player.stage import SlideStage  # noqa: PLC0415
    from signage.player.sync_bridge import SyncBridge  # noqa: PLC0415
    from signage.player.theme import Theme  # noqa: PLC0415
    from signage.playlist import build_playlist  # noqa: PLC0415
    from signage.snapshot import Snapshot  # noqa: PLC0415
    from signage.sources.sync import Syncer, SyncReport  # noqa: PLC0415
    from signage.sources.sync_process import SyncProcess, SyncSetup  # noqa: PLC0415

    zone = ZoneInfo("Europe/Paris")
    now = datetime(2026, 11, 28, 10, 40, tzinfo=zone)
    root = Path(tempfile.mkdtemp(prefix="signage-bench-"))
    loaded = load_config(prepare_demo(root / "demo", date(2026, 11, 28)))
    assert loaded.config is not None
    demo = Syncer(loaded.config.source, "maurepas")
    snapshot = demo.sync().snapshot
    assert snapshot is not None
    ctx = PaintContext(now=now, theme=Theme(load_fonts()))
    slides = build_playlist(snapshot.feed, loaded.config, now)[:2]
    stage = SlideStage(lambda: ctx, transition_ms=800)
    stage.resize(*size)
    stage.show()
    bodies = [render_body(s, QSize(*size), ctx) for s in slides]

    frames: list[float] = []
    # Direct: timed in the thread that swaps (the render thread when there is one).
    stage.frameSwapped.connect(
        lambda: frames.append(time.perf_counter()), Qt.ConnectionType.DirectConnection
    )
    bridge = None
    syncs: list[object] = []
    process = None
    if sync:
        served = root / "www"
        served.mkdir()
        _server, base = serve_changing(served, big_feed())  # a daemon thread
        source = SourceSection(feed=f"{base}/feed.json", cache_dir=root / "cache", max_feed_mb=8)
        held: list[Snapshot | None] = [None]
        if in_thread:
            syncer = Syncer(source, "maurepas")

            def heavy() -> SyncReport:
                return sync_and_index(syncer.sync, "maurepas")
        else:
            process = SyncProcess(SyncSetup(source, "maurepas", size, (), zone.key, False, ""))

            def heavy() -> SyncReport:
                assert process is not None
                report = sync_and_settle(
                    lambda: process.sync(held[0]), "maurepas", lambda: held[0] or snapshot
                )
                held[0] = report.snapshot
                return report

            gc.freeze()  # as the player does once its first frame is shown
            sys.setswitchinterval(SWITCH_INTERVAL)

        bridge = SyncBridge(heavy, interval=timedelta(seconds=1), zone=zone)
        bridge.synced.connect(syncs.append)
        bridge.start()
    intervals: list[float] = []
    loop = QEventLoop()
    for number in range(fades):
        frames.clear()
        stage.show_slide(bodies[number % 2], slides[0].site, str(number))
        end = time.perf_counter() + 0.9
        # The event loop runs in Qt, as ``app.exec()`` in the player: no Python between
        # frames but the timing callback.
        QTimer.singleShot(900, loop.quit)
        loop.exec()
        moving = [t for t in frames if t < end - 0.1]  # the 0.8 s of the fade
        intervals += [(b - a) * 1000 for a, b in itertools.pairwise(moving)]
    if bridge is not None:
        bridge.stop()
    if process is not None:
        process.close()
    dropped = sum(max(0, round(i / FRAME_MS) - 1) for i in intervals)
    return max(intervals, default=0.0), dropped, len(intervals) + 1, len(syncs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fades", type=int, default=10)
    parser.add_argument("--size", default="1920x1080", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--in-thread", action="store_true", help="sync in the player's process")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    print(
        f"platform {app.platformName()}, Qt Quick backend "  # type: ignore[attr-defined]
        f"{os.environ.get('QT_QUICK_BACKEND', 'default')}, render loop "
        f"{os.environ.get('QSG_RENDER_LOOP', 'default')}"
    )
    for sync in (False, True):
        size = tuple(int(v) for v in args.size.split("x"))
        worst, dropped, frames, syncs = measure(
            app, args.fades, sync, (size[0], size[1]), args.in_thread
        )
        where = " in the player's process" if args.in_thread else " in the sync process"
        label = f"while syncing a 2 MB feed{where} ({syncs} syncs)" if sync else "idle"
        print(
            f"crossfade {size[0]}×{size[1]}, {label}: worst frame {worst:.1f} ms, "
            f"{dropped} of {frames + dropped} frames dropped at 60 Hz ({args.fades} fades)"
        )


if __name__ == "__main__":
    main()
