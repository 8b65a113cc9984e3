"""Semainiers (CSV, one per site) and workshop agendas (iCalendar files or addresses).

``semainier/maurepas.csv`` is the weekly plan of the site ``maurepas``;
``workshops/maurepas.ics`` its agenda. ``calendars.toml`` adds calendars by address (a
shared Nextcloud, Google or Outlook calendar) or for several sites, optionally keeping
only some categories. Calendars are expanded into dated workshops for the coming weeks.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from signage.model.rules import ShortText, SiteId
from signage.publish.part import Context, Part
from signage.publish.problems import SourceProblem
from signage.publish.tables import read_text, records, validate
from signage.sources.atomic import atomic_write
from signage.sources.fetch_error import FetchError
from signage.sources.local_files import LocalFileRefused, read_regular_file, resolve_inside

log = logging.getLogger(__name__)

MAX_CALENDAR_BYTES: Final = 8 * 1024 * 1024
FETCH_DEADLINE_S: Final = 60.0


class CalendarEntry(BaseModel):
    """One ``[[calendar]]`` of calendars.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ShortText | None = None
    file: str | None = Field(default=None, description="An .ics file of this folder.")
    url: str | None = Field(default=None, description="A calendar address (https://…).")
    sites: tuple[SiteId, ...] | None = Field(default=None, min_length=1)
    categories: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_source(self) -> CalendarEntry:
        if (self.file is None) == (self.url is None):
            raise ValueError('give either file = "….ics" or url = "https://…"')
        if self.url is not None and not self.url.lower().startswith(("https://", "http://")):
            raise ValueError(f"url {self.url!r} is not a web address (https://…)")
        return self


def read_semainiers(folder: Path, part: Part, context: Context) -> None:
    """Every ``semainier/<site>.csv``: good rows kept, each bad row a problem."""
    from signage.sources.csv_semainier import CsvRefused, parse_csv_semainier  # noqa: PLC0415

    for path in _files(folder / "semainier"):
        shown = f"semainier/{path.name}"
        site = _site_of(path, ".csv", shown, part, context, "save the spreadsheet as CSV")
        if site is None:
            continue
        try:
            table = parse_csv_semainier(read_regular_file(path, MAX_CALENDAR_BYTES))
        except (OSError, FetchError, CsvRefused) as exc:
            part.problems.append(SourceProblem(shown, "", str(exc)))
            continue
        for row in table.problems:
            where = f"line {row.line}" + (f", column {row.column!r}" if row.column else "")
            shown_value = f"{row.value!r} " if row.value else ""
            part.problems.append(SourceProblem(shown, where, shown_value + row.message))
        for slot in table.slots:
            part.add("semainier", slot.model_copy(update={"sites": (site,)}), shown)
        part.notes.append(f"{shown}: {len(table.slots)} slots")


def read_calendars(folder: Path, part: Part, context: Context) -> None:
    """``workshops/<site>.ics`` files, then the ``[[calendar]]`` of calendars.toml."""
    for path in _files(folder / "workshops"):
        shown = f"workshops/{path.name}"
        site = _site_of(path, ".ics", shown, part, context, "export the calendar as .ics")
        if site is not None:
            _read_calendar(CalendarEntry(file=str(path), sites=(site,)), shown, part, context)
    listing = folder / "calendars.toml"
    if not listing.is_file():
        return
    text, problems = read_text(listing, "calendars.toml", folder)
    part.problems += problems
    found, _, problems = records(text or "", "calendars.toml", "calendar")
    part.problems += problems
    for record in found:
        origin = f"calendars.toml, {record.where}"
        entry, problems = validate(CalendarEntry, record.values, "calendars.toml", record.where)
        if entry is None:
            part.problems += problems
            continue
        unknown = context.site_problem(entry.sites, "calendars.toml", record.where)
        if unknown is not None:
            part.problems.append(unknown)
            continue
        if entry.url is not None and (refused := context.address_problem(entry.url)):
            part.problems.append(SourceProblem("calendars.toml", f"{record.where}, url", refused))
            continue
        if entry.file is not None:
            try:
                path = resolve_inside(folder, entry.file)
            except LocalFileRefused as exc:
                part.problems.append(
                    SourceProblem("calendars.toml", f"{record.where}, file", str(exc))
                )
                continue
            entry = entry.model_copy(update={"file": str(path)})
        _read_calendar(entry, origin, part, context)


def _read_calendar(entry: CalendarEntry, shown: str, part: Part, context: Context) -> None:
    # A calendar is expanded in a child process with hard limits: a partner's calendar
    # cannot hang or exhaust the admins' machine (see signage.sources.calendar_worker).
    from signage.sources.calendar_worker import CalendarFailed, expand_calendar  # noqa: PLC0415

    try:
        data, fetched = calendar_bytes(entry, shown, part, context)
        workshops, problems = expand_calendar(
            data,
            context.zone_for(entry.sites),
            context.start,
            context.end,
            categories=frozenset(entry.categories),
            sites=entry.sites,
        )
    except (OSError, FetchError, CalendarFailed) as exc:
        part.problems.append(SourceProblem(shown, "", str(exc)))
        return
    part.problems += [SourceProblem(shown, "", p) for p in problems]
    if fetched and not problems:
        keep_copy(entry, data, context)
    for workshop in workshops:
        part.add("workshops", workshop, shown)
    label = entry.name or entry.url or shown
    part.notes.append(f"{label}: {len(workshops)} workshops")


def calendar_bytes(
    entry: CalendarEntry, shown: str, part: Part, context: Context
) -> tuple[bytes, bool]:
    """The calendar's data, and whether it was just fetched (not a file, not a copy)."""
    if entry.file is not None:
        return read_regular_file(Path(entry.file), MAX_CALENDAR_BYTES), False
    assert entry.url is not None
    try:
        if context.fetcher is None:
            raise FetchError("calendar addresses are not fetched in this run")
        deadline = time.monotonic() + FETCH_DEADLINE_S
        response = context.fetcher.get(
            entry.url,
            max_bytes=MAX_CALENDAR_BYTES,
            deadline=deadline,
            redirects=context.redirect_problem,
        )
        return response.body, True
    except FetchError as exc:
        copy = _copy_path(entry, context)
        if copy is None or not copy.is_file():
            raise
        when = datetime.fromtimestamp(copy.stat().st_mtime).astimezone(context.default_zone)
        part.warnings.append(
            SourceProblem(
                shown,
                "",
                f"not fetched ({exc}); its copy of {when:%Y-%m-%d %H:%M} is published",
                "warning",
            )
        )
        return read_regular_file(copy, MAX_CALENDAR_BYTES), False


def _copy_path(entry: CalendarEntry, context: Context) -> Path | None:
    if context.calendar_copies is None or entry.url is None:
        return None
    return context.calendar_copies / f"{hashlib.sha256(entry.url.encode()).hexdigest()[:24]}.ics"


def keep_copy(entry: CalendarEntry, data: bytes, context: Context) -> None:
    copy = _copy_path(entry, context)
    if copy is not None and context.write_copies:
        try:
            atomic_write(copy, data)
        except OSError as exc:
            log.warning("copy of calendar %s not kept: %s", entry.url, exc)


def _files(folder: Path) -> list[Path]:
    """The entries of ``folder`` a person put there, except hidden ones and folders: a
    pipe, a device or a broken link is reported where it is read, not skipped unseen."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and not p.is_dir())


def _inside(path: Path, shown: str, part: Part) -> bool:
    """A link in a partner's folder must not read files from elsewhere on the machine."""
    try:
        resolve_inside(path.parent.parent, path)
    except LocalFileRefused as exc:
        part.problems.append(SourceProblem(shown, "", str(exc)))
        return False
    return True


def _site_of(
    path: Path, suffix: str, shown: str, part: Part, context: Context, how: str
) -> str | None:
    if not _inside(path, shown, part):
        return None
    if path.suffix.lower() != suffix:
        part.problems.append(SourceProblem(shown, "", f"is not a {suffix} file; {how}"))
        return None
    if path.stem not in context.zones:
        part.problems.append(
            SourceProblem(
                shown,
                "",
                f"{path.stem!r} is not a site of sites.toml (known: {context.known()}); "
                "name the file after its site",
            )
        )
        return None
    return path.stem
