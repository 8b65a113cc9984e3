"""What a publish changes, in words: "+2 workshops at ESC Maurepas, −1 announcement".

Records with an ``id`` are matched by it (same id, other content: "changed"); records
without one are matched by their whole content. Counts are grouped by the sites a record
is for, so an admin sees at a glance which building a change reaches.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Final

from pydantic import BaseModel

from signage.feed import SECTIONS, Feed
from signage.model.common import Item

NOUNS: Final = {
    "sites": ("site", "sites"),
    "semainier": ("semainier slot", "semainier slots"),
    "workshops": ("workshop", "workshops"),
    "wifi": ("wifi offer", "wifi offers"),
    "apps": ("app", "apps"),
    "announcements": ("announcement", "announcements"),
    "posters": ("poster", "posters"),
}
MINUS: Final = "\u2212"  # a real minus sign: "−1 announcement"


def describe_changes(old: Feed | None, new: Feed) -> str:
    """One line saying what ``new`` changes against ``old`` (None: nothing published yet)."""
    if old is None:
        counts = [_count(len(getattr(new, s)), s) for s in SECTIONS if getattr(new, s)]
        return "first publication: " + (", ".join(counts) or "an empty feed")
    names = {site.id: site.name for site in (*old.sites, *new.sites)}
    changes: list[str] = []
    unchanged: list[str] = []
    for section in SECTIONS:
        found = _section_changes(getattr(old, section), getattr(new, section), section, names)
        if found:
            changes += found
        else:
            unchanged.append(section)
    if not changes:
        return "nothing changes"
    line = ", ".join(changes)
    if unchanged:
        listed = (
            unchanged[0]
            if len(unchanged) == 1
            else (", ".join(unchanged[:-1]) + " and " + unchanged[-1])
        )
        line += f"; {listed} unchanged"
    return line


def _section_changes(
    old: tuple[BaseModel, ...], new: tuple[BaseModel, ...], section: str, names: dict[str, str]
) -> list[str]:
    before = {_identity(item): item for item in old}
    after = {_identity(item): item for item in new}
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    for key, item in after.items():
        if key not in before:
            added[_where(item, names)] += 1
        elif _content(before[key]) != _content(item):
            changed[_where(item, names)] += 1
    for key, item in before.items():
        if key not in after:
            removed[_where(item, names)] += 1
    phrases = []
    for sign, counter in (("+", added), (MINUS, removed)):
        for where, count in sorted(counter.items()):
            phrases.append(f"{sign}{_count(count, section)}{where}")
    for where, count in sorted(changed.items()):
        phrases.append(f"{_count(count, section)}{where} changed")
    return phrases


def _identity(item: BaseModel) -> str:
    identifier = getattr(item, "id", None)
    return f"id:{identifier}" if identifier is not None else _content(item)


def _content(item: BaseModel) -> str:
    return json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _where(item: BaseModel, names: dict[str, str]) -> str:
    if not isinstance(item, Item) or item.sites is None:
        return ""
    return " at " + " and ".join(names.get(site, site) for site in item.sites)


def _count(count: int, section: str) -> str:
    singular, plural = NOUNS[section]
    return f"{count} {singular if count == 1 else plural}"
