"""An image poster: a picture made by a partner, shown full screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from signage.model.common import InstantValidity, Item, Text
from signage.model.record import v


@dataclass(frozen=True, kw_only=True)
class ImagePoster(Item, InstantValidity):
    """A poster image, referenced by path (relative to the feed file) or URL."""

    image: Annotated[
        str, v.Field(min_length=1, max_length=2000, description="Path or URL of the image.")
    ]
    sha256: Annotated[v.Sha256 | None, v.Field(description="Expected hash of the image file.")] = (
        None
    )
    caption: Annotated[Text | None, v.Field(description="Line shown under the image.")] = None
    alt: Annotated[Text | None, v.Field(description="What the image says, for the logs.")] = None
    # Shown beside a poster that leaves a side of the screen free (a portrait poster on a
    # landscape screen, or the reverse), with the caption as its title.
    when: Annotated[
        v.ShortText | None,
        v.Field(description="When, in words: 'Samedi 12 décembre, 14 h – 18 h'."),
    ] = None
    place: Annotated[v.ShortText | None, v.Field(description="Where: 'ESC Maurepas'.")] = None
    url: Annotated[
        v.WebAddress | None,
        v.Field(description="A page to know more: shown as a QR code beside the poster."),
    ] = None
