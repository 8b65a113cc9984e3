"""Start-up and paint-time figures for this build (offscreen, raster).

Prints:
* process start to first painted slide: a fresh ``python -m signage render`` process
  (interpreter start, imports, fonts, config, feed, playlist, painting, PNG), median of
  repeated runs;
* paint time of each slide kind at 1920×1080 and 3840×2160, median of repeated paints
  into a QImage (the path the window uses).

Run: .venv/bin/python benchmarks/startup_and_paint.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def startup(runs: int, config: Path) -> float:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "signage",
                    "render",
                    "--config",
                    str(config),
                    "--slide",
                    "semainier",
                    "--at",
                    "2026-11-28T10:40",
                    "--out",
                    str(Path(folder) / "first.png"),
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def paint_times(runs: int, config_path: Path) -> dict[tuple[str, str], float]:
    from PySide6.QtCore import QSize  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

    from signage.config import load_config  # noqa: PLC0415
    from signage.player.context import PaintContext  # noqa: PLC0415
    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.render import render_frame  # noqa: PLC0415
    from signage.player.theme import Theme  # noqa: PLC0415
    from signage.playlist import build_playlist, fallback_slide, resolve_site  # noqa: PLC0415
    from signage.sources.sync import Syncer  # noqa: PLC0415

    app = QGuiApplication.instance() or QGuiApplication([])
    config = load_config(config_path).config
    assert config is not None
    syncer = Syncer(config.source, config.site.id)
    report = syncer.sync()
    syncer.close()
    assert report.snapshot is not None, report.message
    feed = report.snapshot.feed
    now = datetime(2026, 11, 28, 10, 40, tzinfo=ZoneInfo("Europe/Paris"))
    slides = {}
    for slide in build_playlist(feed, config, now):
        slides.setdefault(type(slide).__name__.removesuffix("Slide").lower(), slide)
    slides["fallback"] = fallback_slide(resolve_site(feed, config))
    ctx = PaintContext(now=now, theme=Theme(load_fonts()))
    results = {}
    for size in ((1920, 1080), (3840, 2160)):
        for kind, slide in slides.items():
            render_frame(slide, QSize(*size), ctx)  # warm caches (QR matrices, glyphs)
            samples = []
            for _ in range(runs):
                began = time.perf_counter()
                render_frame(slide, QSize(*size), ctx)
                samples.append(time.perf_counter() - began)
            results[(kind, f"{size[0]}×{size[1]}")] = statistics.median(samples)
    del app
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from signage.demo import prepare_demo  # noqa: PLC0415

    folder = Path(tempfile.mkdtemp(prefix="signage-bench-"))
    config = prepare_demo(folder, date(2026, 11, 28))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, platform plugin {os.environ['QT_QPA_PLATFORM']}"
    )
    print(
        f"process start to first painted slide (median of {max(3, args.runs // 3)}): "
        f"{startup(max(3, args.runs // 3), config) * 1000:.0f} ms"
    )
    print(f"paint time per slide kind (median of {args.runs}):")
    for (kind, size), seconds in paint_times(args.runs, config).items():
        print(f"  {kind:<13} {size:>10}  {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
