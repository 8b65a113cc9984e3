"""A record's status for the people who wrote it: published, waiting, or refused (why)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from signage.console.content.checks import check, site_zones
from signage.console.content.kinds import Kind
from signage.console.content.models import ContentRecord
from signage.console.content.preview_feed import SECTION_OF
from signage.console.people.models import Partner
from signage.console.published import published

# Published images are renamed after their hash; a record is matched on the rest.
_IMAGE_KEYS: Final = frozenset({"image", "sha256", "icon", "icon_sha256", "logo", "logo_sha256"})


@dataclass(frozen=True)
class Status:
    code: str  # "published", "waiting", "refused"
    label: str
    why: str = ""


def _canonical(data: dict[str, Any]) -> str:
    kept = {k: v for k, v in data.items() if k not in _IMAGE_KEYS}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def statuses(kind: Kind, records: list[ContentRecord]) -> dict[int, Status]:
    feed = published().feed
    section = SECTION_OF.get(kind.key)
    on_screens: set[str] = set()
    if feed is not None and section is not None:
        on_screens = {
            _canonical(i.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
            for i in getattr(feed, section)
        }
    scopes = {
        p.slug: tuple(sites) for p in Partner.objects.all() if (sites := p.site_list()) is not None
    }
    # The sites read once for the whole list (ids were checked when each was saved).
    zones = site_zones()
    found: dict[int, Status] = {}
    for record in records:
        if record.review == "pending":
            found[record.pk] = Status("waiting", "à valider", "par le référent du site")
            continue
        if record.review == "refused":
            note = record.review_note or "sans raison donnée"
            found[record.pk] = Status("refused", "refusé par le référent", note)
            continue
        checked = check(kind, record.values, record.owner, record.pk, zones)
        if not checked.ok:
            reasons = [m for messages in checked.problems.values() for m in messages]
            found[record.pk] = Status("refused", "refusé", " ".join(reasons))
            continue
        item = checked.item
        assert item is not None
        if kind.key == "creneau":
            item = item.model_copy(update={"sites": (record.values.get("site"),)})
        elif getattr(item, "sites", ()) is None and record.owner in scopes:
            # Published for the partner's sites (policy.enforce), not for every site.
            item = item.model_copy(update={"sites": scopes[record.owner]})
        dumped = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        if section is None:
            found[record.pk] = Status("waiting", "lu à la publication")
        elif _canonical(dumped) in on_screens:
            found[record.pk] = Status("published", "publié")
        else:
            found[record.pk] = Status("waiting", "en attente de publication")
    return found
