"""Signed feeds: Ed25519, with the signature in a file beside the feed.

``feed.json.sig`` holds the base64 Ed25519 signature of the exact bytes of ``feed.json``.
A screen configured with the admins' public key refuses an unsigned feed, a wrong
signature, or a signed feed older (``generated_at``) than the one it has (a replay).
The cryptography is the ``cryptography`` package's, not hand code.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

SIGNATURE_SUFFIX = ".sig"


class SignatureRefused(ValueError):
    """The feed is unsigned, or its signature does not match the admins' key."""


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


def sign(data: bytes, key: Ed25519PrivateKey) -> bytes:
    """The content of the signature file for ``data``."""
    return base64.b64encode(key.sign(data)) + b"\n"


def check_public_key(text: str) -> str:
    """Accept a base64 Ed25519 public key (as ``signage keygen`` prints it)."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{text[:20]!r} is not an Ed25519 public key (base64)") from exc
    return text


def verify(data: bytes, signature: bytes | None, public_key: str) -> None:
    """Raise SignatureRefused unless ``signature`` signs ``data`` with ``public_key``."""
    if signature is None or not signature.strip():
        raise SignatureRefused("the feed is not signed (no signature file beside it)")
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(raw, data)
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise SignatureRefused("the feed's signature does not match the admins' key") from exc
