"""Local files, read as carefully as the network: regular files inside their folder only,
with a byte cap and a deadline.

A content folder, a screen's local feed and its images are inputs from outside like a
server's answers: a partner's folder may hold a named pipe (reading it waits for a
writer that never comes), a device, a link that loops or leads out of the folder, and a
TOML value may name a path with a NUL character (which the operating system cannot
take). Each of these is refused with a plain reason that callers report beside the item
that named it; nothing waits and nothing raises past them.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path
from typing import Final

from signage.sources.fetch_error import FetchError

CHUNK: Final = 1024 * 1024


class LocalFileRefused(FetchError):
    """A local file that is not read: not a regular file, outside its folder, a loop…"""


def check_reference(reference: str) -> None:
    """Refuse a path the operating system cannot take (a NUL character)."""
    if "\0" in reference:
        raise LocalFileRefused("the file name holds a NUL character (\\0); write the name again")


def resolve_inside(root: Path, reference: str | Path) -> Path:
    """``reference`` (relative to ``root``, or absolute) with its links followed; refused
    when it leads outside ``root``, loops, or cannot be a file name."""
    check_reference(str(reference))
    try:
        base = root.resolve()
        path = (base / reference).resolve()
    except (RuntimeError, OSError, ValueError) as exc:  # 3.11 raises RuntimeError on loops
        raise LocalFileRefused(
            "is a link that leads back to itself (a loop); put the file itself in the folder"
        ) from exc
    if not path.is_relative_to(base):
        raise LocalFileRefused("points outside the folder; put the file itself in the folder")
    return path


def read_regular_file(path: Path, max_bytes: int, *, deadline: float | None = None) -> bytes:
    """The bytes of the regular file at ``path``.

    Raises LocalFileRefused for a pipe, a device, a folder, a link loop, a NUL in the
    name, a file over ``max_bytes`` or a read still going at ``deadline`` (a
    ``time.monotonic()`` value); OSError (FileNotFoundError…) as the system says.
    Opening does not wait: a named pipe without a writer is refused at once.
    """
    check_reference(str(path))
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LocalFileRefused("is a link that leads back to itself (a loop)") from exc
        raise
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise LocalFileRefused(
                "is not a regular file (a folder, a pipe or a device); only files are read"
            )
        os.set_blocking(handle, True)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            if deadline is not None and time.monotonic() > deadline:
                raise LocalFileRefused("too slow to read: the deadline passed")
            chunk = os.read(handle, min(CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(handle)
    if size > max_bytes:
        raise LocalFileRefused(f"{path} is larger than {max_bytes:,} bytes")
    return b"".join(chunks)
