"""A month of proof of display (``/affichages/mois/``), and each partner's attestation
of it as a PDF for its funders: its items per site, how often and how long they showed
(counted by the screens, only while awake), drawn by the players' PDF path in a render
process. The PDF's figures are the month page's, line for line."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any, Final

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from signage.bounds import FIRST_DAY, LAST_DAY
from signage.console.people.models import Partner, Role
from signage.console.people.roles import member_required, membership
from signage.console.preview.pool import PreviewFailed, pool
from signage.console.published import site_names
from signage.console.reports.views import Line, lines, sentences
from signage.i18n import format_day

MONTHS: Final = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$|^\s*(\d{4})-(\d{1,2})\s*$")


def month_of(typed: str, today: date) -> date | None:
    """The first day of the month typed (« 11/2026 », « 2026-11 »); the month before
    ``today``'s when nothing is typed (a whole month, for funders); None if not one."""
    if not typed.strip():
        first = today.replace(day=1)
        return (
            first.replace(year=first.year - 1, month=12)
            if first.month == 1
            else first.replace(month=first.month - 1)
        )
    match = _MONTH.match(typed[:20])
    if match is None:
        return None
    month, year = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
    if not 1 <= int(month) <= 12:
        return None
    first = date(int(year), int(month), 1)
    return first if FIRST_DAY <= first <= LAST_DAY.replace(day=1) else None


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_name(first: date) -> str:
    return f"{MONTHS[first.month - 1]} {first.year}"


def _named(item_lines: list[Line]) -> list[Line]:
    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    for line in item_lines:
        line.site = names.get(line.site, line.site)
        line.owner = (
            "Administrateurs" if line.owner == "admins" else partners.get(line.owner, line.owner)
        )
    return item_lines


def _asked(request: HttpRequest) -> tuple[date, str | None]:
    first = month_of(request.GET.get("mois", ""), timezone.localdate())
    if first is None:
        raise Http404("mois non compris")
    found = membership(request.user)
    asked = request.GET.get("partenaire") or None
    if found is not None and found.role == Role.PARTNER:
        asked = None  # a partner sees its own, whatever the address says
    elif asked is not None and not Partner.objects.filter(slug=asked).exists():
        raise Http404("partenaire inconnu")
    return first, asked


@member_required
def month_report(request: HttpRequest) -> HttpResponse:
    first, asked = _asked(request)
    _kinds, item_lines, partner = lines(request, first, next_month(first), asked)
    return render(
        request,
        "reports/month.html",
        {
            "first": first,
            "month": month_name(first),
            "previous": previous_month(first),
            "next": next_month(first),
            "item_lines": _named(item_lines),
            "sentences": [s.replace("cette semaine", "ce mois-ci") for s in sentences(item_lines)]
            if partner is not None
            else [],
            "partner": partner,
            "partners": list(Partner.objects.values_list("slug", "name")),
        },
    )


def document(partner: Partner, first: date, item_lines: list[Line]) -> dict[str, Any]:
    """The attestation's content in words (attestation_pdf draws it)."""
    by_site: dict[str, list[Line]] = defaultdict(list)
    for line in item_lines:
        by_site[line.site].append(line)
    sites = []
    for site, found in sorted(by_site.items()):
        seconds = sum(line.seconds for line in found)
        total = Line(site, "", "", "", "", sum(line.shows for line in found), seconds)
        sites.append(
            {
                "name": site,
                "rows": [
                    [line.title, line.kind_label, line.shows, line.duration] for line in found
                ],
                "total": [total.shows, total.duration],
            }
        )
    return {
        "title": "Attestation de diffusion",
        "partner": partner.name,
        "period": month_name(first).capitalize(),
        "note": (
            f"Éléments de {partner.name} montrés sur les écrans d'accueil des Espaces "
            f"Sociaux Communs du 1er au {previous_day(next_month(first)).day} "
            f"{month_name(first)}. Comptés par les écrans "
            "eux-mêmes, seulement pendant qu'ils étaient allumés (jamais pendant la veille) : "
            "un affichage par passage de la diapositive qui montre l'élément."
        ),
        "made": f"Établie le {format_day(timezone.localdate(), 'fr')} par la console des "
        "écrans ESC.",
        "sites": sites,
    }


def previous_day(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


@member_required
def attestation(request: HttpRequest) -> HttpResponse:
    first, asked = _asked(request)
    _kinds, item_lines, partner_id = lines(request, first, next_month(first), asked)
    partner = Partner.objects.filter(slug=partner_id).first() if partner_id else None
    if partner is None:
        raise Http404("une attestation est celle d'un partenaire : choisissez-le")
    try:
        header, pdf = pool().render(
            {"what": "attestation", "document": document(partner, first, _named(item_lines))}
        )
    except PreviewFailed:
        header, pdf = {"ok": False}, b""
    if not header.get("ok"):
        return HttpResponse(
            "Attestation indisponible pour le moment ; réessayez dans une minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"attestation-{partner.slug}-{first:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
