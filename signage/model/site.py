"""A site: one ESC building, with the time zone every "today" is computed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from signage.model.hours import UNKNOWN_HOURS, OpeningHours
from signage.model.record import Record, v

DEFAULT_TIMEZONE = "Europe/Paris"


def check_timezone(name: str) -> str:
    """Accept an IANA zone name such as ``Europe/Paris``; refuse anything else."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not a known time zone (example: 'Europe/Paris')") from exc
    return name


@dataclass(frozen=True, kw_only=True)
class Site(Record):
    """An ESC building. ``id`` is what items and screen configs refer to."""

    id: Annotated[v.SiteId, v.Field(description="Short lowercase id, e.g. 'maurepas'.")]
    name: Annotated[
        v.ShortText, v.Field(description="Name shown in the screen header, e.g. 'ESC Maurepas'.")
    ]
    timezone: Annotated[
        str, v.Field(description="IANA time zone name."), v.AfterValidator(check_timezone)
    ] = DEFAULT_TIMEZONE
    logo: Annotated[
        str | None,
        v.Field(max_length=2000, description="Partner logo for the header: URL or path."),
    ] = None
    logo_sha256: v.Sha256 | None = None
    hours: Annotated[
        OpeningHours,
        v.Field(
            description="Opening periods per weekday ('08:30-12:00') and closure days; "
            "outside them screens sleep. Absent: screens never sleep."
        ),
    ] = UNKNOWN_HOURS

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone, for every "today" and every time window."""
        return ZoneInfo(self.timezone)
