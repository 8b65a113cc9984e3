"""A content folder, read: the TOML files, the semainiers, the agendas, the images.

Layout (see docs/publishing.md): ``sites.toml`` and ``rooms.toml`` (admins only),
``wifi.toml``, ``apps.toml``, ``announcements.toml``, ``posters.toml``, ``workshops.toml``,
``bookings.toml``,
``calendars.toml``, ``semainier/<site>.csv``, ``workshops/<site>.ics``, ``images/``.
Every file is optional except ``sites.toml`` in the admins' folder. Every problem is
collected (not only the first), each with its file and its place in the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from signage.model import Announcement, ImagePoster, ResourceApp, Site, WifiOffer, Workshop
from signage.model.hours import OpeningHours
from signage.model.record import Record
from signage.model.rooms import Booking, Room
from signage.publish.calendars import read_calendars, read_semainiers
from signage.publish.images import ImageSet
from signage.publish.part import Context, Part
from signage.publish.problems import SourceProblem
from signage.publish.tables import (
    day_problems,
    localize,
    read_text,
    records,
    unknown_keys,
    validate,
)


@dataclass(frozen=True, slots=True)
class TableFile:
    """A TOML file of records: its name, its ``[[table]]``, the feed section it fills."""

    name: str
    table: str
    section: str
    model: type[Record]
    images: tuple[tuple[str, str], ...] = ()  # (field naming an image, field of its hash)


SITES_FILE: Final = TableFile("sites.toml", "site", "sites", Site, (("logo", "logo_sha256"),))
TABLE_FILES: Final = (
    TableFile("wifi.toml", "wifi", "wifi", WifiOffer),
    TableFile("apps.toml", "app", "apps", ResourceApp, (("icon", "icon_sha256"),)),
    TableFile("announcements.toml", "announcement", "announcements", Announcement),
    TableFile("posters.toml", "poster", "posters", ImagePoster, (("image", "sha256"),)),
    TableFile("workshops.toml", "workshop", "workshops", Workshop),
    TableFile("rooms.toml", "room", "rooms", Room),
    TableFile("bookings.toml", "booking", "bookings", Booking),
)
ADMIN_ONLY: Final = ("sites.toml", "partners.toml", "rooms.toml")
KNOWN_FILES: Final = tuple(
    dict.fromkeys(
        (*ADMIN_ONLY, *(t.name for t in TABLE_FILES), "calendars.toml", "booking-calendars.toml")
    )
)
KNOWN_FOLDERS: Final = ("semainier", "workshops", "images")


def read_sites(folder: Path, context: Context) -> Part:
    """The admins' ``sites.toml`` (required), with logos."""
    part = Part("sites")
    if not (folder / SITES_FILE.name).is_file():
        part.problems.append(
            SourceProblem(SITES_FILE.name, "", "is missing: the feed needs its sites (id, name)")
        )
        return part
    images = ImageSet(folder)
    _read_table(folder, SITES_FILE, part, context, images)
    part.images = images.files
    return part


# What each kind of content lets a partner's folder hold; nothing else in it is read.
KIND_FILES: Final = {
    "wifi": ("wifi.toml",),
    "apps": ("apps.toml", "images"),
    "announcements": ("announcements.toml",),
    "posters": ("posters.toml", "images"),
    "workshops": ("workshops.toml", "calendars.toml", "workshops"),
    "semainier": ("semainier",),
    "bookings": ("bookings.toml", "booking-calendars.toml"),
}


def read_folder(
    folder: Path,
    label: str,
    context: Context,
    *,
    admin: bool,
    kinds: tuple[str, ...] | None = None,
    who: str | None = None,
) -> Part:
    """Everything a folder publishes besides its sites. With ``kinds`` (a partner's),
    only the files of those kinds are read; any other is a problem, left unread (a
    wifi-only partner's calendars.toml never makes this machine fetch an address)."""
    part = Part(label)
    _check_names(folder, part, admin=admin)
    allowed = None if kinds is None else {n for k in kinds for n in KIND_FILES[k]}
    if allowed is not None:
        _check_kinds(folder, part, allowed, kinds or (), who or label)
    images = ImageSet(folder)
    for table in TABLE_FILES:
        if (folder / table.name).is_file() and (allowed is None or table.name in allowed):
            _read_table(folder, table, part, context, images)
    if allowed is None or "semainier" in allowed:
        read_semainiers(folder, part, context)
    if allowed is None or "workshops" in allowed:
        read_calendars(folder, part, context)
    if allowed is None or "booking-calendars.toml" in allowed:
        from signage.publish.booking_calendars import read_booking_calendars  # noqa: PLC0415

        read_booking_calendars(folder, part, context, who if kinds is not None else None)
    part.images = images.files
    return part


def _check_kinds(
    folder: Path, part: Part, allowed: set[str], kinds: tuple[str, ...], who: str
) -> None:
    held = {n for names in KIND_FILES.values() for n in names}
    for name in sorted(held - allowed):
        if (folder / name).exists():
            shown = f"{name}/" if (folder / name).is_dir() else name
            part.problems.append(
                SourceProblem(
                    shown,
                    "",
                    f"{who} may publish {', '.join(kinds)} only (partners.toml); "
                    "this file is not read",
                )
            )


def _check_names(folder: Path, part: Part, *, admin: bool) -> None:
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        if path.is_dir():
            if name not in KNOWN_FOLDERS:
                part.warnings.append(
                    SourceProblem(
                        f"{name}/",
                        "",
                        "not read (publish reads semainier/, workshops/, images/)",
                        "warning",
                    )
                )
        elif name in ADMIN_ONLY and not admin:
            part.problems.append(
                SourceProblem(name, "", "only the admins' folder holds sites and partners")
            )
        elif name.endswith(".toml") and name not in KNOWN_FILES:
            close = difflib.get_close_matches(name, KNOWN_FILES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(KNOWN_FILES)}"
            part.problems.append(SourceProblem(name, "", f"is not a content file ({hint})"))


def _read_table(
    folder: Path, table: TableFile, part: Part, context: Context, images: ImageSet
) -> None:
    text, problems = read_text(folder / table.name, table.name, folder)
    part.problems += problems
    found, _, problems = records(text or "", table.name, table.table)
    part.problems += problems
    ids: dict[str, str] = {}
    for record in found:
        if isinstance(record.values.get("id"), str):
            part.declared.add(record.values["id"])
        bad = []
        hours = record.values.get("hours")
        if table is SITES_FILE and isinstance(hours, dict):
            bad += unknown_keys(hours, OpeningHours, table.name, f"{record.where}, hours")
        if days := day_problems(record.values, table.name, record.where):
            part.problems += bad + days
            continue
        values = localize(record.values, context.zone_for(record.values.get("sites")))
        for field, hash_field in table.images:
            reference = values.get(field)
            if not isinstance(reference, str):
                continue
            published = images.add(reference)
            if isinstance(published, str):
                bad.append(SourceProblem(table.name, f"{record.where}, {field}", published))
                continue
            values[field] = published.reference
            values[hash_field] = published.sha256 or None
        item, problems = validate(table.model, values, table.name, record.where)
        if bad or item is None:
            part.problems += bad + problems
            continue
        named = (item.site,) if isinstance(item, Room) else getattr(item, "sites", None)
        unknown = context.site_problem(named, table.name, record.where)
        if unknown is not None:
            part.problems.append(unknown)
            continue
        identifier = getattr(item, "id", None)
        if identifier is not None and identifier in ids:
            part.problems.append(
                SourceProblem(
                    table.name,
                    f"{record.where}, id",
                    f"{identifier!r} is already used by {ids[identifier]}",
                )
            )
            continue
        if identifier is not None:
            ids[identifier] = record.where
        part.add(table.section, item, f"{table.name}, {record.where}")
