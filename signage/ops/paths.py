"""Where a screen keeps its records (no Qt: the CLI reads them too)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_state_dir

from signage.config import ScreenConfig
from signage.sources.atomic import private_folder


def records_folder(config: ScreenConfig) -> Path:
    """The status file and proof-of-display log of a screen: config, else state folder."""
    folder = config.records.folder
    if folder is None:
        folder = Path(user_state_dir("esc-signage", appauthor=False)) / config.site.id
    return folder


def screenshot_socket() -> Path:
    """The running player's screenshot socket: in the user's runtime folder
    (``$XDG_RUNTIME_DIR``, which systemd keeps 0700 and empties at logout), else in the
    state folder; always in a folder of its own made 0700, never in a shared /tmp."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(user_state_dir("esc-signage", appauthor=False))
    folder = private_folder(base / "esc-signage")
    # One per process (two players of one site on one machine must not share it); the
    # sockets of players that died without cleaning up are removed here.
    # (Short: a socket's whole path must fit in 107 bytes.)
    for old in folder.glob("shot-*.sock"):
        pid = old.stem.rpartition("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            old.unlink(missing_ok=True)
    return folder / f"shot-{os.getpid()}.sock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, not ours to judge
    return True
