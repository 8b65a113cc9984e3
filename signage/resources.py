"""Where the bundled demo content and example configs are.

In a wheel they are packaged as ``signage/assets`` and ``signage/config``; in a source
checkout (and an editable install) they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def assets_dir() -> Path:
    """The folder of bundled assets (demo feed and images)."""
    return _bundled("assets")


def demo_config_path() -> Path:
    """The bundled demo screen config."""
    return _bundled("config") / "demo.toml"
