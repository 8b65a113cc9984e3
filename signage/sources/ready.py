"""The content ready to show: the last checked snapshot, kept as Python objects.

Starting from ``snapshot.bin`` means parsing the feed and validating every item again:
with a 2 MB feed of 5,800 workshops, 330 ms before a screen's first frame (seconds on a
Raspberry Pi), and pydantic to import. After each sync the snapshot that was checked is
also written beside it (``snapshot.ready``, see ``signage.ready_file``) with a key naming
what it was made from: this program's version and record sources, the feed's hash, its
images, the cache folder. A start whose key matches loads it in a fraction of that time;
any difference, a damaged file, a missing image, and the feed is parsed as before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from signage import ready_file
from signage.snapshot import Snapshot
from signage.sources.atomic import Replace
from signage.sources.cache import CachedFeed

READY_NAME: Final = "snapshot.ready"


def ready_key(cached: CachedFeed, folder: Path) -> str:
    """What a ready snapshot for ``cached`` in ``folder`` must have been made from."""
    return ready_file.ready_key(
        cached.version,
        cached.source,
        sorted(cached.images.items()),
        sorted(cached.refused.items()),
        str(folder.resolve()),
    )


def write_ready(folder: Path, key: str, snapshot: Snapshot, replace: Replace = os.replace) -> None:
    """Keep ``snapshot`` (the feed's own, images local) for the next start. OSError on
    a disk problem; the caller carries on without it."""
    ready_file.write_ready(folder / READY_NAME, key, snapshot, replace)


def read_ready(folder: Path, key: str) -> Snapshot | None:
    """The ready snapshot made for ``key``, or None (absent, another key, not ours,
    damaged): the caller then parses the feed."""
    return ready_file.read_ready(folder / READY_NAME, key, Snapshot)
