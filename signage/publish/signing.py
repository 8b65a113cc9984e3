"""Signed feeds: Ed25519, with the signatures in a file beside the feed.

``feed.json.sig`` holds one base64 Ed25519 signature per line: one per signing key
(several during a key rotation), for this feed and for the one before it, so a screen
reading across a publish (the new signature file, the old feed) still finds its feed's.
What a screen accepts (trusted keys, dates, publication order) is in
``signage.sources.trust``. The cryptography is the ``cryptography`` package's.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from signage.sources.trust import SIGNATURE_SUFFIX

__all__ = ["SIGNATURE_SUFFIX", "Signer", "generate_keys", "load_private_key", "unsignable"]


def unsignable(data: bytes) -> str | None:
    """Why every screen would refuse ``data`` even signed, or None: not a feed, no date
    (screens order signed feeds by it), a date or publication number they cannot read."""
    from signage.bounds import MAX_SEQUENCE  # noqa: PLC0415
    from signage.feed import FeedRefused, parse_feed_bytes  # noqa: PLC0415

    try:
        parsed = parse_feed_bytes(data)
    except FeedRefused as exc:
        return str(exc)
    reasons = {item.section: item.reason for item in parsed.dropped}
    if "generated_at" in reasons:
        return f"its generated_at is refused ({reasons['generated_at']})"
    if "sequence" in reasons:
        return f"its sequence is refused ({reasons['sequence']}; at most {MAX_SEQUENCE:,})"
    if parsed.feed.generated_at is None:
        return (
            "it has no generated_at (when it was made, e.g. "
            '"generated_at": "2026-12-01T10:00:00+01:00"): screens order signed feeds by it'
        )
    return None


def generate_keys() -> tuple[bytes, str]:
    """A new key pair: the private key (PEM, to keep secret) and the public key (base64)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, public_key_text(private.public_key())


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


class Signer:
    """Signs with one or more private keys (the current one first)."""

    def __init__(self, keys: Sequence[Ed25519PrivateKey], announce: Sequence[str] = ()) -> None:
        if not keys:
            raise ValueError("no signing key")
        self.keys = tuple(keys)
        self._announce = tuple(announce)

    @property
    def announced(self) -> list[str]:
        """The keys screens are to trust from this feed on: the signing keys, then the
        next ones (``--announce-key``) during a rotation."""
        own = [public_key_text(k.public_key()) for k in self.keys]
        return list(dict.fromkeys(own + list(self._announce)))

    def lines(self, data: bytes) -> list[bytes]:
        """One signature line per key (Ed25519 is deterministic: same bytes, same line)."""
        return [base64.b64encode(k.sign(data)) for k in self.keys]

    def file(self, data: bytes, previous: bytes | None = None) -> bytes:
        """The signature file for ``data``, also valid for ``previous`` (the feed it
        replaces) while the two files are being swapped."""
        lines = self.lines(data) + (self.lines(previous) if previous is not None else [])
        return b"".join(line + b"\n" for line in dict.fromkeys(lines))
