"""What one content folder contributes to the feed: records with their origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from signage.model.record import Record
from signage.publish.problems import SourceProblem
from signage.sources.http import HttpFetcher
from signage.sources.reach import public

# What partners may be allowed to publish (sites are the admins' alone).
KINDS: Final = (
    "semainier",
    "workshops",
    "wifi",
    "apps",
    "announcements",
    "posters",
    "bookings",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One record and where it was written, for messages."""

    item: Record
    origin: str  # "wifi.toml, [[wifi]] 1 (line 3)"


@dataclass
class Part:
    """Everything one folder publishes, and what is wrong in it."""

    label: str
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)
    warnings: list[SourceProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "workshops/maurepas.ics: 9 workshops"
    # Ids written in sites.toml, valid or not: a site with a typo in its time zone must
    # not turn every record of that site into one more problem.
    declared: set[str] = field(default_factory=set)

    def add(self, section: str, item: Record, origin: str) -> None:
        self.entries.setdefault(section, []).append(Entry(item, origin))

    def items(self, section: str) -> list[Record]:
        return [e.item for e in self.entries.get(section, [])]


@dataclass(frozen=True)
class Context:
    """What every folder is read against: the sites, the calendar window, the network."""

    zones: dict[str, ZoneInfo]  # site id → time zone, from the admins' sites.toml
    default_zone: ZoneInfo
    start: datetime  # calendars are expanded from here…
    end: datetime  # …to here
    fetcher: HttpFetcher | None = None
    # Last good copy of each calendar fetched by address (OUT/.publish/calendars): a
    # calendar server that is down for an hour must not stop every publication.
    calendar_copies: Path | None = None
    write_copies: bool = False
    # A partner's addresses: https only, on the public internet (never this machine or
    # its network), and on the admins' list of hosts if they set one.
    https_only: bool = False
    public_only: bool = False
    hosts: tuple[str, ...] | None = None

    def address_problem(self, url: str) -> str | None:
        """Why ``url`` may not be fetched for this folder, or None.

        Every refusal of a non-public address says the same words, whatever is or is not
        listening there: a partner's calendar must not serve to probe the admins'
        network (which ports are open, which hosts exist).
        """
        parts = urlsplit(url)
        if self.https_only and parts.scheme.lower() != "https":
            return f"{url[:120]!r}: a partner's calendar address must be https://"
        host = (parts.hostname or "").lower()
        if self.hosts is not None and host not in {h.lower() for h in self.hosts}:
            allowed = ", ".join(self.hosts) or "none"
            return f"{host!r} is not among the hosts the admins allow ({allowed}; partners.toml)"
        if self.public_only and not public(host):
            return (
                f"{host[:80]!r} is not fetched: a partner's calendar must be on a public "
                "address (not this machine, nor a local or private network)"
            )
        return None

    def redirect_problem(self, source: str, target: str) -> str | None:
        """A redirect is an address like any other: the same rules, the same words."""
        return self.address_problem(target)

    def zone_for(self, sites: object) -> ZoneInfo:
        """The zone of the first known site an item names, else the default zone."""
        if isinstance(sites, list | tuple):
            for site in sites:
                if isinstance(site, str) and site in self.zones:
                    return self.zones[site]
        return self.default_zone

    def site_problem(
        self, sites: tuple[str, ...] | None, file: str, where: str
    ) -> SourceProblem | None:
        """The problem of naming sites that sites.toml does not describe, if any."""
        unknown = [s for s in sites or () if s not in self.zones]
        if not unknown:
            return None
        names = ", ".join(repr(s) for s in unknown)
        return SourceProblem(
            file, f"{where}, sites", f"{names} not in sites.toml (known: {self.known()})"
        )

    def known(self) -> str:
        return ", ".join(sorted(self.zones)) or "none yet"
