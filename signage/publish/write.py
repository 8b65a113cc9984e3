"""Writing a checked feed into the published folder, so a server never serves half of it.

Order matters: images first (a feed never names an image that is not there yet), then
the signature, then ``feed.json`` by atomic rename. A screen polling in between sees the
old feed with its ``304``, or the new one complete. Images no longer named by the new
feed nor the previous one are removed (a screen still syncing the previous feed finds
its images). An unchanged feed is not rewritten: its ETag stays, screens fetch nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from signage.feed import Feed, FeedRefused, parse_feed_bytes
from signage.publish.build import FEED_NAME, Build
from signage.publish.diff import describe_changes
from signage.publish.images import IMAGES_FOLDER
from signage.publish.parts_store import STATE_FOLDER, save_part
from signage.sources.atomic import atomic_write

_HASHED: Final = re.compile(r"^[0-9a-f]{64}\.(png|jpg|webp|gif)$")


class PublishRefused(Exception):
    """The published folder cannot take this feed (locked, signed before, unwritable)."""


@dataclass(frozen=True)
class Previous:
    """What the published folder holds now."""

    document: dict[str, Any] | None
    feed: Feed | None
    body: bytes | None = None
    signature: bytes | None = None

    @property
    def signed(self) -> bool:
        return self.signature is not None


def previous(out: Path) -> Previous:
    """The feed already published in ``out``, if any and readable."""
    try:
        signature: bytes | None = (out / (FEED_NAME + ".sig")).read_bytes()
    except OSError:
        signature = None
    try:
        data = (out / FEED_NAME).read_bytes()
        return Previous(json.loads(data), parse_feed_bytes(data).feed, data, signature)
    except (OSError, ValueError, FeedRefused):
        return Previous(None, None, None, signature)


def changes(result: Build, before: Previous) -> str:
    assert result.feed is not None
    return describe_changes(before.feed, result.feed)


@contextlib.contextmanager
def publish_lock(out: Path) -> Iterator[None]:
    """One publish at a time per folder (a cron job and a person at the same minute)."""
    state = out / STATE_FOLDER
    state.mkdir(parents=True, exist_ok=True)
    with (state / "lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishRefused(f"another publish into {out} is running; try again") from None
        yield


def write(result: Build, out: Path, before: Previous, signer: Any | None) -> bool:
    """Write ``result`` into ``out``; False when the feed was already that (nothing done).

    ``signer`` signs bytes (``signing.sign`` bound to a key) or is None.
    """
    assert result.ok and result.document is not None and result.feed is not None
    if signer is None and before.signed:
        raise PublishRefused(
            f"{out / FEED_NAME} is signed: publish with --key (screens holding the public key "
            "would refuse an unsigned feed), or delete the .sig file to stop signing"
        )
    if _same(result.document, before.document) and _same_signing(before, signer):
        _save_parts(result, out)
        return False
    for name, data in result.images.items():
        target = out / name
        if not (target.is_file() and target.stat().st_size == len(data)):
            atomic_write(target, data, public=True)
    body = (json.dumps(result.document, ensure_ascii=False, indent=1) + "\n").encode()
    if signer is not None:
        atomic_write(out / (FEED_NAME + ".sig"), signer(body), public=True)
    atomic_write(out / FEED_NAME, body, public=True)
    _save_parts(result, out)
    _prune(out, result.feed, before.feed)
    return True


def _save_parts(result: Build, out: Path) -> None:
    """Keep each partner's part as published, to stand in for it if it breaks later."""
    for partner in result.partners:
        if not partner.held and partner.sections is not None:
            save_part(out, partner.policy.id, partner.sections)


def _same_signing(before: Previous, signer: Any | None) -> bool:
    """Whether the feed in place is signed (or not) as this publish would sign it.

    Ed25519 signatures are deterministic: the same key signs the same bytes identically,
    so a new key (a key change) is seen and the unchanged feed is signed again.
    """
    if signer is None or before.body is None:
        return signer is None and not before.signed
    return bool(before.signature == signer(before.body))


def _same(new: dict[str, Any], old: dict[str, Any] | None) -> bool:
    if old is None:
        return False
    strip = {"generated_at"}
    return {k: v for k, v in new.items() if k not in strip} == {
        k: v for k, v in old.items() if k not in strip
    }


def _prune(out: Path, *feeds: Feed | None) -> None:
    named = {ref for feed in feeds if feed is not None for ref, _ in feed.image_references()}
    folder = out / IMAGES_FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _HASHED.match(path.name) and f"{IMAGES_FOLDER}/{path.name}" not in named:
            with contextlib.suppress(OSError):
                path.unlink()
