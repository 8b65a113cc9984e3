"""Sync costs: the GUI thread's longest stall during a big sync, and one 304 poll's CPU.

* A local server (``python -m http.server``, a process of its own, on 127.0.0.1) serves
  a ~2 MB feed with 30 poster images.
* The player's real path runs: APScheduler thread → sync process (download, parse,
  Pillow decode + pre-scale of 30 images, atomic cache writes) → the snapshot handed
  back item by item → content index → queued signal → GUI thread. ``--in-thread`` runs
  the sync in the player's own process instead (as before the sync process; as tests do).
* Meanwhile a 5 ms QTimer on the GUI thread records the gaps between its ticks.
* Then the same feed is polled again N times: each poll is a conditional GET answered
  304; the CPU time per poll of the sync process and of the player's process are
  reported.

Run: .venv/bin/python benchmarks/sync_load.py [--polls N] [--in-thread]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import process_cpu_seconds, serve_elsewhere
from fixtures import workshops as fixture_workshops


def make_content(folder: Path, base: str, images: int) -> int:
    from PIL import Image  # noqa: PLC0415

    for number in range(images):
        image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        (folder / f"poster-{number}.jpg").write_bytes(out.getvalue())
    workshops = fixture_workshops(5800)
    feed = {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
        "workshops": workshops,
        "posters": [
            {"image": f"{base}/poster-{n}.jpg", "caption": f"Affiche {n}"} for n in range(images)
        ],
    }
    data = json.dumps(feed, ensure_ascii=False).encode()
    (folder / "feed.json").write_bytes(data)
    return len(data)


class Collections:
    """Times the garbage collector's passes (they hold the GIL: every thread waits)."""

    def __init__(self) -> None:
        self.longest = (0.0, -1)
        self._began = 0.0

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            took = time.perf_counter() - self._began
            self.longest = max(self.longest, (took, info["generation"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polls", type=int, default=300)
    parser.add_argument("--in-thread", action="store_true", help="sync in the player's process")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signage.config import SourceSection  # noqa: PLC0415
    from signage.player.app import (  # noqa: PLC0415
        SWITCH_INTERVAL,
        sync_and_index,
        sync_and_settle,
    )
    from signage.player.latency import LatencyProbe  # noqa: PLC0415
    from signage.player.sync_bridge import SyncBridge  # noqa: PLC0415
    from signage.snapshot import Snapshot, empty_snapshot  # noqa: PLC0415
    from signage.sources.sync import Syncer, SyncReport  # noqa: PLC0415
    from signage.sources.sync_process import SyncProcess, SyncSetup  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as root:
        served, cache = Path(root) / "www", Path(root) / "cache"
        served.mkdir()
        server, base = serve_elsewhere(served)
        size = make_content(served, base, 30)
        source = SourceSection(feed=f"{base}/feed.json", cache_dir=cache, max_feed_mb=8)
        held: list[Snapshot | None] = [None]
        process = None
        if args.in_thread:
            syncer = Syncer(source, "maurepas", image_box=(1920, 1080))
            syncer.start()
            sync = syncer.sync
        else:
            process = SyncProcess(
                SyncSetup(source, "maurepas", (1920, 1080), (), "Europe/Paris", False, "")
            )

            def sync() -> SyncReport:
                assert process is not None
                report = process.sync(held[0])
                held[0] = report.snapshot
                return report

        reports = []
        empty = empty_snapshot("", datetime.now(UTC))
        job = (
            (lambda: sync_and_index(sync, "maurepas"))
            if args.in_thread
            else (lambda: sync_and_settle(sync, "maurepas", lambda: held[0] or empty))
        )
        if not args.in_thread:  # as the player does, once its first frame is shown
            gc.freeze()
            sys.setswitchinterval(SWITCH_INTERVAL)
        bridge = SyncBridge(
            job,
            interval=timedelta(minutes=5),
            zone=ZoneInfo("Europe/Paris"),
        )
        bridge.synced.connect(reports.append)
        probe = LatencyProbe(5)
        probe.start()
        began = time.perf_counter()
        bridge.start()
        with Collections() as collections:
            while not reports:
                app.processEvents()
                time.sleep(0.001)
        wall = time.perf_counter() - began
        probe.stop()
        bridge.stop()
        report = reports[0]
        assert report.snapshot is not None, report.message
        where = "in the player's process" if args.in_thread else "in the sync process"
        print(
            f"feed: {size / 1e6:.1f} MB, {len(report.snapshot.feed.workshops)} workshops, "
            f"{report.images_fetched} images fetched and pre-scaled "
            f"({len(report.images_refused)} refused), {where}"
        )
        print(f"sync wall time: {wall:.2f} s (the sync process's start included)")
        print(
            f"GUI thread 5 ms timer during the sync: longest gap {probe.worst} ms, "
            f"99th percentile late by {probe.late(0.99)} ms, "
            f"median late by {probe.late(0.5)} ms, {len(probe.gaps)} ticks; longest "
            f"garbage collection {collections.longest[0] * 1000:.1f} ms "
            f"(generation {collections.longest[1]})"
        )
        if process is not None and process.pid is not None:
            rss = next(
                int(line.split()[1]) // 1024
                for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
                if line.startswith("VmRSS:")
            )
            print(f"sync process memory (RSS) after the sync: {rss} MiB")

        child_before = process_cpu_seconds(process.pid if process is not None else None)
        player_before = time.process_time()
        for _ in range(args.polls):
            polled = sync()
            assert polled.status == 304, polled.message
            assert polled.snapshot is held[0] or args.in_thread
        player = (time.process_time() - player_before) / args.polls
        child = (
            (process_cpu_seconds(process.pid) - child_before) / args.polls
            if process is not None and process.pid
            else 0.0
        )
        print(
            f"one 304 poll: {(player + child) * 1000:.2f} ms CPU in all "
            f"({child * 1000:.2f} ms in the sync process, {player * 1000:.2f} ms in the "
            f"player's; mean of {args.polls})"
        )
        if process is not None:
            process.close()
        else:
            syncer.close()
        server.terminate()
        server.wait()
    del app


if __name__ == "__main__":
    main()
