"""Proof of display, received: each heartbeat's tally (``signage.ops.tally``) added to
the day's counts of its screen; read back per site, kind and item for the reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from signage.console.models import DisplayCount, Screen

MAX_ROWS: Final = 1000
KINDS: Final = {"semainier", "agenda", "announcements", "wifi", "apps", "posters", "urgent"}
# The feed's section an item of a kind of slide comes from (for its title and owner).
SECTION: Final = {
    "semainier": "semainier",
    "agenda": "workshops",
    "announcements": "announcements",
    "urgent": "announcements",
    "wifi": "wifi",
    "apps": "apps",
    "posters": "posters",
}


def count_shown(screen: Screen, shown: Any, now: datetime) -> int:
    """Add a heartbeat's tally to the counts; the rows taken (malformed ones skipped)."""
    if not isinstance(shown, dict) or not isinstance(shown.get("rows"), list):
        return 0
    day: date = timezone.localdate(now)
    taken = 0
    with transaction.atomic():
        for row in shown["rows"][:MAX_ROWS]:
            if not (isinstance(row, list) and len(row) == 4):
                continue
            kind, item, shows, seconds = row
            if (
                kind not in KINDS
                or not isinstance(item, str)
                or len(item) > 120
                or not isinstance(shows, int)
                or not isinstance(seconds, int | float)
                or not 0 < shows < 100_000
                or not 0 <= seconds < 10**7
            ):
                continue
            found, _ = DisplayCount.objects.get_or_create(
                screen=screen, day=day, kind=kind, item=item, defaults={"site": screen.site}
            )
            DisplayCount.objects.filter(pk=found.pk).update(
                shows=F("shows") + shows, seconds=F("seconds") + float(seconds)
            )
            taken += 1
    return taken
