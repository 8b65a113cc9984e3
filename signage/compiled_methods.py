"""The methods of frozen dataclasses, compiled once and kept for the next start.

``@dataclass`` writes each class's ``__init__``, ``__eq__``, ``__hash__``, ``__repr__``
and frozen ``__setattr__``/``__delattr__`` as source text and compiles it, at every
import: the config, model and slide records are 71 classes and 410 methods, 33 ms of a
screen's 300 ms start (Python 3.11; 3.13 compiles a class at a time and is no faster).
The text depends only on the class's fields, so its compiled code can be kept as
``.pyc`` files keep a module's: ``install`` has the ``dataclasses`` module run its
generated text through ``_exec``, which compiles a text seen before from the kept code,
and ``keep`` writes what a start compiled (``marshal``, the ``.pyc`` format) beside the
other checked objects in the user's state folder.

The code is the very code ``exec`` would have compiled from the same text (same file
name, no inherited ``__future__`` flags), run in the same namespaces: a class built
from it cannot differ (``tests/test_compiled_methods.py``). A file of another Python,
damaged, or not private to this user (loading code from it is running it, as a
``.pyc``) is ignored and the methods compiled as usual.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import logging
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any, Final

log = logging.getLogger(__name__)

# Python's own version and bytecode: the kept code of another interpreter is unusable.
_KEY: Final = f"{sys.implementation.cache_tag} {sys.version}".encode()
# A bound on what is kept (signage's classes make ~410 entries): texts of other
# programs' dataclasses made in a process that keeps are kept too, up to this.
_MOST: Final = 4000
_NAME: Final = "dataclass-methods"
_DIGEST: Final = 16  # bytes of BLAKE2b before the marshalled code


class _Kept:
    """The code kept from earlier starts and what this process compiled."""

    def __init__(self) -> None:
        self.code: dict[str, CodeType] | None = None  # read at the first class
        self.new: dict[str, CodeType] = {}


_kept = _Kept()


def install() -> None:
    """Route the ``dataclasses`` module's ``exec`` of its generated text through the
    kept code. Idempotent; a Python whose ``dataclasses`` already names an ``exec`` of
    its own is left as it is."""
    if getattr(dataclasses, "exec", None) in (None, _exec):
        dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    if globals is None:
        # As ``exec`` without namespaces: the caller's (``dataclasses`` always passes
        # its own; another caller still gets what it would have).
        caller = sys._getframe(1)
        globals = caller.f_globals
        locals = caller.f_locals if locals is None else locals
    if not isinstance(source, str):
        builtins.exec(source, globals, locals)
        return
    if _kept.code is None:
        # Reading imports ``ready_file``, whose imports make dataclasses: they come back
        # here, and find nothing kept yet.
        _kept.code = {}
        _kept.code = _read(_path())
    code = _kept.code.get(source) or _kept.new.get(source)
    if code is None:
        # ``dont_inherit``: this module's ``from __future__ import annotations`` must not
        # change the methods' annotations; "<string>" is the name ``exec`` gives them.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        _kept.new[source] = code
    builtins.exec(code, globals, locals)


def keep() -> None:
    """Keep what this process compiled for the next start (nothing new: nothing
    written). A full disk or a read-only home is only logged."""
    if not _kept.new:
        return
    from signage.ready_file import keep_bytes  # noqa: PLC0415 (only once something is new)

    merged = {**(_kept.code or {}), **_kept.new}
    if len(merged) > _MOST:
        merged = dict(_kept.new)
    data = marshal.dumps(merged)
    keep_bytes(_path(), _KEY, _digest(data) + data)
    _kept.code, _kept.new = merged, {}


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


def _path() -> Path:
    from signage.ready_file import ready_path  # noqa: PLC0415

    return ready_path(_NAME)


def _read(path: Path) -> dict[str, CodeType]:
    from signage.ready_file import read_bytes  # noqa: PLC0415

    kept = read_bytes(path, _KEY)
    if kept is None:
        return {}
    digest, data = kept[:_DIGEST], kept[_DIGEST:]
    if digest != _digest(data):
        # Damaged: marshal does not check what it reads, and a changed byte of bytecode
        # may crash the interpreter that runs it.
        log.info("%s is damaged: methods compiled again", path)
        return {}
    try:
        code = marshal.loads(data)  # our own file: read_bytes checked it is private
    except (EOFError, ValueError, TypeError) as exc:
        log.info("%s is unreadable (%s): methods compiled again", path, exc)
        return {}
    if not isinstance(code, dict) or not all(
        isinstance(k, str) and isinstance(v, CodeType) for k, v in code.items()
    ):
        return {}
    return code
