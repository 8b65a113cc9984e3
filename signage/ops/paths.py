"""Where a screen keeps its records (no Qt: the CLI reads them too)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_state_dir

from signage.config import ScreenConfig


def records_folder(config: ScreenConfig) -> Path:
    """The status file and proof-of-display log of a screen: config, else state folder."""
    folder = config.records.folder
    if folder is None:
        folder = Path(user_state_dir("esc-signage", appauthor=False)) / config.site.id
    return folder
