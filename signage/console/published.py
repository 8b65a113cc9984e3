"""What was published: the sites (names, hours) and the publication screens should show.

Read from the published ``feed.json`` (``SIGNAGE_CONSOLE_FEED``), again only when the
file changes; each new publication number is recorded, so a screen's content can be said
"à jour" or "en retard de N publications".
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings

from signage.feed import Feed, FeedRefused, parse_feed_bytes
from signage.model import Site

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Published:
    feed: Feed | None = None
    sites: dict[str, Site] = field(default_factory=dict)


_lock = threading.Lock()
_cache: dict[str, tuple[int, Published]] = {}


def published() -> Published:
    """The published feed (cached by modification time); empty when there is none."""
    raw = settings.PUBLISHED_FEED
    if not raw:
        return Published()
    path = Path(raw)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Published()
    with _lock:
        held = _cache.get(raw)
        if held is not None and held[0] == stamp:
            return held[1]
    try:
        feed = parse_feed_bytes(path.read_bytes()).feed
    except (OSError, FeedRefused) as exc:
        log.warning("the published feed %s cannot be read: %s", path, exc)
        return Published()
    result = Published(feed, {site.id: site for site in feed.sites})
    _record(feed)
    with _lock:
        _cache[raw] = (stamp, result)
    return result


def _record(feed: Feed) -> None:
    publications = apps.get_model("console", "Publication")  # a helper below the domains

    if feed.sequence is not None:
        publications.objects.get_or_create(
            sequence=feed.sequence, defaults={"generated_at": feed.generated_at}
        )


def site_names() -> dict[str, str]:
    return {site_id: site.name for site_id, site in published().sites.items()}
