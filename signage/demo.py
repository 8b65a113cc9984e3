"""The bundled demo: ESC Maurepas, with workshops re-dated so the demo never goes stale.

The demo feed's workshops are written in the weeks following the Monday named by its
``demo_reference_monday`` field. ``prepare_demo`` shifts them by whole weeks, keeping
weekday and wall-clock time in the site's zone, into a fresh copy of the feed.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from signage.resources import assets_dir, demo_config_path

DEMO_ZONE = ZoneInfo("Europe/Paris")


def redate_feed(document: dict[str, object], today: date) -> dict[str, object]:
    """A copy of the demo feed whose reference week becomes the week of ``today``."""
    reference = date.fromisoformat(str(document["demo_reference_monday"]))
    this_monday = today - timedelta(days=today.weekday())
    shift = this_monday - reference
    workshops = []
    raw = document.get("workshops", [])
    assert isinstance(raw, list)
    for item in raw:
        moved = dict(item)
        for key in ("start", "end"):
            local = datetime.fromisoformat(item[key]).astimezone(DEMO_ZONE)
            wall = local.replace(tzinfo=None) + shift
            # Re-attach the zone to the wall-clock time: a 14:00 workshop stays at 14:00
            # on both sides of a daylight-saving change.
            moved[key] = wall.replace(tzinfo=DEMO_ZONE).isoformat()
        workshops.append(moved)
    listed = document.get("bookings", [])
    assert isinstance(listed, list)
    bookings = [_moved(dict(item), shift) for item in listed]
    return {
        **document,
        "workshops": workshops,
        "bookings": bookings,
        "generated_at": f"{this_monday}T08:00:00+00:00",
    }


def _moved(booking: dict[str, object], shift: timedelta) -> dict[str, object]:
    """A booking's days moved by ``shift`` (whole weeks: its weekday stays)."""
    for key in ("date", "valid_from", "valid_until"):
        if isinstance(booking.get(key), str):
            booking[key] = (date.fromisoformat(str(booking[key])) + shift).isoformat()
    for key in ("except_on", "cancelled_on"):
        days = booking.get(key)
        if isinstance(days, list):
            booking[key] = [(date.fromisoformat(str(d)) + shift).isoformat() for d in days]
    return booking


def prepare_demo(folder: Path, today: date) -> Path:
    """Write the demo config and a re-dated demo feed into ``folder``; return the config."""
    folder.mkdir(parents=True, exist_ok=True)
    source = assets_dir() / "demo"
    document = json.loads((source / "feed.json").read_text(encoding="utf-8"))
    feed = folder / "feed.json"
    feed.write_text(json.dumps(redate_feed(document, today), ensure_ascii=False), "utf-8")
    for image in source.glob("*.png"):
        shutil.copyfile(image, folder / image.name)
    config = folder / "demo.toml"
    text = demo_config_path().read_text(encoding="utf-8")
    # The demo keeps its cache beside its feed, so demo runs leave nothing elsewhere.
    text = text.replace('"../assets/demo/feed.json"', '"feed.json"\ncache_dir = "cache"')
    config.write_text(text, "utf-8")
    return config
