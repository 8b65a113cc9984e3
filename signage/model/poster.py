"""An image poster: a picture made by a partner, shown full screen."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, field_serializer, field_validator

from signage.model.apps import scannable
from signage.model.common import InstantValidity, Item, ShortText, Text


class ImagePoster(Item, InstantValidity):
    """A poster image, referenced by path (relative to the feed file) or URL."""

    image: str = Field(min_length=1, max_length=2000, description="Path or URL of the image.")
    sha256: str | None = Field(
        default=None, pattern=r"^[0-9a-fA-F]{64}$", description="Expected hash of the image file."
    )
    caption: Text | None = Field(default=None, description="Line shown under the image.")
    alt: Text | None = Field(default=None, description="What the image says, for the logs.")
    # Shown beside a poster that leaves a side of the screen free (a portrait poster on a
    # landscape screen, or the reverse), with the caption as its title.
    when: ShortText | None = Field(
        default=None, description="When, in words: 'Samedi 12 décembre, 14 h – 18 h'."
    )
    place: ShortText | None = Field(default=None, description="Where: 'ESC Maurepas'.")
    url: AnyHttpUrl | None = Field(
        default=None, description="A page to know more: shown as a QR code beside the poster."
    )

    @field_validator("url")
    @classmethod
    def _scannable(cls, url: AnyHttpUrl | None) -> AnyHttpUrl | None:
        return None if url is None else scannable(url)

    @field_serializer("url")
    def _url_as_text(self, url: AnyHttpUrl | None) -> str | None:
        return None if url is None else str(url)
