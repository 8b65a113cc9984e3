"""What a screen with the admins' keys accepts: signature, date and publication order.

A signed feed is accepted when

1. one line of its signature file verifies it with a key the screen trusts: the keys
   the last accepted feed announced (``signing_keys``), or else those of the screen's
   config. A feed signed with the current key can so introduce the next one, and a key
   the admins stop announcing stops being trusted (rotation with overlap, no visit);
2. it is not dated beyond the screen's clock plus ``FUTURE_ALLOWANCE``: a publisher
   with a wrong clock (or a stolen key) cannot push a date that would make every later
   feed look like a replay;
3. it is not older than the floor: its publication number (``sequence``, one more at
   each publish) is not below the highest the screen accepted, nor, between feeds
   without a number, its ``generated_at`` earlier.

The floor and the learned keys are kept in ``trust.json`` beside the cache, apart from
the snapshot, so a damaged cache does not reopen the door to old feeds. Recovery needs
no deleted file: a floor lying beyond the clock's allowance (an earlier fault) is set
aside by itself, and changing the keys in a screen's config starts a fresh trust state
(``docs/security.md``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from signage.bounds import MAX_SEQUENCE, check_instant
from signage.feed import Feed
from signage.sources.atomic import atomic_write

log = logging.getLogger(__name__)

TRUST_NAME: Final = "trust.json"
SIGNATURE_SUFFIX: Final = ".sig"  # feed.json.sig beside feed.json
FUTURE_ALLOWANCE: Final = timedelta(hours=1)
MAX_SIGNATURES: Final = 8  # lines read from a signature file
MAX_KEYS: Final = 8


class TrustRefused(ValueError):
    """The feed is not one this screen may accept; the message says why, in words."""


@dataclass(frozen=True)
class TrustState:
    """What the screen learned from the feeds it accepted."""

    config_keys: tuple[str, ...]
    learned_keys: tuple[str, ...] = ()
    sequence: int | None = None
    generated_at: datetime | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return self.learned_keys or self.config_keys


def signature_lines(signature: bytes | None) -> list[bytes]:
    """The base64 signatures in a signature file, one per line (several keys, or the
    new and the previous feed while a publish is being written)."""
    if signature is None:
        return []
    lines = [line.strip() for line in signature.splitlines()]
    return [line for line in lines if line][:MAX_SIGNATURES]


def verify_any(data: bytes, signature: bytes | None, keys: tuple[str, ...]) -> str:
    """The key (base64) that signed ``data``; TrustRefused if none of ``keys`` did."""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415 (start-up cost)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (  # noqa: PLC0415
        Ed25519PublicKey,
    )

    lines = signature_lines(signature)
    if not lines:
        raise TrustRefused("the feed is not signed (no signature file beside it)")
    for text in keys:
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text))
        except (binascii.Error, ValueError):
            continue
        for line in lines:
            try:
                key.verify(base64.b64decode(line, validate=True), data)
            except (InvalidSignature, binascii.Error, ValueError):
                continue
            return text
    raise TrustRefused(
        "the feed's signature does not match the admins' keys this screen trusts "
        f"({len(keys)} key(s); see docs/security.md, key rotation)"
    )


class Trust:
    """The trust state of one screen, read from and written to ``folder`` (if any)."""

    def __init__(
        self, config_keys: tuple[str, ...], folder: Path | None, *, writable: bool = True
    ) -> None:
        self.path = folder / TRUST_NAME if folder is not None else None
        self.writable = writable
        # No trust.json yet (a screen upgraded from a version without it): the cached
        # feed stands as the floor. Not after a reset by a change of keys.
        self._from_cache = False
        self.state = self._load(tuple(config_keys))

    @property
    def keys(self) -> tuple[str, ...]:
        return self.state.keys

    def check(
        self,
        body: bytes,
        signature: bytes | None,
        feed: Feed,
        now: datetime,
        held: Feed | None = None,
    ) -> None:
        """Raise TrustRefused unless the signed ``feed`` (parsed from ``body``) may be
        shown now. ``held`` is the feed in the cache: the floor when none was kept yet
        (a screen upgraded from a version without ``trust.json``)."""
        verify_any(body, signature, self.keys)
        made = feed.generated_at
        if made is None:
            raise TrustRefused("the signed feed carries no date (generated_at)")
        if made > now + FUTURE_ALLOWANCE:
            raise TrustRefused(
                f"the signed feed is dated {made:%Y-%m-%d %H:%M} UTC, later than this "
                f"screen's clock ({now:%Y-%m-%d %H:%M} UTC): check the publisher's clock, "
                "or this screen's"
            )
        if held is not None and self._from_cache:
            self._from_cache = False
            self.state = replace(self.state, sequence=held.sequence, generated_at=held.generated_at)
        state = self._sane(now)
        if state.sequence is not None:
            if feed.sequence is None or feed.sequence < state.sequence:
                raise TrustRefused(
                    f"the signed feed is publication {feed.sequence}, older than "
                    f"publication {state.sequence} already accepted: a replay?"
                )
        elif state.generated_at is not None and made < state.generated_at:
            raise TrustRefused(
                f"the signed feed is older ({made:%Y-%m-%d %H:%M}) than the one already "
                f"accepted ({state.generated_at:%Y-%m-%d %H:%M}): a replay?"
            )

    def accept(self, feed: Feed) -> None:
        """Remember ``feed`` (checked) as the floor, and the keys it announces."""
        self._from_cache = False
        learned = tuple(feed.signing_keys[:MAX_KEYS]) or self.state.learned_keys
        self.state = replace(
            self.state,
            learned_keys=learned,
            sequence=feed.sequence if feed.sequence is not None else self.state.sequence,
            generated_at=feed.generated_at,
        )
        self._save()

    def _sane(self, now: datetime) -> TrustState:
        """The state, with a floor from beyond the clock's allowance set aside, and a
        publication number no feed can exceed exactly (see ``MAX_SEQUENCE``)."""
        made = self.state.generated_at
        if made is not None and made > now + FUTURE_ALLOWANCE:
            log.warning(
                "the accepted feed of %s is dated beyond this screen's clock: "
                "its publication order is no longer used",
                made.isoformat(),
            )
            self.state = replace(self.state, sequence=None, generated_at=None)
        if self.state.sequence is not None and self.state.sequence >= MAX_SEQUENCE:
            log.warning(
                "the accepted feed is numbered %d, the largest number a feed can hold: "
                "its publication number is no longer used (its date still is)",
                self.state.sequence,
            )
            self.state = replace(self.state, sequence=None)
        return self.state

    def _load(self, config_keys: tuple[str, ...]) -> TrustState:
        fresh = TrustState(config_keys)
        if self.path is None:
            return fresh
        try:
            raw = json.loads(self.path.read_bytes())
            if raw.get("config") != _fingerprint(config_keys):
                log.info("the screen's keys changed in its config: trust starts afresh")
                return fresh
            made = raw.get("generated_at")
            sequence = raw.get("sequence")
            return TrustState(
                config_keys,
                tuple(str(k) for k in raw.get("learned_keys", []))[:MAX_KEYS],
                sequence if isinstance(sequence, int) and sequence >= 0 else None,
                check_instant(datetime.fromisoformat(made)) if made else None,
            )
        except FileNotFoundError:
            self._from_cache = True
            return fresh
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("%s is unreadable (%s): the cached feed stands as floor", self.path, exc)
            self._from_cache = True
            return fresh

    def _save(self) -> None:
        if self.path is None or not self.writable:
            return
        state = self.state
        data = {
            "config": _fingerprint(state.config_keys),
            "learned_keys": list(state.learned_keys),
            "sequence": state.sequence,
            "generated_at": state.generated_at.isoformat() if state.generated_at else None,
        }
        try:
            atomic_write(self.path, json.dumps(data, indent=1).encode())
        except OSError as exc:
            log.warning("could not keep the trust state in %s: %s", self.path, exc)


def _fingerprint(keys: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:32]
