"""A feed read from a local file: for single machines, tests and the bundled demo."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from signage.feed import FeedRefused, ParsedFeed, parse_feed_bytes

MAX_FEED_BYTES: Final = 8 * 1024 * 1024


def read_feed_file(path: Path, max_bytes: int = MAX_FEED_BYTES) -> ParsedFeed:
    """Read and parse a feed file; poster paths are made absolute from the file's folder.

    Raises FeedRefused (not a feed, too large) or OSError (cannot be read); either way
    the caller keeps the content it already has.
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FeedRefused(f"{path} is larger than {max_bytes // (1024 * 1024)} MiB")
    parsed = parse_feed_bytes(data)
    posters = tuple(
        p.model_copy(update={"image": str(_resolve(path.parent, p.image))})
        for p in parsed.feed.posters
    )
    return ParsedFeed(parsed.feed.model_copy(update={"posters": posters}), parsed.dropped)


def _resolve(base: Path, reference: str) -> Path | str:
    if "://" in reference:
        return reference
    candidate = Path(reference).expanduser()
    return candidate if candidate.is_absolute() else (base / candidate).resolve()
