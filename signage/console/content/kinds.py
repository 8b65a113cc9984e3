"""The kinds of records the console edits, and which file of a content folder holds each.

A record's ``values`` are the keys of its file's table exactly (``[[workshop]]`` of
``workshops.toml``…); a semainier slot's are the columns of ``semainier/<site>.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel

from signage.model import Announcement, ImagePoster, ResourceApp, Site, WifiOffer, Workshop
from signage.model.record import Record
from signage.model.rooms import Booking, Room
from signage.model.semainier import SemainierSlot
from signage.publish.booking_calendars import BookingCalendar
from signage.publish.calendars import CalendarEntry


@dataclass(frozen=True, slots=True)
class Kind:
    key: str  # in addresses: /contenu/atelier/
    label: str  # "atelier"
    plural: str  # "ateliers"
    model: type[Record] | type[BaseModel]  # a content record, or a calendar entry
    file: str  # where a content folder holds it
    table: str  # its [[table]] (a CSV for slots)
    partner_kind: str | None  # the partners.toml kind that lets a partner edit it
    title_key: str  # the value that names a record in lists
    images: tuple[str, ...] = ()  # values naming a file of images/
    one: str = ""  # "un atelier", "une annonce": in titles

    @property
    def a(self) -> str:
        return self.one or f"un {self.label}"

    @property
    def sites_key(self) -> str:
        return "site" if self.key in {"creneau", "salle"} else "sites"


KINDS: Final = {
    kind.key: kind
    for kind in (
        Kind("site", "site", "sites", Site, "sites.toml", "site", None, "name", ("logo",)),
        Kind("wifi", "wifi", "wifis", WifiOffer, "wifi.toml", "wifi", "wifi", "ssid"),
        Kind(
            "appli",
            "application",
            "applications",
            ResourceApp,
            "apps.toml",
            "app",
            "apps",
            "name",
            ("icon",),
            "une application",
        ),
        Kind(
            "annonce",
            "annonce",
            "annonces",
            Announcement,
            "announcements.toml",
            "announcement",
            "announcements",
            "title",
            one="une annonce",
        ),
        Kind(
            "affiche",
            "affiche",
            "affiches",
            ImagePoster,
            "posters.toml",
            "poster",
            "posters",
            "caption",
            ("image",),
            "une affiche",
        ),
        Kind(
            "atelier",
            "atelier",
            "ateliers",
            Workshop,
            "workshops.toml",
            "workshop",
            "workshops",
            "title",
        ),
        Kind(
            "agenda",
            "agenda en ligne",
            "agendas en ligne",
            CalendarEntry,
            "calendars.toml",
            "calendar",
            "workshops",
            "name",
        ),
        Kind(
            "salle",
            "salle",
            "salles",
            Room,
            "rooms.toml",
            "room",
            None,  # the admins describe the rooms
            "name",
            one="une salle",
        ),
        Kind(
            "reservation",
            "réservation",
            "réservations",
            Booking,
            "bookings.toml",
            "booking",
            "bookings",
            "title",
            one="une réservation",
        ),
        Kind(
            "agenda-salle",
            "agenda de réservations",
            "agendas de réservations",
            BookingCalendar,
            "booking-calendars.toml",
            "calendar",
            "bookings",
            "name",
            one="un agenda de réservations",
        ),
        Kind(
            "creneau",
            "créneau du semainier",
            "créneaux du semainier",
            SemainierSlot,
            "semainier",
            "",
            "semainier",
            "title",
        ),
    )
}
# The columns of a semainier CSV as the console writes it (the reader takes these and
# their English or accent-less spellings: signage/sources/csv_semainier.py).
SLOT_COLUMNS: Final = {
    "weekday": "jour",
    "start": "début",
    "end": "fin",
    "title": "activité",
    "partner": "partenaire",
    "room": "salle",
    "access": "accès",
    "audience": "public",
    "valid_from": "du",
    "valid_until": "au",
    "cancelled_on": "annulé le",
}


def title_of(kind: Kind, values: dict[str, Any]) -> str:
    """How a record is named in lists: a slot by its day and hours too (titles repeat
    from day to day), a workshop by its date."""
    text = str(values.get(kind.title_key) or values.get("title") or values.get("image") or "")
    text = text or f"({kind.label} sans nom)"
    if kind.key == "creneau":
        hours = f"{values.get('start', '')}–{values.get('end', '')}"
        return f"{values.get('weekday', '')} {hours} · {text}"
    start = values.get("start")
    if kind.key == "reservation":
        when = values.get("date") or values.get("weekday") or ""
        hours = f"{values.get('start', '')}–{values.get('end', '')}"
        return f"{values.get('room', '')} · {when} {hours} · {text}"
    if kind.key == "atelier" and isinstance(start, str) and len(start) >= 16:
        day, hour = start[:10].split("-"), start[11:16].replace(":", "h")
        return f"{day[2]}/{day[1]}/{day[0]} {hour} · {text}"
    return text
