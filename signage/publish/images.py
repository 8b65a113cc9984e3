"""Images of a content folder, checked and named after their content.

A poster, icon or logo named in a TOML file is read from the folder (never from outside
it), decoded under the same limits as on screens, and published as
``images/<sha256>.<ext>``: the name changes whenever the picture does, so a server or a
CDN may cache images forever and a screen never shows a stale one.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from PIL import Image

from signage.sources.fetch_error import FetchError
from signage.sources.images import FORMATS, ImageRefused, prepare_image
from signage.sources.local_files import read_regular_file, resolve_inside

MAX_IMAGE_BYTES: Final = 20 * 1024 * 1024
IMAGES_FOLDER: Final = "images"
_EXTENSIONS: Final = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}


@dataclass(frozen=True, slots=True)
class PublishedImage:
    """Where the image goes in the published folder, and its hash for the feed."""

    reference: str  # "images/<sha256>.png", relative to feed.json
    sha256: str


@dataclass
class ImageSet:
    """The images one content folder publishes, by published name."""

    folder: Path
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, reference: str) -> PublishedImage | str:
        """Check the image at ``reference`` (relative to the folder); a reason if refused.

        A web address is kept as it is: screens fetch and check it themselves.
        """
        if "://" in reference:
            if not reference.lower().startswith(("https://", "http://")):
                return "only http(s) addresses or files of this folder can be published"
            return PublishedImage(reference, "")
        try:
            path = resolve_inside(self.folder, reference)
            data = read_regular_file(path, MAX_IMAGE_BYTES)
        except FileNotFoundError:
            return f"{_shown(reference)}: no such file in the folder"
        except (OSError, FetchError) as exc:
            return f"{_shown(reference)}: {exc}"
        try:
            prepare_image(data, (64, 64))  # decodes it whole, as a screen would
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                extension = _EXTENSIONS[probe.format or "PNG"]
        except ImageRefused as exc:
            return f"{reference!r}: {exc}"
        digest = hashlib.sha256(data).hexdigest()
        name = f"{IMAGES_FOLDER}/{digest}.{extension}"
        self.files[name] = data
        return PublishedImage(name, digest)


def _shown(reference: str) -> str:
    """A file name as a person reads it in a message: quoted, bounded, NUL made visible."""
    text = reference if len(reference) <= 120 else reference[:117] + "…"
    return repr(text)
