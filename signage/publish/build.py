"""``signage publish``: content folders in, one checked (and signed) feed out.

Reading and checking (``build``) is separate from writing (``write``), so ``--dry-run``
runs every check and says what would change without touching the published folder.
The admins' folder must be free of errors or nothing is published; a partner's folder
with errors is replaced by that partner's previous part.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from signage.bounds import DEFAULT_FEED_MB
from signage.feed import (
    FEED_FORMAT,
    FEED_REVISION,
    FEED_VERSION,
    SECTIONS,
    Feed,
    FeedRefused,
    parse_feed_document,
)
from signage.model.record import Record
from signage.model.rooms import Booking, Room
from signage.model.site import DEFAULT_TIMEZONE, Site
from signage.publish.bookings import BookingCheck
from signage.publish.content import read_folder, read_sites
from signage.publish.part import Context, Part
from signage.publish.parts_store import Published, load_part, state_folder
from signage.publish.policy import PartnerPolicy, enforce, read_policies
from signage.publish.problems import SourceProblem
from signage.sources.http import HttpFetcher

FEED_NAME: Final = "feed.json"
MB: Final = 1024 * 1024


@dataclass
class PartnerOutcome:
    """What became of one partner's part."""

    policy: PartnerPolicy
    problems: list[SourceProblem]
    sections: Published | None  # what is published for it (new, or kept from before)

    @property
    def held(self) -> bool:
        return bool(self.problems)


@dataclass
class Build:
    """A checked feed ready to write, or the problems that stop it."""

    problems: list[SourceProblem] = field(default_factory=list)
    warnings: list[SourceProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    partners: list[PartnerOutcome] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    feed: Feed | None = None
    now: datetime | None = None  # the moment built for (the phone pages' "today")

    @property
    def ok(self) -> bool:
        return not self.problems and self.feed is not None


def build(
    source: Path,
    out: Path,
    *,
    now: datetime,
    weeks: int = 8,
    fetcher: HttpFetcher | None = None,
    shown: str | None = None,
    dry_run: bool = False,
) -> Build:
    """Read and check ``source`` (and its partners' folders) into a feed; write nothing."""
    result = Build(now=now)
    shown = shown if shown is not None else str(source)
    if not source.is_dir():
        result.problems.append(SourceProblem(shown, "", "is not a folder"))
        return result
    paris = ZoneInfo(DEFAULT_TIMEZONE)
    sites = read_sites(source, Context({}, paris, now, now))
    zones = {item.id: item.zone for item in sites.items("sites")}  # type: ignore[attr-defined]
    zone = next(iter(zones.values()), paris)
    zones |= {site: zone for site in sites.declared if site not in zones}
    start = datetime.combine(now.astimezone(zone).date(), time(0), zone)
    copies = state_folder(out) / "calendars"
    end = start + timedelta(weeks=weeks)
    context = Context(zones, zone, start, end, fetcher, copies, write_copies=not dry_run)
    admins = read_folder(source, "admins", context, admin=True)
    policies, policy_problems = read_policies(source, context)
    bookings = BookingCheck(
        [r for r in admins.items("rooms") if isinstance(r, Room)],
        [s for s in sites.items("sites") if isinstance(s, Site)],
        start.date(),
    )
    bookings.keep(bookings.check(admins, shown=shown))
    for part in (sites, admins):
        _take(result, part, shown)
    result.problems += _located(policy_problems, shown)
    if result.problems:
        return result
    document: dict[str, Any] = {
        "format": FEED_FORMAT,
        "version": FEED_VERSION,
        "revision": FEED_REVISION,
        "generated_at": now.isoformat(timespec="seconds"),
    }
    for section in SECTIONS:
        document[section] = [_published(i) for i in (*sites.items(section), *admins.items(section))]
    for policy in policies:
        outcome = _partner(policy, out, context, result, bookings)
        result.partners.append(outcome)
        for section, records in (outcome.sections or {}).items():
            document[section] += records
    # Last, the bookings read from calendars: each refused is said, its others kept.
    result.warnings += bookings.settle(document)
    _drop_duplicates(document, result)
    result.document = document
    try:
        parsed = parse_feed_document(document)
    except FeedRefused as exc:  # cannot happen for checked records; say so if it does
        result.problems.append(SourceProblem(FEED_NAME, "", f"would be refused: {exc}"))
        return result
    if parsed.dropped:
        result.problems += [SourceProblem(FEED_NAME, "", str(d)) for d in parsed.dropped]
        return result
    size = len(feed_body(document))
    if size > DEFAULT_FEED_MB * MB:
        result.problems.append(
            SourceProblem(
                FEED_NAME,
                "",
                f"would be {size / MB:.1f} MB; screens accept at most {DEFAULT_FEED_MB:g} MB "
                "(publish fewer weeks of calendars with --weeks, or fewer records)",
            )
        )
        return result
    result.feed = parsed.feed
    return result


def _duplicate_key(section: str, record: dict[str, Any]) -> str:
    """What makes two records the same thing for a visitor: for a slot, its sites, day,
    times and title; for a workshop, its sites, times and title; else all of it."""
    if section == "semainier":
        fields: tuple[str, ...] = ("sites", "weekday", "start", "end", "title")
    elif section == "workshops":
        fields = ("sites", "start", "end", "title")
    else:
        return json.dumps(record, sort_keys=True, ensure_ascii=False)
    picked = {f: record.get(f) for f in fields}
    if isinstance(picked["title"], str):
        picked["title"] = " ".join(picked["title"].casefold().split())
    return json.dumps(picked, sort_keys=True, ensure_ascii=False)


def _drop_duplicates(document: dict[str, Any], result: Build) -> None:
    """A record published twice (the admins' semainier and a partner's both holding the
    CAF permanence) is shown once; the admins are told."""
    for section in SECTIONS:
        seen: set[str] = set()
        kept: list[dict[str, Any]] = []
        twice: list[str] = []
        for record in document[section]:
            key = _duplicate_key(section, record)
            if key in seen:
                title = record.get("title") or record.get("ssid") or record.get("name") or ""
                twice.append(str(title.get("fr", "") if isinstance(title, dict) else title))
                continue
            seen.add(key)
            kept.append(record)
        document[section] = kept
        if twice:
            # One line for a section, however many: a duplicated spreadsheet of 4,999
            # rows must not bury the page (or the log) under 4,999 lines.
            examples = ", ".join(repr(t) for t in dict.fromkeys(twice[:3]))
            result.warnings.append(
                SourceProblem(
                    FEED_NAME,
                    section,
                    f"{len(twice):,} {'item is' if len(twice) == 1 else 'items are'} there "
                    f"twice (for example {examples}): each published once",
                    "warning",
                )
            )


def feed_body(document: dict[str, Any]) -> bytes:
    """The bytes of ``feed.json`` for ``document``, as published."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _partner(
    policy: PartnerPolicy, out: Path, context: Context, result: Build, bookings: BookingCheck
) -> PartnerOutcome:
    folder = Path(policy.folder)
    shown = os.path.relpath(folder)  # as the admin would type it from here
    if not folder.is_dir():
        part = Part(policy.id)
        part.problems.append(SourceProblem(shown, "", "is not a folder (partners.toml)"))
    else:
        scoped = replace(context, https_only=True, public_only=True, hosts=policy.calendar_hosts)
        part = read_folder(
            folder, policy.id, scoped, admin=False, kinds=policy.kinds, who=policy.label
        )
        enforce(policy, part)
    accepted = bookings.check(part, partner=policy.label, sites=policy.sites, shown=shown)
    if part.problems:
        # Held: nothing of it is published this time, its calendars' bookings neither.
        bookings.deferred = [d for d in bookings.deferred if d[3] != shown]
        previous = load_part(out, policy.id)
        # Its previous bookings are published again: later partners are checked
        # against them.
        bookings.keep(_bookings(previous))
        return PartnerOutcome(policy, _located(part.problems, shown), previous)
    bookings.keep(accepted)
    _take(result, part, shown)
    sections = {s: [_published(e.item) for e in entries] for s, entries in part.entries.items()}
    return PartnerOutcome(policy, [], sections)


def _bookings(published: Published | None) -> list[Booking]:
    kept = []
    for values in (published or {}).get("bookings", []):
        try:
            kept.append(Booking.model_validate(values))
        except ValueError:  # as published before, it was checked: cannot happen
            continue
    return kept


def _take(result: Build, part: Part, shown: str) -> None:
    result.problems += _located(part.problems, shown)
    result.warnings += _located(part.warnings, shown)
    result.notes += [f"{shown}/{note}" for note in part.notes]
    result.images.update(part.images)


def _located(problems: list[SourceProblem], folder: str) -> list[SourceProblem]:
    """Problems named by their path from the folder given, each once."""
    seen: dict[str, SourceProblem] = {}
    for problem in problems:
        file = problem.file if Path(problem.file).is_absolute() else f"{folder}/{problem.file}"
        located = SourceProblem(file, problem.where, problem.message, problem.severity)
        seen.setdefault(str(located), located)
    return list(seen.values())


def _published(item: Record) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return data
