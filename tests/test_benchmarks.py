"""The benchmark scripts keep working (their figures are read by people, not asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("startup_and_paint.py", ["--runs", "1"], "paint time per slide kind"),
        ("sync_load.py", ["--polls", "1"], "one 304 poll"),
        ("transition.py", ["--fades", "1", "--size", "640x360"], "while syncing a 2 MB feed"),
        (
            "serve_load.py",
            ["--screens", "4", "--seconds", "0.5", "--servers", "serve", "--processes", "1"],
            "CPU ms/req",
        ),
        (
            "long_run.py",
            ["--warmup", "20", "--rotations", "40", "--idle", "1"],
            "idle CPU between two transitions",
        ),
        ("text_fit.py", ["--repeat", "1"], "worst over all shapes"),
        ("playlist_scale.py", ["--changes", "5", "--sizes", "100,1000"], "per slide change"),
        ("image_memory.py", ["--sizes", "400x300"], "peak memory above baseline"),
        (
            "console_load.py",
            [
                "--screens",
                "20",
                "--seconds",
                "1",
                "--clients",
                "1",
                "--threads",
                "2",
                "--workers",
                "1",
            ],
            "fleet page with 20 screens",
        ),
        ("console_preview.py", ["--runs", "1"], "warm median"),
        (
            "capacity.py",
            ["--screens", "20", "--seconds", "3", "--warmup", "1", "--per-kind", "20"],
            "heartbeat with 6 counts",
        ),
        (
            "urgent_latency.py",
            ["--screens", "4", "--watch", "5", "--rounds", "1"],
            "server load per screen",
        ),
    ],
)
def test_benchmark_runs(script: str, args: list[str], expected: str, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
