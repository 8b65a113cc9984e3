"""The last published version of each partner's part, kept to stand in for a broken one.

Kept under ``OUT/.publish/parts/<partner>.json`` in the feed's own published form (image
references already content-hashed, their files already in ``OUT/images``). The folder
name starts with a dot: ``signage serve`` does not serve it, and docs/publishing.md
shows the nginx line that hides it too.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Final

from signage.feed import FEED_FORMAT, FEED_VERSION, SECTIONS, FeedRefused, parse_feed_document
from signage.sources.atomic import atomic_write

log = logging.getLogger(__name__)

STATE_FOLDER: Final = ".publish"

Published = dict[str, list[dict[str, Any]]]  # feed section → records in JSON form


def _path(out: Path, partner: str) -> Path:
    return out / STATE_FOLDER / "parts" / f"{partner}.json"


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
