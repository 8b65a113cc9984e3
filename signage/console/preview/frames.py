"""Length-prefixed frames between the console and its render processes (pipes)."""

from __future__ import annotations

import json
import struct
from typing import IO, Any, Final

_LENGTH: Final = struct.Struct(">I")
MAX_FRAME: Final = 256 * 1024 * 1024  # a 4K PNG is a few MB; anything bigger is a fault


def send(stream: IO[bytes], header: dict[str, Any], body: bytes = b"") -> None:
    data = json.dumps(header).encode()
    stream.write(_LENGTH.pack(len(data)) + data + _LENGTH.pack(len(body)) + body)
    stream.flush()


def receive(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next frame, or None at the end of the stream."""
    header = _chunk(stream)
    if header is None:
        return None
    body = _chunk(stream)
    if body is None:
        return None
    parsed = json.loads(header)
    if not isinstance(parsed, dict):
        raise ValueError("a frame's header is not an object")
    return parsed, body


def _chunk(stream: IO[bytes]) -> bytes | None:
    raw = stream.read(_LENGTH.size)
    if len(raw) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(raw)
    if length > MAX_FRAME:
        raise ValueError(f"a frame of {length} bytes")
    data = stream.read(length)
    return data if len(data) == length else None
