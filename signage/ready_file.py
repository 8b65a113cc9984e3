"""Checked objects kept for the next start: a key line, then a pickle.

Checking a screen's config and its feed takes pydantic, a third of a screen's start-up
(seconds on a Raspberry Pi). What was checked is kept as a pickle of plain records, with
a key naming what it was made from (this program's version and record sources,
pydantic's version, the input); a start whose key matches loads it instead of checking
again; any difference or a damaged file, and the input is checked as before.

Unpickling runs code named in the file, so a file is used only when it and its folder
belong to the user running signage and nobody else may write them (as ssh checks its
keys): whoever could write it could already change this user's config and programs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import pickle
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

from platformdirs import user_state_dir

import signage
from signage.sources.atomic import Replace, atomic_write, private_folder

if TYPE_CHECKING:
    from pydantic import ValidationError

    from signage.model.record import Record

log = logging.getLogger(__name__)

T = TypeVar("T")
# Named, not imported: ``compiled_methods`` reads its file before any record is made.
R = TypeVar("R", bound="Record")
# The code that gives the pickled objects their meaning: a change there, another key.
_RECORD_SOURCES: Final = ("config.py", "feed.py", "snapshot.py", "bounds.py", "model")


@cache
def _code_digest() -> str:
    root = Path(signage.__file__).parent
    digest = hashlib.sha256(signage.__version__.encode())
    for name in _RECORD_SOURCES:
        path = root / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    # pydantic's version, read from its files: importing it is what this module saves.
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin is not None:
        digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    return digest.hexdigest()


def ready_key(*made_from: object) -> str:
    """The key of an object made from ``made_from`` (JSON values) by this code."""
    return hashlib.sha256(json.dumps([_code_digest(), *made_from]).encode()).hexdigest()


def write_ready(path: Path, key: str, value: object, replace: Replace = os.replace) -> None:
    """Keep ``value`` for the next start. OSError on a disk problem (the caller carries
    on without it)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(path, key.encode() + b"\n" + data, replace=replace)


def read_bytes(path: Path, key: bytes) -> bytes | None:
    """What was kept at ``path`` for ``key``, or None (absent, another key, not ours)."""
    try:
        if not (_private(path.parent) and _private(path)):
            log.warning("%s is ignored: it must belong to this user, writable by no one else", path)
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("%s not read (%s): made again", path, exc)
        return None
    head, _, body = data.partition(b"\n")
    # Another key: made by another version, or from another input.
    return body if head == key else None


def read_ready(path: Path, key: str, kind: type[T]) -> T | None:
    """The ``kind`` kept at ``path`` for ``key``, or None (absent, another key, not
    ours, damaged): the caller then checks its input again."""
    body = read_bytes(path, key.encode())
    if body is None:
        return None
    try:
        value = pickle.loads(body)  # our own file, checked above
    except Exception as exc:  # damaged: check the input, as before the ready file
        log.info("%s is damaged (%s: %s): checked again", path, type(exc).__name__, exc)
        return None
    return value if isinstance(value, kind) else None


def checked(record_type: type[R], raw: object, place: Path) -> R | ValidationError:
    """``raw`` checked as a ``record_type``, or the ValidationError saying why not
    (returned, so that callers need no pydantic name). What passed is kept for the next
    start at the same ``place`` (a config file, a folder): the same ``raw`` is then read
    back instead of checked, and pydantic is never imported."""
    kept = _kept_path(record_type, place)
    key = ready_key(json.dumps(raw, sort_keys=True, default=str), str(place))
    found = read_ready(kept, key, record_type) if kept else None
    if found is not None:
        return found
    from pydantic import ValidationError  # noqa: PLC0415 (checking: pydantic's work)

    try:
        record = record_type.model_validate(raw)
    except ValidationError as exc:
        return exc
    if kept is not None:
        keep_ready(kept, key, record)
    return record


def ready_path(name: str) -> Path:
    """Where an object named ``name`` is kept: the user's state folder."""
    return Path(user_state_dir("esc-signage", appauthor=False)) / "ready" / name


def keep_ready(path: Path, key: str, value: object) -> None:
    """``write_ready`` in a private folder made if needed; a full disk or a read-only home
    is only logged: the value is made again at each start."""
    keep_bytes(path, key.encode(), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def keep_bytes(path: Path, key: bytes, data: bytes) -> None:
    """``data`` kept at ``path`` for ``key`` (``read_bytes`` reads it), as ``keep_ready``."""
    try:
        atomic_write(private_folder(path.parent) / path.name, key + b"\n" + data)
    except OSError as exc:
        log.info("%s is not kept for the next start: %s", path.name, exc)


def _kept_path(record_type: type, place: Path) -> Path | None:
    """Where what was checked for ``place`` is kept."""
    try:
        tag = hashlib.sha256(str(place.resolve()).encode()).hexdigest()[:16]
    except (OSError, RuntimeError):  # a symlink loop: nothing kept
        return None
    return ready_path(f"{record_type.__name__.lower()}-{tag}")


def _private(path: Path) -> bool:
    info = path.lstat()
    return (
        not stat.S_ISLNK(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
