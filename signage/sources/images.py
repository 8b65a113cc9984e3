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
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from PIL import Image

FORMATS: Final = ("PNG", "JPEG", "WEBP", "GIF")
# Decode budgets, measured by benchmarks/image_memory.py: a 24-megapixel PNG with
# transparency costs about 125 MiB at its peak, which a Raspberry Pi 3 (1 GB) can spare
# beside the player; 40 million cost 215 MiB (and 572 before the scaling was reordered).
# A JPEG is decoded at a reduced scale (draft), so a 64-megapixel phone photo is cheap.
MAX_PIXELS: Final = 24_000_000
MAX_JPEG_PIXELS: Final = 64_000_000


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
    # Pillow is imported when an image is prepared, not when a cached feed is read.
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    with warnings.catch_warnings():
        # Pillow warns (rather than fails) between MAX_PIXELS and twice that: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                _check_size(probe.size, probe.format)
                probe.verify()  # structure check; the image cannot be used after it
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                _check_size(image.size, image.format)
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


def _check_size(size: tuple[int, int], kind: str | None) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageRefused(f"broken image: it says it is {width}×{height} pixels")
    budget = MAX_JPEG_PIXELS if kind == "JPEG" else MAX_PIXELS
    if width * height > budget:
        raise ImageRefused(
            f"too large: {width}×{height} pixels, screens accept at most "
            f"{budget // 1_000_000} million in {kind or 'this format'} "
            "(save it smaller, for example 3000×2000)"
        )


def _scaled(image: Image.Image, box: tuple[int, int]) -> PreparedImage:
    # One full-size copy at most: convert only when the mode needs it, then scale in
    # place (thumbnail reduces by whole factors first, freeing the full-size pixels).
    from PIL import Image  # noqa: PLC0415 (already loaded by prepare_image)

    frame = image
    if frame.mode not in {"RGB", "RGBA"}:
        alpha = frame.mode in {"LA", "PA", "RGBa"} or "transparency" in frame.info
        frame = frame.convert("RGBA" if alpha else "RGB")
    frame.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = io.BytesIO()
    frame.save(out, "PNG", optimize=False, compress_level=3)
    return PreparedImage(out.getvalue(), frame.width, frame.height)
