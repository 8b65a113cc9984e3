"""Screenshots from heartbeats: checked as PNG, kept as files in the state folder."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

MAX_SIDE = 4096


def store_screenshot(screen_id: int, png: bytes, now: datetime) -> str:
    """Check ``png`` and keep it; its path relative to the media folder. ValueError if
    it is not a PNG a screen would send."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("the screenshot is not a PNG")
    try:
        with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
            width, height = image.size
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise ValueError(f"the screenshot is {width}×{height} pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValueError("the screenshot is not a readable PNG") from exc
    relative = Path("screenshots") / str(screen_id) / f"{now:%Y%m%dT%H%M%S%f}.png"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    return relative.as_posix()


def screenshot_path(relative: str) -> Path | None:
    """The file of a stored screenshot, if ``relative`` names one inside the media folder."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not relative or not path.is_relative_to(root) or not path.is_file():
        return None
    return path
