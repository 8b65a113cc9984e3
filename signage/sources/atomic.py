"""Atomic file writes: a reader sees the old file or the new one, never a mix.

Temp file in the same folder, fsync, ``os.replace``, fsync the folder: after a power cut
the name points at a complete file. A temp file left by a process killed mid-write is
named ``.NAME.*.tmp`` and removed by ``remove_leftovers``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

Replace = Callable[[str, Path], None]


def atomic_write(
    path: Path,
    data: bytes,
    *,
    replace: Replace = os.replace,
    public: bool = False,
    durable: bool = True,
) -> None:
    """Write ``data`` to ``path`` atomically. Raises OSError (full disk, read-only…).

    The file is private to its owner (the temp file's mode) unless ``public``: then it
    is readable by all, as a web server running as another user needs published files.
    Without ``durable``, nothing is synced to the disk: readers still see the old file or
    the new one, but a power cut may leave the old one (a screenshot replaced every
    minute: two syncs were most of a heartbeat's time).
    """
    temp = _synced_temp(path, data, public=public, durable=durable)
    try:
        replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    if durable:
        fsync_folder(path.parent)


def _synced_temp(path: Path, data: bytes, *, public: bool, durable: bool = True) -> str:
    """``data`` written whole and synced to a temp file beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if public:
                os.fchmod(stream.fileno(), 0o644)
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    return temp


def write_together(files: list[tuple[Path, bytes]], *, public: bool = False) -> None:
    """Write several files of one folder as a unit, as far as a file system allows.

    Every file is written whole and synced to a temp file first: a full disk or any
    error there removes the temps and leaves every file as it was. Only then are they
    renamed, in the order given (renames need no space).
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            temps.append((_synced_temp(path, data, public=public), path))
        for temp, path in temps:
            Path(temp).replace(path)
    except BaseException:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
        raise
    for folder in dict.fromkeys(path.parent for _, path in temps):
        fsync_folder(folder)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and parents) and make it the owner's only (0700) if it is ours."""
    folder.mkdir(parents=True, exist_ok=True)
    if folder.stat().st_uid == os.getuid():
        folder.chmod(0o700)
    return folder


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_leftovers(folder: Path) -> int:
    """Delete temp files left by writes that never finished; return how many."""
    removed = 0
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed
