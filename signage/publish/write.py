"""Writing a checked feed into the published folder, so a server never serves half of it.

Order matters: images first (a feed never names an image that is not there yet), then
the signature and the feed as one unit: both are written whole to temp files first (a
full disk stops the publish there, with nothing replaced), then renamed, the signature
first. The signature file also signs the feed it replaces, so a screen reading between
the two renames, or after a kill between them, finds a signature for what it read.
Images no longer named by the new feed nor the previous one are removed (a screen still
syncing the previous feed finds its images). An unchanged feed is not rewritten: its
ETag stays, screens fetch nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from signage.bounds import MAX_SEQUENCE
from signage.feed import Feed, FeedRefused, parse_feed_bytes
from signage.phone import FOLDER as PHONE_FOLDER
from signage.publish.build import FEED_NAME, Build, feed_body
from signage.publish.diff import describe_changes
from signage.publish.images import IMAGES_FOLDER
from signage.publish.parts_store import save_part, state_folder
from signage.publish.phone_pages import phone_pages
from signage.publish.signing import SIGNATURE_SUFFIX, Signer
from signage.sources.atomic import atomic_write, remove_leftovers, write_together
from signage.sources.change_signal import VERSION_NAME
from signage.sources.trust import FUTURE_ALLOWANCE

_HASHED: Final = re.compile(r"^[0-9a-f]{64}\.(png|jpg|webp|gif)$")


class PublishRefused(Exception):
    """The published folder cannot take this feed (locked, signed before, unwritable).

    ``french`` is the same reason for the console's pages; ``future`` marks the refusal
    that ``replace_future`` answers (the published feed is dated by a wrong clock)."""

    def __init__(self, message: str, french: str = "", *, future: bool = False) -> None:
        super().__init__(message)
        self.french = french or message
        self.future = future


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
    state = state_folder(out)
    state.mkdir(parents=True, exist_ok=True)
    with (state / "lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishRefused(f"another publish into {out} is running; try again") from None
        yield


@dataclass
class Written:
    """What a publish changed in the published folder, to report exactly that."""

    feed: bool = False
    signed: bool = False
    images_added: list[str] = field(default_factory=list)
    images_removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said to the person publishing

    def __str__(self) -> str:
        parts = ["signed"] if self.signed else []
        if self.images_added:
            parts.append(f"{len(self.images_added)} image(s) added")
        if self.images_removed:
            parts.append(f"{len(self.images_removed)} old image(s) removed")
        return ", ".join(parts)


def write(
    result: Build,
    out: Path,
    before: Previous,
    signer: Signer | None,
    *,
    written: Written | None = None,
    new_key: bool = False,
    replace_future: bool = False,
) -> bool:
    """Write ``result`` into ``out``; False when the feed was already that (nothing done).

    ``written`` (if given) is filled with what was changed, also when an OSError stops
    the publish half-way (images added are harmless: nothing names them yet).
    ``replace_future``: the published feed is dated beyond this machine's clock (a wrong
    clock published it) and may be replaced by one dated now.
    """
    assert result.ok and result.document is not None and result.feed is not None
    written = written if written is not None else Written()
    if signer is None and before.signed:
        raise PublishRefused(
            f"{out / FEED_NAME} is signed: publish with --key (screens holding the public key "
            "would refuse an unsigned feed), or delete the .sig file to stop signing"
        )
    if signer is not None and not new_key:
        _check_key(before, signer)
    _check_order(result.document, before, replace_future=replace_future)
    remove_leftovers(out)  # temp files of a publish killed earlier
    document = _envelope(result.document, before, signer, written.notes)
    if _same(document, before.document) and _same_signing(before, signer):
        _save_parts(result, out)
        # A new day (or hour): today first, now and next as of this moment.
        write_phone_pages(out, before.feed or result.feed, result.now)
        if not (out / VERSION_NAME).is_file() and before.feed is not None:
            _write_version(out, before.feed.sequence, before.document)
        return False
    for name, data in result.images.items():
        target = out / name
        if not (target.is_file() and target.stat().st_size == len(data)):
            atomic_write(target, data, public=True)
            written.images_added.append(name)
    body = feed_body(document)
    files = [(out / FEED_NAME, body)]
    if signer is not None:
        signature = signer.file(body, before.body)
        files.insert(0, (out / (FEED_NAME + SIGNATURE_SUFFIX), signature))
    write_together(files, public=True)
    # Last, once the feed is in place: screens polling it sync at once (change_signal).
    _write_version(out, document.get("sequence"), document)
    written.feed, written.signed = True, signer is not None
    _save_parts(result, out)
    after = previous(out).feed  # dated as published (its generated_at)
    write_phone_pages(out, after or result.feed, result.now)
    written.images_removed = _prune(out, result.feed, before.feed)
    return True


def write_phone_pages(out: Path, feed: Feed, now: datetime | None = None) -> int:
    """Each site's « Sur mon téléphone » pages, written when they changed (a page whose
    bytes are the same keeps its date: its ETag stays, phones keep their copy); how many
    were written. Pages of sites no longer in the feed are removed."""
    pages = phone_pages(feed, now or datetime.now(UTC))
    written = 0
    for name, data in pages.items():
        target = out / name
        if target.is_file() and target.read_bytes() == data:
            continue
        atomic_write(target, data, public=True)
        written += 1
    for old in (out / PHONE_FOLDER).glob("*.html"):
        if f"{PHONE_FOLDER}/{old.name}" not in pages:
            old.unlink(missing_ok=True)
    return written


def _write_version(out: Path, sequence: Any, document: dict[str, Any] | None) -> None:
    made = (document or {}).get("generated_at")
    body = json.dumps({"sequence": sequence, "generated_at": made}).encode() + b"\n"
    atomic_write(out / VERSION_NAME, body, public=True)


def _check_key(before: Previous, signer: Signer) -> None:
    """Screens trust the keys the published feed announced: a feed signed with none of
    them would be refused by every screen, so it is not published."""
    trusted = before.feed.signing_keys if before.feed is not None else ()
    own = {line.removesuffix("=") for line in signer.announced[: len(signer.keys)]}
    if trusted and not own & {key.removesuffix("=") for key in trusted}:
        raise PublishRefused(
            "this key is not one the screens trust (the published feed names "
            f"{', '.join(k[:12] + '…' for k in trusted)}); every screen would refuse the feed. "
            "Sign with the current key (rotation: docs/security.md), or, if the screens were "
            "given this new key by hand, publish with --new-key"
        )


def _check_order(
    document: dict[str, Any], before: Previous, *, replace_future: bool = False
) -> None:
    """A feed built before the published one (a clock set back) would be refused.

    Unless the published one is dated in the future (beyond the screens' allowance of an
    hour): a publisher whose clock was wrong wrote it, screens refused it, and the admin
    who fixed the clock replaces it with ``replace_future``. Its publication number is
    kept as the floor, so screens that did take it take the new one too.
    """
    made = document.get("generated_at")
    last = before.feed.generated_at if before.feed is not None else None
    if not isinstance(made, str) or last is None:
        return
    now = datetime.fromisoformat(made)
    if last > now + FUTURE_ALLOWANCE:
        if replace_future:
            return
        raise PublishRefused(
            f"the published feed is dated {last.isoformat()}, in the future of this machine's "
            f"clock ({made}): a publisher with a wrong clock wrote it, and screens refuse it. "
            "Check this machine's clock; if it is right, publish with --replace-future to "
            "replace that feed",
            f"la publication en place est datée du {last:%d/%m/%Y à %H:%M} (UTC), plus tard "
            "que l'horloge de ce serveur : une machine à l'heure fausse l'a publiée, et les "
            "écrans la refusent. Si l'heure de ce serveur est juste, remplacez-la.",
            future=True,
        )
    if now < last:
        raise PublishRefused(
            f"this feed is dated {made}, before the published one ({last.isoformat()}): "
            "screens would refuse it; check this machine's clock",
            f"cette publication serait datée d'avant celle en place ({last:%d/%m/%Y %H:%M} "
            "UTC) : les écrans la refuseraient. Vérifiez l'heure de ce serveur.",
        )


def _envelope(
    document: dict[str, Any], before: Previous, signer: Signer | None, notes: list[str]
) -> dict[str, Any]:
    """The document with its publication number, and the keys it announces if signed.

    The number is one more than the previous feed's and never below the current Unix
    time, so a publisher whose folder or state was lost still numbers upwards.
    """
    previous = before.feed.sequence if before.feed is not None else None
    held = (before.document or {}).get("sequence")
    if isinstance(held, int) and not isinstance(held, bool) and held >= MAX_SEQUENCE:
        # Written by hand (or by an old version): no number can follow it exactly.
        # Numbering starts again from the clock; screens set such a floor aside.
        notes.append(
            f"the published feed was numbered {held:,}, the largest number screens read "
            f"exactly is {MAX_SEQUENCE:,}: numbering starts again from this machine's clock"
        )
        previous = None
    made = document.get("generated_at")
    now = datetime.fromisoformat(made).timestamp() if isinstance(made, str) else time.time()
    sequence = max((previous or 0) + 1, int(now))
    extra: dict[str, Any] = {"sequence": sequence}
    if signer is not None:
        extra["signing_keys"] = signer.announced
    return {**document, **extra}


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
    if signer is None or before.body is None or before.signature is None:
        return signer is None and not before.signed
    held = set(before.signature.split())
    return all(line in held for line in signer.lines(before.body))


def _same(new: dict[str, Any], old: dict[str, Any] | None) -> bool:
    if old is None:
        return False
    strip = {"generated_at", "sequence"}
    return {k: v for k, v in new.items() if k not in strip} == {
        k: v for k, v in old.items() if k not in strip
    }


def _prune(out: Path, *feeds: Feed | None) -> list[str]:
    named = {ref for feed in feeds if feed is not None for ref, _ in feed.image_references()}
    folder = out / IMAGES_FOLDER
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if _HASHED.match(path.name) and f"{IMAGES_FOLDER}/{path.name}" not in named:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path.name)
    return removed
