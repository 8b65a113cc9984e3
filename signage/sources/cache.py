"""The last-good cache: the snapshot and its images, on disk, written atomically.

Layout of the cache folder::

    snapshot.bin          one line of JSON (metadata, sha256 of the rest), then the feed
    images/<sha>-WxH.png  pre-scaled images, named from the hash of their source bytes
    corrupt/              snapshot files that failed their check, set aside for a human

The snapshot is one file replaced in one step, so a sync killed at any moment leaves the
old snapshot or the new one. Its hash detects a file damaged on disk; such a file is moved
to ``corrupt/``, logged, and the next sync fetches the feed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final

from signage.bounds import check_instant
from signage.sources.atomic import Replace, atomic_write, private_folder, remove_leftovers

log = logging.getLogger(__name__)

SNAPSHOT_NAME: Final = "snapshot.bin"
CACHE_FORMAT: Final = 1
# What the sync names a stored image: the hash of its source bytes and the box size.
IMAGE_NAME: Final = re.compile(r"^[0-9a-f]{64}-\d{1,5}x\d{1,5}\.png$")


class CacheCorrupt(Exception):
    """The snapshot file failed its check; it has been set aside."""


@dataclass(frozen=True)
class CachedFeed:
    """What the cache holds: the feed bytes and what is needed to use and renew them."""

    feed_bytes: bytes
    source: str
    fetched_at: datetime
    confirmed_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    # image reference (URL or path) -> stored file name, for images that were accepted
    images: dict[str, str] = field(default_factory=dict)
    # image reference -> why it was refused, so a refused image is not fetched every sync
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return hashlib.sha256(self.feed_bytes).hexdigest()


class ContentCache:
    """Reads and writes the cache folder. Every write is atomic; errors are OSError."""

    def __init__(self, folder: Path, *, replace: Replace = os.replace) -> None:
        self.folder = folder
        self.images = folder / "images"
        self._replace = replace

    def prepare(self) -> None:
        """Create the folders (the owner's only) and clear temp files left by an
        interrupted write."""
        private_folder(self.folder)
        self.images.mkdir(parents=True, exist_ok=True)
        removed = remove_leftovers(self.folder) + remove_leftovers(self.images)
        if removed:
            log.info(
                "cache %s: removed %d unfinished file(s) of an interrupted sync",
                self.folder,
                removed,
            )

    def load(self) -> CachedFeed | None:
        """The cached feed, None if there is none; CacheCorrupt if it fails its check."""
        path = self.folder / SNAPSHOT_NAME
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            header, _, body = data.partition(b"\n")
            meta = json.loads(header)
            if not isinstance(meta, dict):
                raise ValueError("no metadata line")
            if meta.get("cache_format") != CACHE_FORMAT:
                raise ValueError(f"unknown cache format {meta.get('cache_format')!r}")
            if hashlib.sha256(body).hexdigest() != meta["sha256"]:
                raise ValueError("the feed does not match its recorded sha256")
            images = {str(k): str(v) for k, v in meta.get("images", {}).items()}
            if not all(IMAGE_NAME.match(name) for name in images.values()):
                raise ValueError("an image entry is not a cache file name")
            return CachedFeed(
                feed_bytes=body,
                source=str(meta["source"]),
                fetched_at=_instant(meta["fetched_at"]),
                confirmed_at=_instant(meta["confirmed_at"]),
                etag=_optional_text(meta.get("etag")),
                last_modified=_optional_text(meta.get("last_modified")),
                images=images,
                refused={str(k): str(v) for k, v in meta.get("refused", {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            aside = self.set_aside(f"damaged ({exc})")
            raise CacheCorrupt(f"{path} is damaged ({exc}); moved to {aside}") from exc

    def store(self, cached: CachedFeed) -> None:
        """Write the snapshot atomically (images must already be stored)."""
        meta = {
            "cache_format": CACHE_FORMAT,
            "sha256": cached.version,
            "source": cached.source,
            "fetched_at": cached.fetched_at.isoformat(),
            "confirmed_at": cached.confirmed_at.isoformat(),
            "etag": cached.etag,
            "last_modified": cached.last_modified,
            "images": cached.images,
            "refused": cached.refused,
        }
        header = json.dumps(meta, ensure_ascii=True, separators=(",", ":")).encode()
        atomic_write(
            self.folder / SNAPSHOT_NAME, header + b"\n" + cached.feed_bytes, replace=self._replace
        )

    def image_path(self, name: str) -> Path:
        return self.images / name

    def store_image(self, name: str, png: bytes) -> Path:
        path = self.images / name
        if not path.exists():
            atomic_write(path, png, replace=self._replace)
        return path

    def prune_images(self, keep: Iterable[str], older_than_seconds: float) -> int:
        """Remove images no snapshot refers to and untouched for a while; return how many.

        The grace period keeps an image that a just-dropped poster may get back, and one
        an older snapshot on screen still uses.
        """
        wanted = set(keep)
        cutoff = time.time() - older_than_seconds
        removed = 0
        for path in self.images.glob("*.png"):
            try:
                if path.name not in wanted and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def set_aside(self, reason: str) -> Path:
        """Move the snapshot to ``corrupt/`` (kept for a human, with why), so the next
        start begins from the fallback slide and a full fetch."""
        path = self.folder / SNAPSHOT_NAME
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.folder / "corrupt" / f"{path.name}.{stamp}"
        try:
            aside.parent.mkdir(parents=True, exist_ok=True)
            path.replace(aside)
            aside.with_name(aside.name + ".why.txt").write_text(reason + "\n", "utf-8")
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        return aside


def _instant(value: object) -> datetime:
    """An aware instant in the accepted range (a cache is re-checked as it is read)."""
    moment = datetime.fromisoformat(str(value))
    check_instant(moment)
    return moment


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 1000 or "\n" in value or "\r" in value:
        raise ValueError("a validator is not a header value")
    return value


class ReadOnlyCache(ContentCache):
    """A screen's cache read, never written (``render``, ``poster``, ``schedule`` with
    ``--at``): a pretend date must not land in what the running player shows. Images
    fetched meanwhile go to a scratch folder that the caller removes."""

    def __init__(self, folder: Path, scratch: Path) -> None:
        super().__init__(folder)
        self._scratch = scratch

    def prepare(self) -> None:
        self._scratch.mkdir(parents=True, exist_ok=True)

    def store(self, cached: CachedFeed) -> None:
        return None

    def image_path(self, name: str) -> Path:
        scratch = self._scratch / name
        return scratch if scratch.is_file() else super().image_path(name)

    def store_image(self, name: str, png: bytes) -> Path:
        path = self._scratch / name
        atomic_write(path, png)
        return path

    def prune_images(self, keep: Iterable[str], older_than_seconds: float) -> int:
        return 0

    def set_aside(self, reason: str) -> Path:
        return self.folder / SNAPSHOT_NAME  # read only: left where it is
