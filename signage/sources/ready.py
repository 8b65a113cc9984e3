"""The content ready to show: the last checked snapshot, kept as Python objects.

Starting from ``snapshot.bin`` means parsing the feed and validating every item again:
with a 2 MB feed of 5,800 workshops, 330 ms before a screen's first frame (seconds on a
Raspberry Pi). After each sync the snapshot that was checked is also written beside it
(``snapshot.ready``, a pickle) with a key naming what it was made from: this program's
version and model sources, the feed's hash, its images, the cache folder. A start whose
key matches loads it in a fraction of that time; any difference, a damaged file, a
missing image, and the feed is parsed as before.

Unpickling runs code named in the file, so the file is used only when it and its folder
belong to the user running the player and nobody else may write them (as ssh checks its
keys): whoever could write it could already change this user's config and programs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import stat
from functools import cache
from pathlib import Path
from typing import Final

import pydantic

import signage
from signage.snapshot import Snapshot
from signage.sources.atomic import Replace, atomic_write
from signage.sources.cache import CachedFeed

log = logging.getLogger(__name__)

READY_NAME: Final = "snapshot.ready"
# The code that gives the pickled objects their meaning: a change there, another key.
_MODEL_SOURCES: Final = ("feed.py", "snapshot.py", "bounds.py", "model")


@cache
def _models_digest() -> str:
    root = Path(signage.__file__).parent
    digest = hashlib.sha256()
    for name in _MODEL_SOURCES:
        path = root / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def ready_key(cached: CachedFeed, folder: Path) -> str:
    """What a ready snapshot for ``cached`` in ``folder`` must have been made from."""
    made_from = [
        signage.__version__,
        pydantic.VERSION,
        _models_digest(),
        cached.version,
        cached.source,
        sorted(cached.images.items()),
        sorted(cached.refused.items()),
        str(folder.resolve()),
    ]
    return hashlib.sha256(json.dumps(made_from).encode()).hexdigest()


def write_ready(folder: Path, key: str, snapshot: Snapshot, replace: Replace = os.replace) -> None:
    """Keep ``snapshot`` (the feed's own, images local) for the next start. OSError on
    a disk problem; the caller carries on without it."""
    data = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(folder / READY_NAME, key.encode() + b"\n" + data, replace=replace)


def read_ready(folder: Path, key: str) -> Snapshot | None:
    """The ready snapshot made for ``key``, or None (absent, another key, not ours,
    damaged): the caller then parses the feed."""
    path = folder / READY_NAME
    try:
        if not (_private(folder) and _private(path)):
            log.warning("%s is ignored: it must belong to this user, writable by no one else", path)
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("%s not read (%s): the feed is parsed", path, exc)
        return None
    head, _, body = data.partition(b"\n")
    if head != key.encode():
        return None  # made by another version, from another feed or other images
    try:
        snapshot = pickle.loads(body)  # our own file, checked above
    except Exception as exc:  # damaged: parse the feed, as before the ready file
        log.info("%s is damaged (%s: %s): the feed is parsed", path, type(exc).__name__, exc)
        return None
    return snapshot if isinstance(snapshot, Snapshot) else None


def _private(path: Path) -> bool:
    info = path.lstat()
    return (
        not stat.S_ISLNK(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
