"""What a paired screen keeps of its console: its identity and the last good settings.

Both live in the screen's console folder (``[console] folder``, else the state folder),
readable by the screen's user only. ``identity.json`` is written once, at pairing: the
screen's token, and the feed address and public key the console gave then (trust on
first use, as with SSH: from then on they are local and no settings document can change
them). ``settings.json`` is the last settings document whose signature checked.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin

from platformdirs import user_state_dir

from signage.sources.atomic import atomic_write, private_folder

IDENTITY: Final = "identity.json"
SETTINGS: Final = "settings.json"


def console_folder(folder: Path | None) -> Path:
    if folder is not None:
        return folder
    return Path(user_state_dir("esc-signage", appauthor=False)) / "screen-console"


@dataclass(frozen=True)
class Identity:
    console: str  # the console's address, ending with "/"
    token: str
    screen_id: int
    feed: str
    public_key: str

    def api(self, path: str) -> str:
        return urljoin(self.console, f"api/v1/{path}")


def read_identity(folder: Path) -> Identity | None:
    data = _read_json(folder / IDENTITY)
    try:
        return Identity(
            console=str(data["console"]),
            token=str(data["token"]),
            screen_id=int(data["screen_id"]),
            feed=str(data["feed"]),
            public_key=str(data["public_key"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def write_identity(folder: Path, identity: Identity) -> None:
    private_folder(folder)
    atomic_write(folder / IDENTITY, json.dumps(asdict(identity), indent=1).encode())


def read_settings(folder: Path) -> dict[str, Any]:
    """The last good settings document (``{}`` before the first)."""
    return _read_json(folder / SETTINGS)


def write_settings(folder: Path, document: dict[str, Any]) -> None:
    private_folder(folder)
    atomic_write(folder / SETTINGS, json.dumps(document, indent=1, sort_keys=True).encode())


def forget(folder: Path) -> None:
    """Un-enrolled: back to the pairing screen (the cached content stays on disk)."""
    for name in (IDENTITY, SETTINGS):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
