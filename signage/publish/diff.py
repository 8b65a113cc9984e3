"""What a publish changes, in words: "+2 workshops at ESC Maurepas, −1 announcement".

Records with an ``id`` are matched by it (same id, other content: "changed"); records
without one are matched by their whole content. Counts are grouped by the sites a record
is for, so an admin sees at a glance which building a change reaches.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Final

from signage.feed import SECTIONS, Feed
from signage.model.common import Item
from signage.model.record import Record

NOUNS: Final = {
    "sites": ("site", "sites"),
    "semainier": ("semainier slot", "semainier slots"),
    "workshops": ("workshop", "workshops"),
    "wifi": ("wifi offer", "wifi offers"),
    "apps": ("app", "apps"),
    "announcements": ("announcement", "announcements"),
    "posters": ("poster", "posters"),
    "rooms": ("room", "rooms"),
    "bookings": ("booking", "bookings"),
}
MINUS: Final = "\u2212"  # a real minus sign: "−1 announcement"


@dataclass(frozen=True)
class Wording:
    nouns: dict[str, tuple[str, str]]
    first: str
    empty: str
    nothing: str
    changed: str
    unchanged: str
    conjunction: str

    def at(self, name: str) -> str:
        return f" at {name}"

    def changed_word(self, section: str, count: int) -> str:
        return self.changed

    def section_name(self, section: str) -> str:
        return section


_FEMININE: Final = frozenset({"apps", "announcements", "posters", "rooms", "bookings"})


class FrenchWording(Wording):
    def at(self, name: str) -> str:
        # "à l'ESC Maurepas", "à la Maison…": elided before a vowel, as French writes it.
        return f" à l'{name}" if name[:1].lower() in "aeéèiouyh" else f" à {name}"

    def changed_word(self, section: str, count: int) -> str:
        # "1 wifi modifié", "2 annonces modifiées": the participle agrees.
        return "modifié" + ("e" if section in _FEMININE else "") + ("s" if count > 1 else "")

    def section_name(self, section: str) -> str:
        return self.nouns[section][1]


ENGLISH: Final = Wording(
    NOUNS, "first publication: ", "an empty feed", "nothing changes", "changed", "unchanged", "and"
)
FRENCH: Final = FrenchWording(
    {
        "sites": ("site", "sites"),
        "semainier": ("créneau du semainier", "créneaux du semainier"),
        "workshops": ("atelier", "ateliers"),
        "wifi": ("wifi", "wifis"),
        "apps": ("application", "applications"),
        "announcements": ("annonce", "annonces"),
        "posters": ("affiche", "affiches"),
        "rooms": ("salle", "salles"),
        "bookings": ("réservation", "réservations"),
    },
    "première publication : ",
    "un flux vide",
    "rien ne change",
    "modifié",
    "inchangés",
    "et",
)


def describe_changes(old: Feed | None, new: Feed, words: Wording = ENGLISH) -> str:
    """One line saying what ``new`` changes against ``old`` (None: nothing published yet)."""
    if old is None:
        counts = [_count(len(getattr(new, s)), s, words) for s in SECTIONS if getattr(new, s)]
        return words.first + (", ".join(counts) or words.empty)
    names = {site.id: site.name for site in (*old.sites, *new.sites)}
    changes: list[str] = []
    unchanged: list[str] = []
    for section in SECTIONS:
        found = _section_changes(
            getattr(old, section), getattr(new, section), section, names, words
        )
        if found:
            changes += found
        else:
            unchanged.append(words.section_name(section))
    if not changes:
        return words.nothing
    line = ", ".join(changes)
    if unchanged:
        listed = (
            unchanged[0]
            if len(unchanged) == 1
            else (", ".join(unchanged[:-1]) + f" {words.conjunction} " + unchanged[-1])
        )
        line += f"; {listed} {words.unchanged}"
    return line


def _section_changes(
    old: tuple[Record, ...],
    new: tuple[Record, ...],
    section: str,
    names: dict[str, str],
    words: Wording,
) -> list[str]:
    # Multisets, not sets: a record published twice (two partners typing the same slot)
    # counts twice, and removing the copy is a change.
    before: dict[str, list[Record]] = defaultdict(list)
    after: dict[str, list[Record]] = defaultdict(list)
    for item in old:
        before[_identity(item)].append(item)
    for item in new:
        after[_identity(item)].append(item)
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    for key, items in after.items():
        olds = before.get(key, [])
        for index, item in enumerate(items):
            if index >= len(olds):
                added[_where(item, names, words)] += 1
            elif _content(olds[index]) != _content(item):
                changed[_where(item, names, words)] += 1
    for key, items in before.items():
        for item in items[len(after.get(key, [])) :]:
            removed[_where(item, names, words)] += 1
    phrases = []
    for sign, counter in (("+", added), (MINUS, removed)):
        for where, count in sorted(counter.items()):
            phrases.append(f"{sign}{_count(count, section, words)}{where}")
    for where, count in sorted(changed.items()):
        phrases.append(
            f"{_count(count, section, words)}{where} {words.changed_word(section, count)}"
        )
    return phrases


def _identity(item: Record) -> str:
    identifier = getattr(item, "id", None)
    return f"id:{identifier}" if identifier is not None else _content(item)


def _content(item: Record) -> str:
    return json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _where(item: Record, names: dict[str, str], words: Wording) -> str:
    if not isinstance(item, Item) or item.sites is None:
        return ""
    return words.at(f" {words.conjunction} ".join(names.get(site, site) for site in item.sites))


def _count(count: int, section: str, words: Wording = ENGLISH) -> str:
    singular, plural = words.nouns[section]
    return f"{count} {singular if count == 1 else plural}"
