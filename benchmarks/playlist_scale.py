"""The playlist's work per slide change against the size of the feed.

Prints, for feeds of 100 to 100,000 workshops (and as many semainier slots spread over
the week, announcements with validity dates), the time to index the feed once (done in
the sync thread) and the median and worst time of ``build_playlist`` + ``next_change``
per slide change (done on the GUI thread), over simulated slide changes. Before the
index, 100,000 workshops cost 0.2–0.5 s per slide change.

Run: .venv/bin/python benchmarks/playlist_scale.py [--changes N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from signage.config import ScreenConfig
from signage.content_index import warm
from signage.feed import Feed
from signage.model import Announcement, SemainierSlot, Weekday, Workshop
from signage.playlist import build_playlist, next_change

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 28, 10, 40, tzinfo=PARIS)
CONFIG = ScreenConfig.model_validate({"site": {"id": "maurepas"}, "source": {"feed": "feed.json"}})


def feed_of(count: int) -> Feed:
    start = NOW - timedelta(days=30)
    workshops = tuple(
        Workshop.model_validate(
            {
                "start": start + timedelta(minutes=17 * n),
                "end": start + timedelta(minutes=17 * n + 90),
                "title": f"Atelier {n}",
                "sites": ["maurepas"] if n % 3 else ["villejean"],
            }
        )
        for n in range(count)
    )
    days = list(Weekday)
    slots = tuple(
        SemainierSlot.model_validate(
            {
                "weekday": days[n % 7],
                "start": f"{8 + n % 9:02d}:00",
                "end": f"{9 + n % 9:02d}:30",
                "title": f"Permanence {n}",
                "sites": ["maurepas"] if n % 50 == 0 else ["villejean"],
            }
        )
        for n in range(count)
    )
    announcements = tuple(
        Announcement.model_validate(
            {
                "title": f"Info {n}",
                "valid_from": NOW + timedelta(hours=n % 500 - 250),
                "valid_until": NOW + timedelta(hours=n % 500 - 240),
                "sites": ["maurepas"] if n % 10 == 0 else ["villejean"],
            }
        )
        for n in range(max(1, count // 10))
    )
    return Feed(
        format="esc-signage-feed",
        version=1,
        workshops=workshops,
        semainier=slots,
        announcements=announcements,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    args = parser.parse_args()
    print("per slide change: build_playlist + next_change (GUI thread), in ms")
    for count in (int(s) for s in args.sizes.split(",")):
        feed = feed_of(count)
        began = time.perf_counter()
        warm(feed, "maurepas")
        indexed = (time.perf_counter() - began) * 1000
        times = []
        for change in range(args.changes):
            moment = NOW + timedelta(seconds=15 * change)
            began = time.perf_counter()
            build_playlist(feed, CONFIG, moment)
            next_change(feed, CONFIG, moment)
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"  {count:>7,} workshops: median {statistics.median(times):5.2f}, "
            f"worst {max(times):5.2f}  (index built once: {indexed:,.0f} ms, sync thread)"
        )


if __name__ == "__main__":
    main()
