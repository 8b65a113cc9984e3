"""Untrusted images made safe: decoded by Pillow under strict limits, pre-scaled once.

An image from a feed may be a decompression bomb, truncated, not an image at all, or
not the file the publisher meant (hash). Each case refuses that image only, with a
reason; what comes out is a PNG no larger than the screen, so the player never scales
or decodes anything big on its GUI thread.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Final

from PIL import Image, UnidentifiedImageError

FORMATS: Final = ("PNG", "JPEG", "WEBP", "GIF")
MAX_PIXELS: Final = 40_000_000  # a 40-megapixel photo is the largest a partner would send


class ImageRefused(ValueError):
    """This image cannot be used; the message says why."""


@dataclass(frozen=True)
class PreparedImage:
    """A decoded, scaled image, ready to store: PNG bytes and their size."""

    png: bytes
    width: int
    height: int


def check_hash(data: bytes, expected: str | None) -> str:
    """The sha256 of ``data``; ImageRefused when it differs from ``expected``."""
    digest = hashlib.sha256(data).hexdigest()
    if expected and digest != expected.lower():
        raise ImageRefused(f"sha256 is {digest[:12]}…, the feed expects {expected[:12]}…")
    return digest


def prepare_image(data: bytes, box: tuple[int, int]) -> PreparedImage:
    """Decode ``data`` safely and scale it to fit ``box`` (never enlarged)."""
    with warnings.catch_warnings():
        # Pillow warns (rather than fails) between MAX_PIXELS and twice that: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                _check_size(probe.size)
                probe.verify()  # structure check; the image cannot be used after it
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                _check_size(image.size)
                image.draft("RGB", box)  # JPEG: decode at a reduced scale directly
                image.load()
                return _scaled(image, box)
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRefused(
                f"too large: more than {MAX_PIXELS // 1_000_000} million pixels"
            ) from exc
        except UnidentifiedImageError as exc:
            raise ImageRefused(f"not an image in {', '.join(FORMATS)}") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            # Pillow reports truncated and corrupt files as OSError or SyntaxError.
            raise ImageRefused(f"broken image: {exc}") from exc


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageRefused(f"broken image: it says it is {width}×{height} pixels")
    if width * height > MAX_PIXELS:
        raise ImageRefused(
            f"too large: {width}×{height} pixels, this player accepts at most "
            f"{MAX_PIXELS // 1_000_000} million"
        )


def _scaled(image: Image.Image, box: tuple[int, int]) -> PreparedImage:
    frame = image.convert("RGBA") if image.mode in {"RGBA", "LA", "P", "PA"} else image
    frame = frame.convert("RGBA" if frame.mode == "RGBA" else "RGB")
    frame.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    frame.save(out, "PNG", optimize=False, compress_level=3)
    return PreparedImage(out.getvalue(), frame.width, frame.height)
