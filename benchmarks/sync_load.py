"""Sync costs: the GUI thread's longest stall during a big sync, and one 304 poll's CPU.

* A local server (stdlib, 127.0.0.1) serves a ~2 MB feed with 30 poster images.
* The player's real path runs: APScheduler worker thread → Syncer (download, parse,
  Pillow decode + pre-scale of 30 images, atomic cache writes) → queued signal → GUI.
* Meanwhile a 5 ms QTimer on the GUI thread records how late it fires.
* Then the same feed is polled again N times: each poll is a conditional GET answered
  304; the process CPU time per poll is reported.

Run: .venv/bin/python benchmarks/sync_load.py [--polls N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fixtures import serve
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polls", type=int, default=50)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signage.config import SourceSection  # noqa: PLC0415
    from signage.player.latency import LatencyProbe  # noqa: PLC0415
    from signage.player.sync_bridge import SyncBridge  # noqa: PLC0415
    from signage.sources.sync import Syncer  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as root:
        served, cache = Path(root) / "www", Path(root) / "cache"
        served.mkdir()
        httpd, base = serve(served)
        size = make_content(served, base, 30)
        source = SourceSection(feed=f"{base}/feed.json", cache_dir=cache, max_feed_mb=8)
        syncer = Syncer(source, "maurepas", image_box=(1920, 1080))
        syncer.start()

        reports = []
        bridge = SyncBridge(
            syncer.sync, interval=timedelta(minutes=5), zone=ZoneInfo("Europe/Paris")
        )
        bridge.synced.connect(reports.append)
        probe = LatencyProbe(5)
        probe.start()
        began = time.perf_counter()
        bridge.start()
        while not reports:
            app.processEvents()
            time.sleep(0.001)
        wall = time.perf_counter() - began
        probe.stop()
        bridge.stop()
        report = reports[0]
        assert report.snapshot is not None, report.message
        print(
            f"feed: {size / 1e6:.1f} MB, {len(report.snapshot.feed.workshops)} workshops, "
            f"{report.images_fetched} images fetched and pre-scaled "
            f"({len(report.images_refused)} refused)"
        )
        print(f"sync wall time: {wall:.2f} s (first run of the job included)")
        print(
            f"GUI thread 5 ms timer during the sync: longest stall {probe.worst} ms, "
            f"99th percentile late by {probe.late(0.99)} ms, "
            f"median late by {probe.late(0.5)} ms, {len(probe.gaps)} ticks"
        )

        cpu = []
        for _ in range(args.polls):
            before = time.process_time()
            polled = syncer.sync()
            cpu.append(time.process_time() - before)
            assert polled.status == 304, polled.message
        print(
            f"one 304 poll: {statistics.median(cpu) * 1000:.1f} ms CPU (median of "
            f"{args.polls}, whole process)"
        )
        syncer.close()
        httpd.shutdown()
    del app


if __name__ == "__main__":
    main()
