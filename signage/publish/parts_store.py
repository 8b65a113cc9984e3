"""The last published version of each partner's part, kept to stand in for a broken one.

Kept under ``<state>/parts/<partner>.json`` in the feed's own published form (image
references already content-hashed, their files already in ``OUT/images``). The
publisher's state (this, the lock, the calendars' copies) lives beside the published
folder, never inside it: nothing a web server serves can reveal it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Final

from signage.feed import FEED_FORMAT, FEED_VERSION, SECTIONS, FeedRefused, parse_feed_document
from signage.sources.atomic import atomic_write

log = logging.getLogger(__name__)

LEGACY_STATE: Final = ".publish"  # inside OUT, before version 0.9: moved out once


def state_folder(out: Path) -> Path:
    """The publisher's own state for ``out``: the hidden sibling ``.OUT.publish-state``."""
    out = out.absolute()
    state = out.with_name(f".{out.name}.publish-state")
    legacy = out / LEGACY_STATE
    if legacy.is_dir() and not state.exists():
        try:
            legacy.rename(state)
            log.info("publisher state moved out of the published folder: %s", state)
        except OSError as exc:
            log.warning("could not move %s to %s: %s", legacy, state, exc)
    return state


Published = dict[str, list[dict[str, Any]]]  # feed section → records in JSON form


def _path(out: Path, partner: str) -> Path:
    return state_folder(out) / "parts" / f"{partner}.json"


def save_part(out: Path, partner: str, sections: Published) -> None:
    data = json.dumps({"partner": partner, "sections": sections}, ensure_ascii=False, indent=1)
    atomic_write(_path(out, partner), data.encode())


def load_part(out: Path, partner: str) -> Published | None:
    """The partner's last published part, re-checked; None when there is none usable."""
    try:
        sections = json.loads(_path(out, partner).read_text("utf-8"))["sections"]
        parsed = parse_feed_document({"format": FEED_FORMAT, "version": FEED_VERSION, **sections})
        if parsed.dropped or set(sections) - set(SECTIONS):
            raise ValueError("; ".join(str(d) for d in parsed.dropped) or "unknown section")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, FeedRefused) as exc:
        log.warning("previous part of %s unusable: %s", partner, exc)
        return None
    result: Published = sections
    return result
