"""A public wifi offer, as on the ARCS posters: network, password, who provides it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from signage.model.common import Item, Text
from signage.model.record import v


class WifiSecurity(StrEnum):
    """Security of the network, as phones name it in the ``WIFI:`` QR payload."""

    OPEN = "open"
    WPA2 = "WPA2"
    WPA3 = "WPA3"


def _visible_name(value: str) -> str:
    if any(unicodedata.category(c)[0] == "C" for c in value):
        raise ValueError("holds invisible characters: type the network name again")
    if len(value.encode()) > 32:
        raise ValueError("is longer than 32 bytes (accented letters count double)")
    return value


def _typeable(value: str | None) -> str | None:
    # WPA: 8 to 63 printable ASCII characters; anything else cannot be typed on a
    # phone, and the screen shows it to be typed.
    if value is not None and not all(" " <= c <= "~" for c in value):
        raise ValueError("may only hold letters without accents, digits, spaces and signs (WPA)")
    return value


@dataclass(frozen=True, kw_only=True)
class WifiOffer(Item):
    """A wifi network visitors may join, with the password shown when there is one."""

    ssid: Annotated[
        str,
        v.Field(min_length=1, max_length=32, description="Network name (1-32 characters)."),
        v.AfterValidator(_visible_name),
    ]
    security: WifiSecurity = WifiSecurity.WPA2
    password: Annotated[
        str | None,
        v.Field(min_length=8, max_length=63, description="WPA passphrase (8-63)."),
        v.AfterValidator(_typeable),
    ] = None
    hidden: Annotated[bool, v.Field(description="Network does not broadcast its name.")] = False
    provider: Annotated[
        v.ShortText | None, v.Field(description="Who provides it, e.g. 'ARCS'.")
    ] = None
    note: Annotated[Text | None, v.Field(description="A short note, e.g. opening hours.")] = None

    @property
    def join_payload(self) -> str:
        """The standard ``WIFI:`` string phone cameras offer to join (escaped by segno):
        the slide's QR code, and the one on the visitors' page."""
        from segno import helpers  # noqa: PLC0415 (loaded with the first wifi code)

        security = None if self.security is WifiSecurity.OPEN else "WPA"
        return str(
            helpers.make_wifi_data(
                ssid=self.ssid, password=self.password, security=security, hidden=self.hidden
            )
        )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.security is WifiSecurity.OPEN and self.password:
            raise ValueError("an open network has no password; remove it or set security")
        if self.security is not WifiSecurity.OPEN and not self.password:
            raise ValueError(f"a {self.security.value} network needs its password")
