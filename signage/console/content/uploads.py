"""A whole semainier spreadsheet (CSV) or agenda (.ics) sent at once: read by the
readers ``signage publish`` uses, shown row by row for confirmation, and only then put
in place of the previous ones for that site."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.db import transaction

from signage.console.content.checks import site_zones
from signage.console.content.file_french import calendar_problem, calendar_refusal, csv_refusal
from signage.console.content.kinds import SLOT_COLUMNS
from signage.console.content.models import ContentRecord
from signage.model.site import DEFAULT_TIMEZONE

MAX_UPLOAD: Final = 8 * 1024 * 1024  # as publish reads calendars and spreadsheets
WEEKS: Final = 8


@dataclass
class Reading:
    """What a file holds, as it would be published, and what cannot be."""

    rows: list[dict[str, Any]] = field(default_factory=list)  # shown for confirmation
    problems: list[str] = field(default_factory=list)
    refused: str = ""  # the file as a whole


def read_csv(data: bytes) -> Reading:
    from signage.console.content.checks import slot_sentence  # noqa: PLC0415
    from signage.human_values import fold  # noqa: PLC0415
    from signage.sources.csv_semainier import (  # noqa: PLC0415
        COLUMNS,
        MAX_ROWS,
        CsvRefused,
        parse_csv_semainier,
        read_rows,
    )

    lines = data.count(b"\n")
    if lines > MAX_ROWS + 1 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Reading(
            refused=f"Ce fichier a {_number(lines)} lignes : un semainier est la semaine d'un "
            f"site, {_number(MAX_ROWS)} lignes au plus. Est-ce le bon fichier ?"
        )
    try:
        table = parse_csv_semainier(data)
        cells = read_rows(data)
    except CsvRefused as exc:
        return Reading(refused=csv_refusal(str(exc)))
    bad = {problem.line for problem in table.problems}
    reading = Reading(rows=[row for line, row in cells if line not in bad])
    for problem in table.problems:
        key = next((k for k, names in COLUMNS.items() if fold(problem.column) in names), "")
        shown = f" « {problem.value} »" if problem.value else ""
        column = f", colonne {problem.column}" if problem.column else ""
        reading.problems.append(
            f"Ligne {problem.line}{column}{shown} : {slot_sentence(key, problem.message)}"
        )
    return reading


def _number(value: int) -> str:
    """``553 001``: thousands apart with a narrow no-break space, as French writes them."""
    return f"{value:,}".replace(",", "\u202f")


def replace_slots(owner: str, site: str, rows: list[dict[str, Any]]) -> int:
    with transaction.atomic():
        ContentRecord.objects.filter(owner=owner, kind="creneau", values__site=site).delete()
        for row in rows:
            values = {"site": site, **{k: v for k, v in row.items() if k in SLOT_COLUMNS}}
            ContentRecord.objects.create(owner=owner, kind="creneau", values=values)
    return len(rows)


def read_ics(data: bytes, site: str) -> Reading:
    from signage.sources.calendar_worker import CalendarFailed, expand_calendar  # noqa: PLC0415

    zone = site_zones().get(site, ZoneInfo(DEFAULT_TIMEZONE))
    start = datetime.combine(datetime.now(UTC).astimezone(zone).date(), time(0), zone)
    try:
        workshops, problems = expand_calendar(
            data, zone, start, start + timedelta(weeks=WEEKS), sites=(site,)
        )
    except CalendarFailed as exc:
        return Reading(refused=calendar_refusal(str(exc)))
    rows = [
        {
            "title": w.title.pick("fr"),
            # Kept in the session (JSON) between the reading and the confirmation.
            "when": w.start.astimezone(zone).isoformat(),
            "place": w.place or "",
        }
        for w in sorted(workshops, key=lambda w: w.start)
    ]
    return Reading(rows=rows, problems=[calendar_problem(p) for p in problems])


PAGE_ROWS: Final = 100


@dataclass(frozen=True)
class Page:
    """One page of what a file holds, for its confirmation (a file may hold thousands)."""

    rows: list[dict[str, Any]]
    number: int
    pages: int
    total: int


def page_of(rows: list[dict[str, Any]], asked: str | None) -> Page:
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    number = int(asked) if asked and asked.isdigit() and len(asked) < 6 else 1
    number = min(max(number, 1), pages)
    start = (number - 1) * PAGE_ROWS
    shown = [
        {**r, "when": datetime.fromisoformat(r["when"])} if isinstance(r.get("when"), str) else r
        for r in rows[start : start + PAGE_ROWS]
    ]
    return Page(shown, number, pages, len(rows))


def pack(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unpack(text: str) -> bytes:
    return base64.b64decode(text.encode())
