"""The console's content as a content folder, and a content folder into the console.

``export_folder`` writes what ``signage publish`` reads (docs/publishing.md): the admins'
folder with ``sites.toml`` and ``partners.toml``, and one folder per partner beside it.
Publishing from the console builds from that folder (one build path, two ways to fill
it), and an export is a backup a person can read. ``import_folder`` reads such a folder
back as written: every record, row, image and calendar file, checked later by the same
rules as a form.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final

import tomli_w
from django.db import transaction

from signage.console.content.kinds import KINDS, SLOT_COLUMNS
from signage.console.content.models import ADMINS, ContentFile, ContentRecord
from signage.console.people.models import Partner
from signage.publish.tables import records
from signage.sources.fetch_error import FetchError
from signage.sources.local_files import read_regular_file, resolve_inside

POLICY_FILE: Final = "partners.toml"
MAX_TOML_BYTES: Final = 4 * 1024 * 1024
MAX_FILE_BYTES: Final = 20 * 1024 * 1024  # an image or a calendar, as publish reads them
# Values written as TOML dates and date-times (stored as ISO text in the database).
DATED_KEYS: Final = frozenset(
    {"start", "end", "valid_from", "valid_until", "day", "date", "except_on", "cancelled_on"}
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def stored(value: Any) -> Any:
    """A TOML value as JSON keeps it: dates and times as ISO text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: stored(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [stored(v) for v in value]
    return value


def as_toml(value: Any, key: str = "") -> Any:
    """A stored value as TOML writes it: ISO text under a dated key becomes a TOML date."""
    if isinstance(value, dict):
        return {k: as_toml(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [as_toml(v, key) for v in value]
    if isinstance(value, str) and key in DATED_KEYS and _ISO.match(value):
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return value
    return value


def owners() -> list[str]:
    return [ADMINS, *Partner.objects.values_list("slug", flat=True)]


def export_folder(root: Path, exclude: Iterable[int] = (), *, backup: bool = False) -> Path:
    """Write every record and file into ``root`` (one folder per owner); return the
    admins' folder, the one to give ``signage publish``. ``exclude``: records left out
    (the one a preview shows as being edited; those refused since they were saved).
    For publishing, what names a site removed since is left out; a ``backup`` keeps
    everything as it is."""
    from signage.console.content.approval import published_values, rules  # noqa: PLC0415

    found = rules()
    by_owner: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for record in ContentRecord.objects.exclude(pk__in=list(exclude)).order_by("kind", "id"):
        # What waits for a referent is left out (or its approved version kept).
        values = record.values if backup else published_values(record, found)
        if values is not None:
            by_owner[record.owner].append((record.kind, values))
    for owner in owners():
        folder = root / owner
        folder.mkdir(parents=True, exist_ok=True)
        _write_records(folder, by_owner.get(owner, []))
    known = _site_ids()
    for file in ContentFile.objects.all():
        # An agenda of a site removed since would hold back its owner's whole part.
        if not backup and file.path.startswith("workshops/") and Path(file.path).stem not in known:
            continue
        if file.owner in owners():
            path = root / file.owner / file.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(file.data))
    _write_policies(root / ADMINS, None if backup else _site_ids())
    return root / ADMINS


def _write_records(folder: Path, owned: list[tuple[str, dict[str, Any]]]) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, record_values in owned:
        by_kind[key].append(record_values)
    for key, values in by_kind.items():
        kind = KINDS.get(key)
        if kind is None:
            continue
        if key == "creneau":
            _write_slots(folder, values)
            continue
        document = {kind.table: [as_toml(v) for v in values]}
        (folder / kind.file).write_text(tomli_w.dumps(document), "utf-8")


def _write_slots(folder: Path, rows: list[dict[str, Any]]) -> None:
    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_site[str(row.get("site", ""))].append(row)
    (folder / "semainier").mkdir(exist_ok=True)
    for site, site_rows in by_site.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(SLOT_COLUMNS.values())
        for row in site_rows:
            writer.writerow([_cell(row.get(column)) for column in SLOT_COLUMNS])
        (folder / "semainier" / f"{site}.csv").write_text(buffer.getvalue(), "utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _site_ids() -> set[str]:
    return {
        str(v.get("id"))
        for v in ContentRecord.objects.filter(kind="site").values_list("values", flat=True)
    }


def _write_policies(admins: Path, known: set[str] | None) -> None:
    partners = []
    for p in Partner.objects.all():
        # A site removed since is left out (it would stop every publication); a partner
        # left with none of its sites publishes nothing (no sites listed means all).
        scoped = p.site_list()
        sites = [s for s in scoped or () if known is None or s in known]
        if (scoped is not None and not sites) or not p.kind_list():
            continue
        partners.append(
            {
                "id": p.slug,
                "name": p.name,
                "folder": f"../{p.slug}",
                "kinds": p.kind_list(),
                **({"sites": sites} if sites else {}),  # none listed: every site
                **({"calendar_hosts": list(p.calendar_hosts)} if p.calendar_hosts else {}),
            }
        )
    if partners:
        (admins / POLICY_FILE).write_text(tomli_w.dumps({"partner": partners}), "utf-8")


class ImportRefused(Exception):
    """The folder cannot be imported (not a content folder, a file not readable)."""


def import_folder(admins: Path) -> dict[str, int]:
    """Read the admins' folder and its partners' folders into the database, replacing
    what it holds; return how many records of each kind came in. Raises ImportRefused.

    All or nothing: everything is read first, then written in one transaction, so a
    file that cannot be read leaves the console as it was. Only regular files inside
    each folder are read (a link out of it, a pipe, a device is a refusal), as publish
    reads them."""
    if not (admins / "sites.toml").is_file():
        raise ImportRefused(f"{admins}: pas de sites.toml (ce n'est pas le dossier des admins)")
    partners = _toml_records(admins, POLICY_FILE, "partner")
    folders = [(ADMINS, admins)]
    for values in partners:
        folders.append((str(values["id"]), (admins / str(values["folder"])).resolve()))
    records: list[ContentRecord] = []
    files: list[ContentFile] = []
    counts: dict[str, int] = defaultdict(int)
    for owner, folder in folders:
        if not folder.is_dir():
            continue
        for kind in KINDS.values():
            if kind.key == "creneau":
                continue
            for values in _toml_records(folder, kind.file, kind.table):
                records.append(ContentRecord(owner=owner, kind=kind.key, values=stored(values)))
                counts[kind.key] += 1
        for site, rows in _csv_slots(folder):
            for row in rows:
                records.append(
                    ContentRecord(owner=owner, kind="creneau", values={"site": site, **row})
                )
                counts["creneau"] += 1
        for relative, data in _files(folder, ("images", "workshops")):
            files.append(ContentFile(owner=owner, path=relative, data=data))
            counts["fichier"] += 1
    with transaction.atomic():
        ContentRecord.objects.all().delete()
        ContentFile.objects.all().delete()
        Partner.objects.all().delete()
        for values in partners:
            Partner.objects.create(
                slug=values["id"],
                name=values.get("name", values["id"]),
                kinds=list(values.get("kinds", [])),
                sites=list(values.get("sites", [])),
                calendar_hosts=list(values.get("calendar_hosts", [])),
            )
        from signage.console.content.approval import approve_as_they_are  # noqa: PLC0415

        approve_as_they_are(records)  # the partners (and sites) are in place now
        for record in records:
            record.save()  # one by one: the history keeps each (bulk_create would not)
        ContentFile.objects.bulk_create(files)
    return dict(counts)


def _read(folder: Path, relative: str, limit: int) -> bytes | None:
    """A regular file of ``folder`` (None if absent); ImportRefused for anything else."""
    try:
        return read_regular_file(resolve_inside(folder, relative), limit)
    except FileNotFoundError:
        return None
    except (OSError, FetchError) as exc:
        raise ImportRefused(f"{folder / relative} : non lu ({exc})") from exc


def _toml_records(folder: Path, name: str, table: str) -> list[dict[str, Any]]:
    data = _read(folder, name, MAX_TOML_BYTES)
    if data is None:
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{folder / name} : pas en UTF-8 ({exc})") from exc
    found, _, problems = records(text, name, table)
    if problems:
        raise ImportRefused("; ".join(str(p) for p in problems))
    return [r.values for r in found]


def _csv_slots(folder: Path) -> Iterable[tuple[str, list[dict[str, str]]]]:
    from signage.sources.csv_semainier import CsvRefused, read_rows  # noqa: PLC0415

    for path in sorted((folder / "semainier").glob("*.csv")):
        data = _read(folder, f"semainier/{path.name}", MAX_FILE_BYTES)
        if data is None:
            continue
        try:
            rows = read_rows(data)
        except CsvRefused as exc:
            raise ImportRefused(f"{path} : {exc}") from exc
        yield path.stem, [row for _, row in rows]


def _files(folder: Path, subfolders: tuple[str, ...]) -> Iterable[tuple[str, bytes]]:
    for name in subfolders:
        for path in sorted((folder / name).glob("*")):
            if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
                continue
            data = _read(folder, f"{name}/{path.name}", MAX_FILE_BYTES)
            if data is not None:
                yield f"{name}/{path.name}", data
