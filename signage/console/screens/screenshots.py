"""Screenshots from heartbeats: checked as PNG, kept as files in the state folder."""

from __future__ import annotations

import io
import os
import struct
import warnings
from datetime import datetime
from pathlib import Path
from typing import Final

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from signage.sources.atomic import atomic_write

MAX_SIDE = 4096


LATEST: Final = ("latest-0.png", "latest-1.png")


def store_screenshot(
    screen_id: int, png: bytes, now: datetime, *, history: bool, current: str = ""
) -> tuple[str, str]:
    """Keep ``png`` (checked by the caller with ``check_png``: before anything of its
    heartbeat is kept) as the screen's latest picture, and with ``history`` a copy for its
    page's gallery; the two paths relative to the media folder ("" when no copy).

    The latest picture takes turns between two names: the one ``current`` (the screen's
    row, which pages read) does not name is removed and written again, in place. No
    reader opens it until the row names it, so it needs no temp file renamed over it:
    ext4 writes a file renamed over another out at once, and the temp file's name and
    rename cost more than the write; 0.14 ms of CPU and 0.25 ms of each heartbeat.
    A write cut short (a full disk, a crash) leaves the row naming the picture before."""
    folder = Path("screenshots") / str(screen_id)
    first, second = (folder / name for name in LATEST)
    latest = second if current == first.as_posix() else first
    media = Path(settings.MEDIA_ROOT)
    (media / latest).unlink(missing_ok=True)
    (media / folder).mkdir(parents=True, exist_ok=True)
    # Private, as the temp files of atomic_write are; not synced: replaced every minute.
    with os.fdopen(
        os.open(media / latest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
    ) as out:
        out.write(png)
    if current == (folder / "latest.png").as_posix():  # the one name of earlier versions
        (media / current).unlink(missing_ok=True)
    if not history:
        return latest.as_posix(), ""
    copy = folder / f"{now:%Y%m%dT%H%M%S%f}.png"
    atomic_write(media / copy, png, durable=False)
    return latest.as_posix(), copy.as_posix()


def store_capture(screen_id: int, command_id: int, png: bytes) -> str:
    """A full-size capture asked for from the screen's page; its path in the media folder."""
    check_png(png)
    path = Path("screenshots") / str(screen_id) / f"capture-{command_id}.png"
    atomic_write(Path(settings.MEDIA_ROOT) / path, png)
    return path.as_posix()


def check_png(png: bytes) -> None:
    """ValueError unless ``png`` is a PNG of at most 4096×4096 pixels that decodes.

    Its size is read from the header before any decoding: a PNG declaring 100,000 ×
    100,000 pixels is refused with its size, not left to Pillow's bomb check (an
    exception of its own, that reached the server as a 500)."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("the screenshot is not a PNG")
    if len(png) >= 24 and png[12:16] == b"IHDR":
        width, height = struct.unpack(">II", png[16:24])
        if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
            raise ValueError(f"the screenshot is {width}×{height} pixels (at most {MAX_SIDE})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
                width, height = image.size
                if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                    raise ValueError(f"the screenshot is {width}×{height} pixels")
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValueError("the screenshot is not a readable PNG") from exc


def screenshot_path(relative: str) -> Path | None:
    """The file of a stored screenshot, if ``relative`` names one inside the media folder."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not relative or not path.is_relative_to(root) or not path.is_file():
        return None
    return path
