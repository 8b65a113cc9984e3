"""Where a record stands, in words, for the people who wrote it and those who approve
it: brouillon, à valider (par qui), refusé (raison, par qui), validé, publié le…,
à l'écran jusqu'au…, expiré."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from django.utils import timezone

from signage.console.content.approval import Rules, published_values, rules, standing
from signage.console.content.checks import check, site_zones
from signage.console.content.expiry import last_day
from signage.console.content.kinds import Kind
from signage.console.content.models import ContentRecord, Publication
from signage.console.content.preview_feed import SECTION_OF
from signage.console.people.sites import site_names
from signage.console.published import published

# Published images are renamed after their hash; a record is matched on the rest.
_IMAGE_KEYS: Final = frozenset({"image", "sha256", "icon", "icon_sha256", "logo", "logo_sha256"})


@dataclass(frozen=True)
class Status:
    code: str  # "published", "waiting", "approved", "draft", "refused", "expired"
    label: str
    why: str = ""


def _canonical(data: dict[str, Any]) -> str:
    kept = {k: v for k, v in data.items() if k not in _IMAGE_KEYS}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def _names(sites: Any, names: dict[str, str]) -> str:
    return ", ".join(names.get(s, s) for s in sites)


def _said(decisions: dict[str, dict[str, Any]], names: dict[str, str]) -> str:
    """« à ESC Villejean par Marie Dupont : la salle est prise ce jour-là »."""
    parts = []
    for site, decided in decisions.items():
        who = f" par {decided['by']}" if decided.get("by") else ""
        note = f" : {decided['note']}" if decided.get("note") else ""
        parts.append(f"à {names.get(site, site)}{who}{note}")
    return " ; ".join(parts)


class _Context:
    """What every record of a list is compared with, read once."""

    def __init__(self, kind: Kind) -> None:
        feed = published().feed
        section = SECTION_OF.get(kind.key)
        self.section = section
        self.on_screens: set[str] = set()
        if feed is not None and section is not None:
            self.on_screens = {
                _canonical(i.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
                for i in getattr(feed, section)
            }
        self.rules: Rules = rules()
        self.zones = site_zones()
        self.names = site_names()
        self.today = timezone.localdate()
        self.seen = sorted(Publication.objects.values_list("seen_at", flat=True))

    def published_on(self, since: datetime) -> date | None:
        """The day of the first publication after ``since`` (the record's last change)."""
        at = bisect.bisect_left(self.seen, since)
        return timezone.localdate(self.seen[at]) if at < len(self.seen) else None


def statuses(kind: Kind, records: list[ContentRecord]) -> dict[int, Status]:
    context = _Context(kind)
    return {record.pk: _status(kind, record, context) for record in records}


def _status(kind: Kind, record: ContentRecord, ctx: _Context) -> Status:
    if record.review == "pending" and kind.key == "reservation":
        return Status("waiting", "à valider", "par le référent du site")
    if record.review == "refused" and kind.key == "reservation":
        return Status("refused", "refusé par le référent", record.review_note or "sans raison")
    checked = check(kind, record.values, record.owner, record.pk, ctx.zones)
    if not checked.ok:
        reasons = [m for messages in checked.problems.values() for m in messages]
        return Status("refused", "refusé", " ".join(reasons))
    last = last_day(record)
    if last is not None and last < ctx.today:
        return Status("expired", "expiré", f"n'est plus à l'écran depuis le {last:%d/%m/%Y}")
    now = standing(record, ctx.rules)
    kept = (
        " La version validée reste à l'écran en attendant."
        if isinstance(record.approved_values, dict)
        else ""
    )
    refused = f"Refusé {_said(now.refused, ctx.names)}." if now.refused else ""
    if now.draft:
        return Status("draft", "brouillon", ("Pas encore envoyé." + kept).strip())
    if now.pending:
        who = f"par le référent de {_names(now.pending, ctx.names)}"
        return Status("waiting", "à valider", f"{who}.{kept} {refused}".strip())
    if not now.shown:
        return Status("refused", "refusé", _said(now.refused, ctx.names))
    values = published_values(record, ctx.rules)
    # The record as saved was checked above: only another version is checked again.
    item = checked.item if values == record.values else None
    on_screens = values is not None and _on_screens(kind, record, values, ctx, item)
    until = f" À l'écran jusqu'au {last:%d/%m/%Y}." if last is not None else ""
    if on_screens:
        day = ctx.published_on(record.updated_at)
        label = f"publié le {day:%d/%m/%Y}" if day is not None else "publié"
        return Status("published", label, f"{until} {refused}".strip())
    if ctx.section is None:
        return Status("waiting", "lu à la publication", refused)
    if now.approved:
        return Status(
            "approved",
            "validé",
            f"Validé {_said(now.approved, ctx.names)} ; en attente de publication. {refused}",
        )
    return Status("waiting", "en attente de publication", refused)


def _on_screens(
    kind: Kind, record: ContentRecord, values: dict[str, Any], ctx: _Context, item: Any
) -> bool:
    if item is None:
        item = check(kind, values, record.owner, record.pk, ctx.zones).item
    if item is None:
        return False
    if kind.key == "creneau":
        item = item.model_copy(update={"sites": (values.get("site"),)})
    elif getattr(item, "sites", ()) is None and ctx.rules.scopes.get(record.owner) is not None:
        # Published for the partner's sites (policy.enforce), not for every site.
        item = item.model_copy(update={"sites": ctx.rules.scopes[record.owner]})
    dumped = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return _canonical(dumped) in ctx.on_screens
