"""Resource apps: phone apps and sites that help people reach their rights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from signage.bounds import MAX_QR_URL
from signage.model.common import Item, Text
from signage.model.record import v


def scannable(url: str) -> str:
    """``url`` if a QR code of it scans from a screen; ValueError with a way out if not."""
    length = len(url)
    if length > MAX_QR_URL:
        raise ValueError(
            f"the address is {length} characters long; a QR code on screen scans up to "
            f"{MAX_QR_URL}: use a shorter link to the same page"
        )
    return url


@dataclass(frozen=True, kw_only=True)
class ResourceApp(Item):
    """One app or site, shown with a QR code that opens ``url``."""

    name: Annotated[v.ShortText, v.Field(description="e.g. 'Caf - Mon Compte'.")]
    category: Annotated[v.ShortText | None, v.Field(description="e.g. 'Famille', 'Santé'.")] = None
    description: Annotated[Text, v.Field(description="One line saying what it is for.")]
    url: Annotated[v.WebAddress, v.Field(description="Where the QR code leads (http or https).")]
    icon: Annotated[str | None, v.Field(max_length=2000, description="Icon image URL or path.")] = (
        None
    )
    icon_sha256: v.Sha256 | None = None

    @property
    def link(self) -> str:
        """The URL as encoded in the QR code."""
        return self.url
