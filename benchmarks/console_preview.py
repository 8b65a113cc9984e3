"""Console previews: the time a render process takes to paint a slide, cold and warm,
and a whole preview request through the console (form checked, feed built, painted).

    python benchmarks/console_preview.py [--runs 20]

Prints, per shape: the first paint (process start, Qt, fonts, feed read) and the median
and worst of the warm paints (PNG bytes ready), then the console's end-to-end preview
page (Django test client, the example content imported) median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHAPES = ((1920, 1080), (1280, 720), (3840, 2160), (1080, 1920))
DEMO_DAY = date(2026, 11, 28)


def paints(runs: int) -> None:
    from signage.console.preview.pool import RenderPool  # noqa: PLC0415
    from signage.demo import prepare_demo  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        # The demo's Saturday: a semainier to paint whatever day the benchmark runs.
        prepare_demo(Path(folder), DEMO_DAY)
        pool = RenderPool(1)
        try:
            for width, height in SHAPES:
                request = {
                    "feed": str(Path(folder) / "feed.json"),
                    "site": "maurepas",
                    "size": [width, height],
                    "at": f"{DEMO_DAY.isoformat()}T10:00:00+01:00",
                    "kind": "semainier",
                }
                started = time.perf_counter()
                pool.render(request)
                first = time.perf_counter() - started
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    header, png = pool.render(request)
                    times.append(time.perf_counter() - started)
                    assert header["ok"], header
                print(
                    f"paint {width}×{height}: first {first * 1000:.0f} ms (incl. feed read), "
                    f"warm median {statistics.median(times) * 1000:.0f} ms, "
                    f"worst {max(times) * 1000:.0f} ms, PNG {len(png) / 1024:.0f} KiB"
                )
        finally:
            pool.close()


def end_to_end(runs: int) -> None:
    state = tempfile.mkdtemp(prefix="signage-bench-")
    os.environ["SIGNAGE_CONSOLE_STATE"] = state
    os.environ["DJANGO_SETTINGS_MODULE"] = "signage.console.settings"
    os.environ["SIGNAGE_CONSOLE_FEED"] = str(Path(state) / "published" / "feed.json")
    import django  # noqa: PLC0415

    django.setup()
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from signage.console.content.folder import import_folder  # noqa: PLC0415
    from signage.console.models import Membership, Role  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    import_folder(ROOT / "assets" / "example-content" / "admins")
    user = get_user_model().objects.create_user("bench", "", "x" * 12)
    Membership.objects.create(user=user, role=Role.ADMIN)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    query = {"site": "maurepas", "slide": "semainier", "moment": "mardi prochain à 10 h"}
    started = time.perf_counter()
    client.get("/apercu/", query)
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get("/apercu/", query)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200 and b"data:image/png" in answer.content
    print(
        f"preview page 1920×1080 (+ the week's schedule): first {cold * 1000:.0f} ms, "
        f"warm median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    paints(args.runs)
    end_to_end(args.runs)


if __name__ == "__main__":
    main()
