"""A public wifi offer, as on the ARCS posters: network, password, who provides it."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from signage.model.common import Item, ShortText, Text


class WifiSecurity(StrEnum):
    """Security of the network, as phones name it in the ``WIFI:`` QR payload."""

    OPEN = "open"
    WPA2 = "WPA2"
    WPA3 = "WPA3"


class WifiOffer(Item):
    """A wifi network visitors may join, with the password shown when there is one."""

    ssid: str = Field(min_length=1, max_length=32, description="Network name (1-32 characters).")
    security: WifiSecurity = Field(default=WifiSecurity.WPA2)
    password: str | None = Field(
        default=None, min_length=8, max_length=63, description="WPA passphrase (8-63)."
    )
    hidden: bool = Field(default=False, description="Network does not broadcast its name.")
    provider: ShortText | None = Field(default=None, description="Who provides it, e.g. 'ARCS'.")
    note: Text | None = Field(default=None, description="A short note, e.g. opening hours.")

    @field_validator("ssid")
    @classmethod
    def _visible_name(cls, value: str) -> str:
        if any(unicodedata.category(c)[0] == "C" for c in value):
            raise ValueError("holds invisible characters: type the network name again")
        if len(value.encode()) > 32:
            raise ValueError("is longer than 32 bytes (accented letters count double)")
        return value

    @field_validator("password")
    @classmethod
    def _typeable(cls, value: str | None) -> str | None:
        # WPA: 8 to 63 printable ASCII characters; anything
        # else cannot be typed on a phone, and the screen shows it to be typed.
        if value is not None and not all(" " <= c <= "~" for c in value):
            raise ValueError(
                "may only hold letters without accents, digits, spaces and signs (WPA)"
            )
        return value

    @model_validator(mode="after")
    def _check_password(self) -> WifiOffer:
        if self.security is WifiSecurity.OPEN and self.password:
            raise ValueError("an open network has no password; remove it or set security")
        if self.security is not WifiSecurity.OPEN and not self.password:
            raise ValueError(f"a {self.security.value} network needs its password")
        return self
