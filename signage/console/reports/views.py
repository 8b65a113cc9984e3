"""``/affichages/``: proof of display per site, kind and item, for a week; a partner
sees its own items and reads "vos ateliers ont été affichés 412 fois cette semaine à
l'ESC Maurepas"; the same figures as CSV (semicolons and a BOM: opens in a French
spreadsheet as is)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from signage.bounds import FIRST_DAY, LAST_DAY
from signage.console.content.models import Publication
from signage.console.content.slides import SLIDE_NAMES
from signage.console.people.models import Partner, Role
from signage.console.people.roles import member_required, membership
from signage.console.published import site_names
from signage.console.reports.counts import SECTION
from signage.console.reports.models import DisplayCount
from signage.human_values import parse_date

# The kind's name in the partner's sentence: plural, and the agreement of "affiché".
WORDS: Final = {
    "agenda": ("ateliers", "affichés"),
    "semainier": ("créneaux du semainier", "affichés"),
    "announcements": ("annonces", "affichées"),
    "urgent": ("messages urgents", "affichés"),
    "wifi": ("affiches wifi", "affichées"),
    "apps": ("applications", "affichées"),
    "posters": ("affiches", "affichées"),
}
KIND_LABELS: Final = SLIDE_NAMES
TITLE_KEYS: Final = ("title", "name", "ssid", "caption", "alt")


@dataclass
class Line:
    site: str
    kind: str
    item: str
    title: str
    owner: str
    shows: int
    seconds: float

    @property
    def duration(self) -> str:
        minutes = round(self.seconds / 60)
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class WeekNotUnderstood(Exception):
    """The week asked for in the address is not a date of the years screens know."""


def _week(request: HttpRequest) -> date:
    """The Monday of the week asked for (``?semaine=30/11/2026``), this week by default."""
    typed = request.GET.get("semaine", "")
    if not typed:
        day = timezone.localdate()
    else:
        asked = parse_date(typed[:40])
        week = timedelta(days=7)  # the page links to the weeks before and after
        if asked is None or not FIRST_DAY + week <= asked <= LAST_DAY - week:
            raise WeekNotUnderstood(typed[:40])
        day = asked
    return day - timedelta(days=day.weekday())


def _not_understood(request: HttpRequest, typed: str) -> HttpResponse:
    return render(
        request,
        "console/bad_request.html",
        {
            "message": f"Semaine non comprise\u00a0: «\u00a0{typed}\u00a0». Écrivez une date "
            "de la semaine voulue, par exemple 30/11/2026."
        },
        status=400,
    )


def _catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """Titles and owners of items ("workshops:atelier-cv"), from recent publications."""
    titles: dict[str, str] = {}
    owners: dict[str, str] = {}
    for publication in Publication.objects.only("document", "owners")[:20]:
        for key, owner in (publication.owners or {}).items():
            owners.setdefault(key, owner)
        for section, items in (publication.document or {}).items():
            if not isinstance(items, list):
                continue
            for item in items:
                if isinstance(item, dict) and item.get("id"):
                    titles.setdefault(f"{section}:{item['id']}", _title(item))
    return titles, owners


def _title(item: dict[str, Any]) -> str:
    for key in TITLE_KEYS:
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("fr") or next(iter(value.values()), "")
        if value:
            return str(value)
    return str(item.get("id"))


def lines(
    request: HttpRequest, start: date, end: date, partner: str | None = None
) -> tuple[list[Line], list[Line], str | None]:
    """The totals of the days from ``start`` to ``end`` (excluded) per kind, per item
    (each per site), and the partner's id when the person is a partner, or ``partner``
    is asked for (then only its items)."""
    found = membership(request.user)
    counts = DisplayCount.objects.filter(day__gte=start, day__lt=end)
    sites = found.site_list() if found is not None else None
    if found is not None and found.role != Role.ADMIN and sites is not None:
        counts = counts.filter(site__in=sites)
    if found is not None and found.role == Role.PARTNER:
        partner = found.partner or "—"
    kinds: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    items: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for site, kind, item, shows, seconds in counts.values_list(
        "site", "kind", "item", "shows", "seconds"
    ):
        total = items[(site, kind, item)] if item else kinds[(site, kind)]
        total[0] += shows
        total[1] += seconds
    titles, owners = _catalogue()
    item_lines = []
    for (site, kind, item), (shows, seconds) in items.items():
        key = f"{SECTION.get(kind, kind)}:{item}"
        owner = owners.get(key, "admins")
        if partner is not None and owner != partner:
            continue
        item_lines.append(Line(site, kind, item, titles.get(key, item), owner, int(shows), seconds))
    item_lines.sort(key=lambda x: (x.site, x.kind, -x.shows))
    kind_lines = [
        Line(site, kind, "", "", "", int(shows), seconds)
        for (site, kind), (shows, seconds) in sorted(kinds.items())
    ]
    return ([] if partner is not None else kind_lines), item_lines, partner


def sentences(item_lines: list[Line]) -> list[str]:
    """A partner's week in sentences, one per site (its name) and kind."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for line in item_lines:
        totals[(line.site, line.kind)] += line.shows
    said = []
    for (site, kind), shows in sorted(totals.items()):
        plural, agreed = WORDS.get(kind, (kind, "affichés"))
        times = "une fois" if shows == 1 else f"{shows:,} fois".replace(",", "\u202f")
        said.append(f"Vos {plural} ont été {agreed} {times} cette semaine {_at(site)}.")
    return said


def _at(place: str) -> str:
    """« à l'ESC Maurepas », « à Villejean »."""
    return f"à l'{place}" if place[:1].upper() in "AEIOUYÉÈH" else f"à {place}"


@member_required
def report(request: HttpRequest) -> HttpResponse:
    try:
        monday = _week(request)
    except WeekNotUnderstood as exc:
        return _not_understood(request, str(exc))
    kind_lines, item_lines, partner = lines(request, monday, monday + timedelta(days=7))
    names = site_names()
    for line in [*kind_lines, *item_lines]:
        line.site = names.get(line.site, line.site)
    partner_names = dict(Partner.objects.values_list("slug", "name"))
    for line in item_lines:
        line.owner = (
            "Administrateurs"
            if line.owner == "admins"
            else partner_names.get(line.owner, line.owner)
        )
    return render(
        request,
        "reports/report.html",
        {
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "kind_lines": kind_lines,
            "item_lines": item_lines,
            "sentences": sentences(item_lines) if partner is not None else [],
        },
    )


@member_required
def report_csv(request: HttpRequest) -> HttpResponse:
    try:
        monday = _week(request)
    except WeekNotUnderstood as exc:
        return _not_understood(request, str(exc))
    kind_lines, item_lines, _partner = lines(request, monday, monday + timedelta(days=7))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="affichages-{monday}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["semaine du", "site", "type", "élément", "titre", "partenaire", "affichages", "secondes"]
    )
    for line in [*kind_lines, *item_lines]:
        writer.writerow(
            [
                monday.isoformat(),
                cell(line.site),
                cell(line.kind_label),
                cell(line.item),
                cell(line.title),
                cell(line.owner),
                line.shows,
                round(line.seconds),
            ]
        )
    return response


# What a spreadsheet reads as a formula (OWASP "CSV injection"): a title typed by a
# partner as =HYPERLINK(…) must open as text, not run when an admin opens the file.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as written: a formula start gets a ' before it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
