"""Nothing expires by surprise (issue 29): what leaves the screens within the week — an
announcement, a poster, a booking — said on the home page of whom it concerns: its
partner (its own), the site's referent (what disappears from its screens), the admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from signage.console.content.kinds import KINDS, title_of
from signage.console.content.models import ContentRecord
from signage.console.people.models import Role
from signage.console.people.roles import membership

WITHIN: Final = timedelta(days=7)
# The kinds that end, and the value that says when (a one-time booking: its day).
ENDS: Final = {"annonce": "valid_until", "affiche": "valid_until", "reservation": "valid_until"}


@dataclass(frozen=True)
class Ending:
    record: ContentRecord
    what: str  # « annonce « Fermeture jeudi » »
    last: date  # the last day it shows
    editable: bool


def last_day(record: ContentRecord) -> date | None:
    """The last day a record shows (None: no end): an announcement's or a poster's
    validity, a booking's day, a workshop's end."""
    values = record.values
    key = "end" if record.kind == "atelier" else ENDS.get(record.kind)
    text = (values.get(key) if key else None) or (
        values.get("date") if record.kind == "reservation" else None
    )
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    # A validity to an instant at midnight ends the day before (announcements, posters).
    return day - timedelta(days=1) if text[10:].startswith("T00:00") else day


def _sites(record: ContentRecord) -> set[str] | None:
    """The sites a record shows at (None: every site)."""
    values = record.values
    if record.kind == "reservation":
        from signage.console.content.rooms import stored_rooms  # noqa: PLC0415

        room = next((r for r in stored_rooms() if r.id == values.get("room")), None)
        return {room.site} if room is not None else set()
    sites = values.get("sites")
    return set(sites) if isinstance(sites, list) and sites else None


def ending_soon(user: Any, today: date) -> list[Ending]:
    """What leaves the screens from ``today`` to a week on, for ``user``'s home page."""
    found = membership(user)
    if found is None or found.role == Role.VIEWER:
        return []
    records = ContentRecord.objects.filter(kind__in=list(ENDS)).exclude(review="refused")
    if found.role == Role.PARTNER:
        records = records.filter(owner=found.partner)
    scoped = found.site_list() if found.role == Role.REFERENT else None
    endings = []
    for record in records.order_by("pk"):
        last = last_day(record)
        if last is None or not today <= last <= today + WITHIN:
            continue
        sites = _sites(record)
        if scoped is not None and sites is not None and not sites & set(scoped):
            continue
        kind = KINDS[record.kind]
        editable = found.role == Role.ADMIN or (
            found.role == Role.PARTNER and record.owner == found.partner
        )
        endings.append(
            Ending(record, f"{kind.label} « {title_of(kind, record.values)} »", last, editable)
        )
    return sorted(endings, key=lambda e: e.last)
