"""An image poster: a picture made by a partner, shown full screen."""

from __future__ import annotations

from pydantic import Field

from signage.model.common import InstantValidity, Item, Text


class ImagePoster(Item, InstantValidity):
    """A poster image, referenced by path (relative to the feed file) or URL."""

    image: str = Field(min_length=1, max_length=2000, description="Path or URL of the image.")
    sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-fA-F]{64}$", description="Expected hash of the image file."
    )
    caption: Text | None = Field(default=None, description="Line shown under the image.")
    alt: Text | None = Field(default=None, description="What the image says, for the logs.")
