"""The console's state folder and the secrets kept in it (no Django import here)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from platformdirs import user_state_dir

STATE_ENV = "SIGNAGE_CONSOLE_STATE"


def state_folder() -> Path:
    """``$SIGNAGE_CONSOLE_STATE``, else the user's state folder; created 0700."""
    raw = os.environ.get(STATE_ENV)
    folder = Path(raw) if raw else Path(user_state_dir("esc-signage", appauthor=False)) / "console"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def secret_key(folder: Path) -> str:
    """The key that signs sessions: made once, kept in the state folder (0600)."""
    path = folder / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w") as stream:
            stream.write(key + "\n")
        return key
