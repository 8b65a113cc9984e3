"""Crossfade smoothness at 1920×1080 while a sync job parses a large feed.

The stage crossfades between two demo slides again and again (0.8 s each) while the
player's real sync path (APScheduler thread → Syncer) downloads and parses a ~2 MB feed
from a local server, over and over. Every frame the scene graph delivers
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
import itertools
import json
import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import serve
from fixtures import workshops as fixture_workshops

FRAME_MS = 1000 / 60


def big_feed(folder: Path) -> None:
    workshops = fixture_workshops(6000)
    document = {"format": "esc-signage-feed", "version": 1, "workshops": workshops}
    (folder / "feed.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")


def measure(app: object, fades: int, sync: bool, size: tuple[int, int]) -> tuple[float, int, int]:
    from PySide6.QtCore import QSize, Qt  # noqa: PLC0415

    from signage.config import SourceSection, load_config  # noqa: PLC0415
    from signage.demo import prepare_demo  # noqa: PLC0415
    from signage.player.context import PaintContext  # noqa: PLC0415
    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.render import render_body  # noqa: PLC0415
    from signage.player.stage import SlideStage  # noqa: PLC0415
    from signage.player.sync_bridge import SyncBridge  # noqa: PLC0415
    from signage.player.theme import Theme  # noqa: PLC0415
    from signage.playlist import build_playlist  # noqa: PLC0415
    from signage.sources.sync import Syncer  # noqa: PLC0415

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
    if sync:
        served = root / "www"
        served.mkdir()
        big_feed(served)
        _server, base = serve(served)  # a daemon thread: it ends with the process
        source = SourceSection(
            feed=f"{base}/feed.json",
            cache_dir=root / "cache",
            max_feed_mb=8,
        )
        # A fresh cache for every sync, so each one downloads and parses the whole feed.
        counter = [0]

        def heavy() -> object:
            counter[0] += 1
            fresh = source.model_copy(update={"cache_dir": root / f"cache{counter[0]}"})
            return Syncer(fresh, "maurepas").sync()

        bridge = SyncBridge(heavy, interval=timedelta(seconds=1), zone=zone)  # type: ignore[arg-type]
        bridge.start()
    intervals: list[float] = []
    for number in range(fades):
        frames.clear()
        stage.show_slide(bodies[number % 2], slides[0].site, str(number))
        end = time.perf_counter() + 0.9
        while time.perf_counter() < end:
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.001)
        moving = [t for t in frames if t < end - 0.1]  # the 0.8 s of the fade
        intervals += [(b - a) * 1000 for a, b in itertools.pairwise(moving)]
    if bridge is not None:
        bridge.stop()
    dropped = sum(max(0, round(i / FRAME_MS) - 1) for i in intervals)
    return max(intervals, default=0.0), dropped, len(intervals) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fades", type=int, default=10)
    parser.add_argument("--size", default="1920x1080", help="window size, WIDTHxHEIGHT")
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
        worst, dropped, frames = measure(app, args.fades, sync, (size[0], size[1]))
        label = "while syncing a 2 MB feed" if sync else "idle"
        print(
            f"crossfade {size[0]}×{size[1]}, {label}: worst frame {worst:.1f} ms, "
            f"{dropped} of {frames + dropped} frames dropped at 60 Hz ({args.fades} fades)"
        )


if __name__ == "__main__":
    main()
