"""Resource apps: phone apps and sites that help people reach their rights."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, field_serializer, field_validator

from signage.bounds import MAX_QR_URL
from signage.model.common import Item, ShortText, Text


def scannable(url: AnyHttpUrl) -> AnyHttpUrl:
    """``url`` if a QR code of it scans from a screen; ValueError with a way out if not."""
    length = len(str(url))
    if length > MAX_QR_URL:
        raise ValueError(
            f"the address is {length} characters long; a QR code on screen scans up to "
            f"{MAX_QR_URL}: use a shorter link to the same page"
        )
    return url


class ResourceApp(Item):
    """One app or site, shown with a QR code that opens ``url``."""

    name: ShortText = Field(description="e.g. 'Caf - Mon Compte'.")
    category: ShortText | None = Field(default=None, description="e.g. 'Famille', 'Santé'.")
    description: Text = Field(description="One line saying what it is for.")
    url: AnyHttpUrl = Field(description="Where the QR code leads (http or https).")
    icon: str | None = Field(default=None, max_length=2000, description="Icon image URL or path.")
    icon_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")

    @field_validator("url")
    @classmethod
    def _scannable(cls, url: AnyHttpUrl) -> AnyHttpUrl:
        return scannable(url)

    @field_serializer("url")
    def _url_as_text(self, url: AnyHttpUrl) -> str:
        return str(url)

    @property
    def link(self) -> str:
        """The URL as encoded in the QR code."""
        return str(self.url)
