"""What a failed fetch raises, and local files read with the same byte cap.

Apart from ``http`` so that reading a cached or local feed never imports the HTTP
stack (requests, urllib3, ssl): ``signage render`` and a screen's first frame do not
need it.
"""

from __future__ import annotations

from pathlib import Path


class FetchError(Exception):
    """The fetch failed; the message says why in plain words."""


def read_file_capped(path: Path, max_bytes: int) -> bytes:
    """A local file, refused (FetchError) when larger than ``max_bytes``."""
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FetchError(f"{path} is larger than {max_bytes:,} bytes")
    return data
