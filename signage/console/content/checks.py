"""A record checked before it is saved, by the rules ``signage publish`` applies.

The values go through the same steps as a line of a content file: dates read in the
site's zone (``localize``), the same model, the same site and address rules, the same
semainier reader for a slot. Only the wording is the console's (French, per field).
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from signage.console.content.folder import as_toml
from signage.console.content.french import by_field, sentence
from signage.console.content.kinds import KINDS, SLOT_COLUMNS, Kind
from signage.console.content.models import ADMINS, ContentFile, ContentRecord
from signage.console.people.models import Partner
from signage.model.record import Record
from signage.model.rooms import Booking
from signage.model.site import DEFAULT_TIMEZONE
from signage.publish.images import ImageSet
from signage.publish.part import Context
from signage.publish.tables import localize

RECORD = ""  # problems of the record as a whole


@dataclass
class Checked:
    item: Record | BaseModel | None
    problems: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.item is not None and not any(self.problems.values())

    def add(self, key: str, message: str) -> None:
        self.problems.setdefault(key, []).append(message)


def site_zones() -> dict[str, ZoneInfo]:
    """The sites the records may name, with their zones (from the site records)."""
    zones: dict[str, ZoneInfo] = {}
    for values in ContentRecord.objects.filter(kind="site").values_list("values", flat=True):
        if isinstance(values.get("id"), str):
            try:
                zones[values["id"]] = ZoneInfo(values.get("timezone") or DEFAULT_TIMEZONE)
            except (ZoneInfoNotFoundError, ValueError):
                zones[values["id"]] = ZoneInfo(DEFAULT_TIMEZONE)
    return zones


def check(
    kind: Kind,
    values: dict[str, Any],
    owner: str,
    pk: int | None = None,
    zones: dict[str, ZoneInfo] | None = None,
    uploaded: frozenset[str] = frozenset(),
) -> Checked:
    """Whether ``values`` may be saved as a ``kind`` record of ``owner`` (``pk``: the
    record being changed; ``zones``: the sites, when checking many records at once)."""
    whole = zones is None
    zones = site_zones() if zones is None else zones
    zone = Context(zones, ZoneInfo(DEFAULT_TIMEZONE), _now(), _now()).zone_for(values.get("sites"))
    result = _check_slot(values) if kind.key == "creneau" else _check_model(kind, values, zone)
    sites = values.get(kind.sites_key)
    named = [sites] if isinstance(sites, str) else list(sites or [])
    unknown = [s for s in named if s not in zones and kind.key != "site"]
    if unknown:
        result.add(
            kind.sites_key,
            f"Site inconnu : {', '.join(unknown)} (sites : "
            f"{', '.join(sorted(zones)) or 'aucun encore'}).",
        )
    if owner != ADMINS:
        partner = Partner.objects.filter(slug=owner).first()
        scoped = partner.site_list() if partner else None  # None: every site
        outside = [] if scoped is None else [s for s in named if s not in scoped]
        if outside:
            result.add(kind.sites_key, f"Ce partenaire ne publie pas pour : {', '.join(outside)}.")
        if (
            kind.key in {"agenda", "agenda-salle"}
            and isinstance(values.get("url"), str)
            and partner is not None
        ):
            scoped = Context(
                zones,
                zone,
                _now(),
                _now(),
                https_only=True,
                public_only=True,
                hosts=tuple(partner.calendar_hosts) or None,
            )
            if scoped.address_problem(values["url"]):
                result.add(
                    "url",
                    "Adresse refusée : un partenaire donne une adresse https:// publique, "
                    "d'un serveur que les admins autorisent "
                    "(par exemple https://cloud.exemple.fr/agenda.ics).",
                )
    for key in kind.images:
        reference = values.get(key)
        if (
            isinstance(reference, str)
            and "://" not in reference
            and reference not in uploaded  # sent with this form, checked already
            and not ContentFile.objects.filter(owner=owner, path=reference).exists()
        ):
            result.add(key, "Image introuvable : envoyez le fichier.")
    if kind.key == "reservation" and isinstance(result.item, Booking):
        from signage.console.content.rooms import booking_problems  # noqa: PLC0415

        for message in booking_problems(result.item, owner, pk, whole=whole):
            result.add(RECORD, message)
    if whole:  # ids were checked when each record was saved
        _check_identity(kind, values, owner, pk, result)
    return result


def _now() -> datetime:
    return datetime.now(UTC)


def _check_model(kind: Kind, values: dict[str, Any], zone: ZoneInfo) -> Checked:
    typed = localize(as_toml(values), zone)
    try:
        return Checked(kind.model.model_validate(typed))
    except ValidationError as exc:
        return Checked(None, by_field(exc))


def _check_slot(values: dict[str, Any]) -> Checked:
    """A slot read as the one row of a semainier CSV, by the reader publish uses."""
    from signage.human_values import fold  # noqa: PLC0415
    from signage.sources.csv_semainier import (  # noqa: PLC0415
        COLUMNS,
        CsvRefused,
        parse_csv_semainier,
    )

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(SLOT_COLUMNS.values())
    writer.writerow([_text(values.get(key)) for key in SLOT_COLUMNS])
    try:
        table = parse_csv_semainier(buffer.getvalue().encode())
    except CsvRefused as exc:
        return Checked(None, {RECORD: [str(exc)]})
    result = Checked(table.slots[0] if table.slots else None)
    for problem in table.problems:
        key = next((k for k, names in COLUMNS.items() if fold(problem.column) in names), RECORD)
        result.add(key, slot_sentence(key, problem.message))
    if result.item is None and not result.problems:
        result.add(RECORD, "Ce créneau n'a pas pu être lu.")
    return result


def slot_sentence(key: str, message: str) -> str:
    if key == "weekday":
        return "Ce n'est pas un jour de la semaine (exemple : mardi)."
    if key in {"start", "end"}:
        return "Ce n'est pas une heure (exemple : 14h ou 9h30)."
    if key in {"valid_from", "valid_until"}:
        return "Ce n'est pas une date (exemple : 03/12/2026)."
    if key == "cancelled_on":
        return "Des dates séparées par des espaces (exemple : 24/12/2026 31/12/2026)."
    return sentence(message)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _check_identity(
    kind: Kind, values: dict[str, Any], owner: str, pk: int | None, result: Checked
) -> None:
    """An id used twice in one part of the feed is refused by publish; say it here."""
    identifier = values.get("id")
    if not isinstance(identifier, str) or not identifier:
        return
    scope = ContentRecord.objects.filter(kind=kind.key)
    if kind.key != "site":
        scope = scope.filter(owner=owner)
    if pk is not None:
        scope = scope.exclude(pk=pk)
    if any(v.get("id") == identifier for v in scope.values_list("values", flat=True)):
        result.add("id", f"L'identifiant « {identifier} » est déjà utilisé.")


def check_image(name: str, data: bytes) -> str | None:
    """Why an uploaded image would be refused by publish (and screens), or None."""
    with tempfile.TemporaryDirectory() as folder:
        safe = Path(name).name or "image"
        (Path(folder) / safe).write_bytes(data)
        refused = ImageSet(Path(folder)).add(safe)
    if isinstance(refused, str):
        return (
            "Image refusée : ce n'est pas une image PNG, JPEG, WebP ou GIF lisible, "
            "ou elle est trop grande."
        )
    return None


def refused() -> set[int]:
    """Records that no longer pass (a site removed since, a partner's sites changed):
    left out of publications, so they never hold back anyone else's, and shown
    "refusé" with the reason on their list; and those waiting for a referent's
    approval, or refused by one."""
    zones = site_zones()
    # Other kinds' approvals are per site: the export publishes what may show (approval.py).
    waiting = set(
        ContentRecord.objects.filter(kind="reservation")
        .exclude(review="")
        .values_list("pk", flat=True)
    )
    return waiting | {
        record.pk
        for record in ContentRecord.objects.exclude(pk__in=waiting)
        if not check(KINDS[record.kind], record.values, record.owner, record.pk, zones).ok
    }
