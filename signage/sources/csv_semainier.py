"""A semainier from a spreadsheet, in the shape referents really produce.

Header row in French or English (``jour``/``day``, ``début``/``start``…; case, accents
and spaces tolerated), weekday names in either language (``lundi``, ``Mardi``, ``mon``),
times as ``9h``, ``9h30``, ``09:30`` or ``9:30``, ``,``, ``;`` or tab separators, UTF-8
(with or without BOM), UTF-16 (Excel's « Texte Unicode ») or Windows-1252 (what French
Excel writes). A bad row is skipped and
reported with its line, column and value; the good rows are kept.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from typing import Final

from pydantic import ValidationError

from signage.errors import describe_validation_error
from signage.human_values import fold, parse_date, parse_time, parse_weekday
from signage.model import SemainierSlot

COLUMNS: Final = {
    "weekday": ("jour", "day", "weekday", "jour de la semaine"),
    "start": ("debut", "start", "heure de debut", "de", "begin"),
    "end": ("fin", "end", "heure de fin", "a", "until time"),
    "title": ("activite", "activity", "titre", "title", "intitule"),
    "partner": ("partenaire", "partner", "structure", "organisme"),
    "room": ("salle", "room", "lieu", "place"),
    "access": ("acces", "access", "acces libre ou rdv"),
    "audience": ("public", "audience", "pour qui"),
    "valid_from": ("du", "from", "a partir du", "valid from"),
    "valid_until": ("au", "until", "jusqu'au", "valid until"),
    "sites": ("site", "sites", "esc"),
    "cancelled_on": ("annule", "annule le", "annulation", "cancelled", "cancelled on"),
}
REQUIRED: Final = ("weekday", "start", "end", "title")
# Rows of one site's semainier: a week of a building holds a few dozen slots.
MAX_ROWS: Final = 2_000
SHORT: Final = 200  # the model's ShortText (partner, room, access note)
LONG: Final = 2000  # the model's PlainText (title, audience)
ACCESS: Final = {
    "free": ("libre", "acces libre", "free", "walk in", "walk-in", "sans rdv", "sans rendez-vous"),
    "appointment": (
        "rdv",
        "sur rdv",
        "rendez-vous",
        "sur rendez-vous",
        "appointment",
        "by appointment",
    ),
}


@dataclass(frozen=True)
class RowProblem:
    """A row left out: where (line, column), what was there, what is expected."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        shown = f" {self.value!r}" if self.value else ""
        return f"{where}:{shown} {self.message}"


@dataclass(frozen=True)
class CsvSemainier:
    slots: tuple[SemainierSlot, ...]
    problems: tuple[RowProblem, ...]


class CsvRefused(ValueError):
    """The file is not a semainier at all (no header with the needed columns)."""


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 (Excel's « Texte Unicode », LibreOffice's UTF-16), else
    Windows-1252, as French Excel writes CSV."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16")
    if _looks_utf16(data):
        # No BOM, but a NUL beside every ASCII letter: which side says the byte order.
        return _utf16(data, "utf-16-le" if data[1:2] == b"\0" else "utf-16-be")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_utf16(data: bytes) -> bool:
    head = data[:400]
    return len(head) >= 4 and head.count(b"\0") >= len(head) // 3


def _utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise CsvRefused(
            "looks like UTF-16 but is damaged: save it as « CSV UTF-8 » or "
            "« CSV (séparateur : point-virgule) »"
        ) from None


def parse_csv_semainier(data: bytes) -> CsvSemainier:
    """Read a semainier spreadsheet exported as CSV. Raises CsvRefused."""
    header, columns, rows = _table(data)
    slots: list[SemainierSlot] = []
    problems: list[RowProblem] = []
    for line, row in rows:
        slot = _row(row, columns, header, line, problems)
        if slot is not None:
            slots.append(slot)
    return CsvSemainier(tuple(slots), tuple(problems))


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The cells of each row by column (``weekday``, ``start``… as in COLUMNS), with the
    row's line, unchecked: what an import keeps as written. Raises CsvRefused."""
    _, columns, rows = _table(data)
    return [
        (line, {f: row[i].strip() for f, i in columns.items() if i < len(row) and row[i].strip()})
        for line, row in rows
    ]


def _table(data: bytes) -> tuple[list[str], dict[str, int], list[tuple[int, list[str]]]]:
    text = decode(data)
    # Counted before any parsing: 8 MB of very short rows is half a million of them, and
    # reading, checking and showing each took a console worker 45 s and 770 MB.
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > MAX_ROWS + 1:
        raise CsvRefused(
            f"{lines:,} lines: a semainier is the week of one site, at most {MAX_ROWS:,} rows "
            "(is it the right file?)"
        )
    first = text.splitlines()[0] if text.strip() else ""
    # Excel's « Texte Unicode » separates by tabs; French Excel's CSV by semicolons.
    separator = max((",", ";", "\t"), key=first.count)
    # newline="": the csv module sees every line ending itself (\r alone included), as
    # its documentation asks; a stray \r no longer stops the reader.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvRefused("the file is empty") from None
    except csv.Error as exc:
        raise CsvRefused(f"not a CSV file: {exc}") from exc
    columns = _columns(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise CsvRefused(
            f"no column for {', '.join(missing)} in the header row "
            f"({'; '.join(h.strip() for h in header)}); expected e.g. "
            "jour; début; fin; activité"
        )
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:  # e.g. a cell of more than 131,072 characters
        raise CsvRefused(f"line {reader.line_num}: not readable as CSV ({exc})") from exc
    return header, columns, rows


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = fold(cell)
        for field, synonyms in COLUMNS.items():
            if name in synonyms and field not in found:
                found[field] = index
    return found


def _row(
    row: list[str],
    columns: dict[str, int],
    header: list[str],
    line: int,
    problems: list[RowProblem],
) -> SemainierSlot | None:
    def cell(field: str) -> str:
        index = columns.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    def fail(field: str, message: str) -> None:
        column = header[columns[field]].strip() if field in columns else ""
        problems.append(RowProblem(line, column, cell(field), message))

    values: dict[str, object] = {}
    weekday = parse_weekday(cell("weekday"))
    if weekday is None:
        fail(
            "weekday",
            _expected(cell("weekday"), "a day of the week (lundi… dimanche, or monday… sunday)"),
        )
        return None
    values["weekday"] = weekday
    for field in ("start", "end"):
        moment = parse_time(cell(field))
        if moment is None:
            fail(field, _expected(cell(field), "a time (9h, 9h30, 09:30)"))
            return None
        values[field] = moment
    for field in ("valid_from", "valid_until"):
        if cell(field):
            day = parse_date(cell(field))
            if day is None:
                fail(field, "is not a date (2026-12-01 or 01/12/2026)")
                return None
            values[field] = day
    if cell("cancelled_on"):
        days = [parse_date(part) for part in re.split(r"[\s,]+", cell("cancelled_on")) if part]
        if any(day is None for day in days):
            fail("cancelled_on", "is not a list of dates (2026-12-01 or 01/12/2026)")
            return None
        values["cancelled_on"] = days
    if cell("access"):
        access = next((k for k, words in ACCESS.items() if fold(cell("access")) in words), None)
        if access is None:
            # The partner's own words ("Sur inscription", "Entrée libre sans RDV"): shown
            # as written, never a reason to hide a real permanence.
            values["access_note"] = _fitted(cell("access"), SHORT)
        else:
            values["access"] = access
    for field, most in (("title", LONG), ("partner", SHORT), ("room", SHORT), ("audience", LONG)):
        if cell(field):
            values[field] = _fitted(cell(field), most)
    if cell("sites"):
        values["sites"] = [s.strip().lower() for s in re.split(r"[,/ ]+", cell("sites")) if s]
    try:
        return SemainierSlot.model_validate(values)
    except ValidationError as exc:
        problems.append(RowProblem(line, "", "", describe_validation_error(exc)))
        return None


def _expected(value: str, what: str) -> str:
    return f"is empty; expected {what}" if not value else f"is not {what}"


def _fitted(text: str, most: int) -> str:
    """Descriptive text kept whole when it fits the model, else shortened with "…"."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
