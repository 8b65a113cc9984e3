"""Proof for partners (issue 29): each month, a partner downloads a PDF attestation of
its items' display per site, drawn by the players' PDF path; its figures are those of
the month's Affichages page."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from signage.console.content.publishing import publish, record
from signage.console.models import DisplayCount, Role, Screen
from signage.console.reports.attestation import month_of
from tests.console_content import admin, feed, member, with_example

pytestmark = pytest.mark.django_db


def _counts(out: Path) -> str:
    """November 2026 counted on two screens of two sites for arcs's wifi, December and
    another partner's item counted too; arcs's wifi id."""
    record(publish())
    wifi = feed(out)["wifi"][0]["id"]
    maurepas, _ = Screen.register("Hall", "maurepas")
    villejean, _ = Screen.register("Accueil", "villejean")
    rows = [
        (maurepas, "maurepas", date(2026, 11, 2), "wifi", wifi, 120, 1440.0),
        (maurepas, "maurepas", date(2026, 11, 30), "wifi", wifi, 31, 372.0),
        (villejean, "villejean", date(2026, 11, 15), "wifi", wifi, 200, 2400.0),
        (maurepas, "maurepas", date(2026, 12, 1), "wifi", wifi, 999, 9999.0),  # not November
        (maurepas, "maurepas", date(2026, 11, 3), "semainier", "ccas-slot", 77, 700.0),
        (maurepas, "maurepas", date(2026, 11, 3), "wifi", "", 500, 6000.0),  # the kind's row
    ]
    for screen, site, day, kind, item, shows, seconds in rows:
        DisplayCount.objects.create(
            screen=screen, site=site, day=day, kind=kind, item=item, shows=shows, seconds=seconds
        )
    return str(wifi)


def _page_figures(page: str) -> list[tuple[str, str, str]]:
    """(site, shows, time) of each line of the month page's table."""
    cells = re.findall(
        r'data-label="Site">([^<]+)</td>.*?data-label="Affichages">(\d+)</td>'
        r'<td data-label="Temps à l.écran">([^<]+)</td>',
        page,
    )
    return [(site.replace("&#x27;", "'"), shows, time) for site, shows, time in cells]


def test_the_attestation_pdf_says_what_the_month_page_says(settings: Any, tmp_path: Path) -> None:
    out = with_example(settings, tmp_path)
    _counts(out)
    arcs = member("arcs-user", Role.PARTNER, partner="arcs")
    page = arcs.get("/affichages/mois/?mois=11/2026").content.decode()
    assert "Affichages de novembre 2026" in page
    figures = _page_figures(page)
    assert sorted(figures) == [
        ("ESC Maurepas", "151", "30 min"),
        ("ESC Villejean", "200", "40 min"),
    ]
    assert "Attestation du mois (PDF)" in page
    answer = arcs.get("/affichages/attestation.pdf?mois=11/2026")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert 'filename="attestation-arcs-2026-11.pdf"' in answer["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    text = " ".join(text.split())
    assert "Attestation de diffusion" in text and "Novembre 2026" in text
    assert "seulement pendant qu'ils étaient allumés" in text
    for site, shows, time in figures:
        assert site in text and f"{shows} {time}" in text
    assert "999" not in text and "77" not in text  # another month, another partner's
    # Another partner's attestation is its own; an admin chooses whose.
    other = member("ccas-user", Role.PARTNER, partner="ccas")
    pdf = other.get("/affichages/attestation.pdf?mois=11/2026&partenaire=arcs")
    assert "151" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    boss = admin()
    assert boss.get("/affichages/attestation.pdf?mois=11/2026").status_code == 404
    chosen = boss.get("/affichages/attestation.pdf?mois=11/2026&partenaire=arcs")
    assert chosen.status_code == 200
    assert boss.get("/affichages/mois/?mois=13/2026").status_code == 404


def test_a_month_is_read_as_people_write_it() -> None:
    today = date(2027, 1, 14)
    assert month_of("", today) == date(2026, 12, 1)  # the last whole month
    assert month_of("11/2026", today) == date(2026, 11, 1)
    assert month_of("2026-11", today) == date(2026, 11, 1)
    assert month_of(" 3.2027 ", today) == date(2027, 3, 1)
    assert month_of("13/2026", today) is None and month_of("novembre", today) is None
    assert month_of("", date(2026, 12, 6)) == date(2026, 11, 1)
