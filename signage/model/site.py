"""A site: one ESC building, with the time zone every "today" is computed in."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from signage.model.common import ShortText, SiteId
from signage.model.hours import OpeningHours

DEFAULT_TIMEZONE = "Europe/Paris"


def check_timezone(name: str) -> str:
    """Accept an IANA zone name such as ``Europe/Paris``; refuse anything else."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{name!r} is not a known time zone (example: 'Europe/Paris')") from exc
    return name


class Site(BaseModel):
    """An ESC building. ``id`` is what items and screen configs refer to."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: SiteId = Field(description="Short lowercase id, e.g. 'maurepas'.")
    name: ShortText = Field(description="Name shown in the screen header, e.g. 'ESC Maurepas'.")
    timezone: str = Field(default=DEFAULT_TIMEZONE, description="IANA time zone name.")
    logo: str | None = Field(
        default=None, max_length=2000, description="Partner logo for the header: URL or path."
    )
    logo_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    hours: OpeningHours = Field(
        default=OpeningHours(),
        description="Opening periods per weekday ('08:30-12:00') and closure days; "
        "outside them screens sleep. Absent: screens never sleep.",
    )

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        return check_timezone(value)

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone, for every "today" and every time window."""
        return ZoneInfo(self.timezone)
