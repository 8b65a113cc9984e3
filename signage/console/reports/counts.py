"""Proof of display, received: each heartbeat's tally (``signage.ops.tally``) added to
the day's counts of its screen; read back per site, kind and item for the reports."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, Final

from django.db import connection
from django.utils import timezone

from signage.console.reports.models import DisplayCount
from signage.console.screens.models import Screen

MAX_ROWS: Final = 1000
KINDS: Final = {"semainier", "agenda", "announcements", "wifi", "apps", "posters", "urgent"}
# The feed's section an item of a kind of slide comes from (for its title and owner).
SECTION: Final = {
    "semainier": "semainier",
    "agenda": "workshops",
    "announcements": "announcements",
    "urgent": "announcements",
    "wifi": "wifi",
    "apps": "apps",
    "posters": "posters",
}


# A slide stays at least 5 s (pages of a long list 8 s); a showing every 2 s leaves room
# for a rotation refreshed by new content. A tally may cover days when the console was
# down (the screen keeps its undelivered counts), at most a week.
SECONDS_PER_SHOW: Final = 2.0
LONGEST_PERIOD: Final = timedelta(days=7)
SLACK_SECONDS: Final = 120.0


def implausible_tally(
    screen: Screen, shown: Any, now: datetime, before: tuple[float, float]
) -> str | None:
    """Why a heartbeat's counts cannot be true, or None: more showings, or more seconds
    shown, than the period they cover allows (one screen shows one slide at a time), in
    the heartbeat or in the day's total (``before``: the showings and seconds counted on
    ``now``'s day so far, ``day_totals``). Such counts are not kept (a token copied from
    a screen must not make an item look shown millions of times)."""
    if not isinstance(shown, dict) or not isinstance(shown.get("rows"), list):
        return None
    start = max(screen.created_at, now - LONGEST_PERIOD)
    since = _instant(shown.get("since"))
    if since is not None and start < since <= now:
        start = since
    period = max((now - start).total_seconds(), 0.0)
    shows = seconds = 0.0
    for row in shown["rows"][:MAX_ROWS]:
        # The rows of a kind as a whole (item ""): each showing is counted once there.
        if isinstance(row, list) and len(row) == 4 and row[1] == "":
            shows += row[2] if isinstance(row[2], int | float) else 0
            seconds += row[3] if isinstance(row[3], int | float) else 0
    if shows > period / SECONDS_PER_SHOW + 10 or seconds > period + SLACK_SECONDS:
        return (
            f"{shows:,.0f} showings and {seconds:,.0f} s claimed for {period:,.0f} s "
            f"since {start:%Y-%m-%d %H:%M}"
        )
    day = timezone.localdate(now)
    shown_before, seconds_before = before
    if (
        shown_before + shows > DAY / SECONDS_PER_SHOW
        or seconds_before + seconds > DAY + SLACK_SECONDS
    ):
        return f"more showings on {day:%d/%m/%Y} than the day's seconds allow"
    return None


DAY: Final = 24 * 3600.0


def day_totals(day: date) -> list[tuple[str, list[Any]]]:
    """The showings and seconds counted so far on ``day`` for the screen of the row being
    read, as two expressions of a query on the screens' table: read with the screen
    itself, in the statement that finds it by its token (a round trip less)."""
    quote = connection.ops.quote_name
    screen_id = f"{quote(Screen._meta.db_table)}.{quote('id')}"
    where = (
        f"FROM {quote(DisplayCount._meta.db_table)} WHERE {quote('screen_id')} = {screen_id} "
        f"AND {quote('day')} = %s AND {quote('item')} = ''"
    )
    stamp = connection.ops.adapt_datefield_value(day)
    return [
        (f"(SELECT COALESCE(SUM({quote('shows')}), 0) {where})", [stamp]),
        (f"(SELECT COALESCE(SUM({quote('seconds')}), 0) {where})", [stamp]),
    ]


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def shown_upsert(screen: Screen, shown: Any, now: datetime) -> tuple[str, list[Any]] | None:
    """The statement adding a heartbeat's tally to the counts (an upsert: a heartbeat a
    minute from thousands of screens must not cost a query per row), malformed rows
    skipped; None when no row is left."""
    if not isinstance(shown, dict) or not isinstance(shown.get("rows"), list):
        return None
    totals: dict[tuple[str, str], list[float]] = {}
    for row in shown["rows"][:MAX_ROWS]:
        if not (isinstance(row, list) and len(row) == 4):
            continue
        kind, item, shows, seconds = row
        if (
            kind not in KINDS
            or not isinstance(item, str)
            or len(item) > 120
            or not isinstance(shows, int)
            or not isinstance(seconds, int | float)
            or not 0 < shows < 100_000
            or not 0 <= seconds < 10**7
        ):
            continue
        # One row per item: an upsert may not touch the same row twice.
        total = totals.setdefault((kind, item), [0, 0.0])
        total[0] += shows
        total[1] += float(seconds)
    return _upsert(screen, timezone.localdate(now), totals) if totals else None


def _upsert(
    screen: Screen, day: date, totals: dict[tuple[str, str], list[float]]
) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    table = quote(DisplayCount._meta.db_table)
    columns = ", ".join(quote(c) for c in ("screen_id", "site", "day", "kind", "item"))
    shows, seconds = quote("shows"), quote("seconds")
    stamp = connection.ops.adapt_datefield_value(day)
    # Names quoted by the backend, every value a parameter.
    conflict = (
        f"ON CONFLICT ({quote('screen_id')}, {quote('day')}, {quote('kind')}, "
        f"{quote('item')}) DO UPDATE SET {shows} = {table}.{shows} + excluded.{shows}, "
        f"{seconds} = {table}.{seconds} + excluded.{seconds}"
    )
    if connection.vendor == "postgresql":
        # The rows as one JSON parameter: one statement text whatever their number.
        # psycopg keeps a statement's parsing only up to 50 parameters; six rows of
        # seven made every heartbeat's statement parsed again (0.2 ms of its 3 ms).
        rows = json.dumps(
            [
                {"kind": kind, "item": item, "shows": int(count), "seconds": time}
                for (kind, item), (count, time) in totals.items()
            ],
            ensure_ascii=False,
        )
        return (
            f"INSERT INTO {table} ({columns}, {shows}, {seconds}) "
            "SELECT %s, %s, %s::date, r.kind, r.item, r.shows, r.seconds "
            "FROM jsonb_to_recordset(%s::jsonb) AS r(kind text, item text, shows integer, "
            f"seconds double precision) {conflict}",
            [screen.pk, screen.site, stamp, rows],
        )
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(totals))
    params: list[object] = []
    for (kind, item), (count, time) in totals.items():
        params += [screen.pk, screen.site, stamp, kind, item, int(count), time]
    return f"INSERT INTO {table} ({columns}, {shows}, {seconds}) VALUES {values} {conflict}", params
