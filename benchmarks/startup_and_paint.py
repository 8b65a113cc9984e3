"""Start-up and paint-time figures for this build (offscreen, raster).

Prints:
* process start to first painted slide, each beside its floor (``floor.py``, a bare
  PySide6 script painting a similar slide): a fresh ``signage render`` process
  (interpreter start, imports, fonts, config, cached feed, playlist, painting, PNG)
  beside the script writing its PNG, and a fresh ``signage run`` until it tells systemd
  the first slide is drawn on its window (READY=1) beside the script showing its slide
  on a Qt Quick window until drawn, both with a warm cache (and ``run`` again with a
  2 MB feed of 5,800 workshops in its cache); wall time and peak memory, median of
  repeated runs;
* paint time of each slide kind at 1920×1080 and 3840×2160, median of repeated paints
  into a QImage (the path the window uses).

Run: .venv/bin/python benchmarks/startup_and_paint.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The demo's week (its Saturday): slides painted at a moment that has all of them.
DEMO_DAY = date(2026, 11, 28)


def _peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), read while it still runs."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak memory of a process that paints one PNG and ends."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command} failed: {process.stderr.read().decode()}")  # type: ignore[union-attr]
    return wall, usage.ru_maxrss / 1024


def floor(runs: int, folder: Path, *, window: bool = False) -> tuple[float, float]:
    """The bare PySide6 script (benchmarks/floor.py): Python + Qt, nothing of signage;
    with ``window``, the same slide shown on a Qt Quick window until drawn (the floor of
    a player whose stage is Qt Quick)."""
    script = Path(__file__).with_name("floor.py")
    command = [sys.executable, str(script), str(folder / "floor.png")]
    return _median([_timed([*command, "--window"] if window else command) for _ in range(runs)])


def render(runs: int, config: Path, folder: Path) -> tuple[float, float]:
    """``signage render`` of the semainier, the cache warm (as on a screen), on the
    demo's Saturday at 10:30: the same slide whatever day the benchmark runs (the demo
    has no Sunday, and a render of "now" on a Sunday has no semainier to paint)."""
    command = [
        sys.executable,
        "-m",
        "signage",
        "render",
        "--config",
        str(config),
        "--slide",
        "semainier",
        "--at",
        f"{DEMO_DAY.isoformat()}T10:30",
        "--out",
        str(folder / "render.png"),
    ]
    # A sync fills the cache, as a screen's first run does (a render with --at only reads).
    warm = [sys.executable, "-m", "signage", "fetch", "--config", str(config)]
    subprocess.run(warm, check=True, capture_output=True)
    return _median([_timed(command) for _ in range(runs)])


def run_first_frame(runs: int, config: Path) -> tuple[float, float]:
    """``signage run`` (offscreen) until it tells systemd READY=1: the first slide is on
    screen. Its cache is warm (a first run synced, left running 4 s); peak memory at
    that moment."""
    samples = []
    for number in range(runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            address = str(Path(folder) / "notify")
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.bind(address)
                sock.settimeout(60)
                env = {**os.environ, "NOTIFY_SOCKET": address}
                began = time.perf_counter()
                process = subprocess.Popen(
                    [sys.executable, "-m", "signage", "run", "--config", str(config)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    while b"READY=1" not in sock.recv(4096):
                        pass
                    wall = time.perf_counter() - began
                    memory = _peak_rss_mib(process.pid)
                    if not number:
                        # The first run syncs, and its sync process keeps the checked
                        # snapshot ready for the next starts: let it.
                        time.sleep(4)
                finally:
                    process.terminate()
                    process.wait(30)
        if number:  # the first run fills the cache
            samples.append((wall, memory))
    return _median(samples)


def big_screen(folder: Path) -> Path:
    """A screen whose feed is 2 MB (5,800 workshops), read from a file: its config."""
    sys.path.insert(0, str(Path(__file__).parent))
    from fixtures import workshops  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    feed = {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
        "workshops": workshops(5800),
    }
    (folder / "feed.json").write_text(json.dumps(feed, ensure_ascii=False), "utf-8")
    config = folder / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n[source]\nfeed = "feed.json"\ncache_dir = "{folder / "cache"}"\n'
        '[[playlist]]\nkind = "agenda"\nduration = 10\n',
        "utf-8",
    )
    return config


def _median(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


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
    config = prepare_demo(folder, DEMO_DAY)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, platform plugin {os.environ['QT_QPA_PLATFORM']}"
    )
    runs = max(3, args.runs // 3)
    scratch = Path(tempfile.mkdtemp(prefix="signage-bench-"))
    # As on a screen from its second start: Python's compiled modules are kept (some
    # shells and CI set PYTHONDONTWRITEBYTECODE, which makes every start compile signage
    # again: 110 ms here), and so is the checked config, in a state folder of its own.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    os.environ["XDG_STATE_HOME"] = str(scratch / "state")
    # ``run`` shows now, as a screen does: content re-dated to this week; ``render``
    # paints the demo's Saturday.
    today = prepare_demo(scratch / "today", datetime.now(ZoneInfo("Europe/Paris")).date())
    saturday = prepare_demo(scratch / "saturday", DEMO_DAY)
    image_floor = floor(runs, scratch)
    quick_floor = floor(runs, scratch, window=True)
    print(f"process start to first painted slide, median of {runs} (wall, peak memory):")
    big = big_screen(scratch / "big")
    rows = (
        ("floor: PySide6, slide to PNG", image_floor, None),
        ("signage render, cache warm", render(runs, saturday, scratch), image_floor),
        ("floor: PySide6 + Qt Quick", quick_floor, None),
        ("signage run, to READY=1", run_first_frame(runs, today), quick_floor),
        ("  the same, 2 MB feed cached", run_first_frame(runs, big), quick_floor),
    )
    for name, (wall, memory), base in rows:
        compared = (
            f"   ({wall / base[0]:.2f}× its floor's time, {memory / base[1]:.2f}× its memory)"
            if base
            else ""
        )
        print(f"  {name:<29} {wall * 1000:5.0f} ms  {memory:4.0f} MiB{compared}")
    print(f"paint time per slide kind (median of {args.runs}):")
    for (kind, size), seconds in paint_times(args.runs, config).items():
        print(f"  {kind:<13} {size:>10}  {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
