"""The report's addresses: the week's proof of display, as a page and as CSV."""

from __future__ import annotations

from django.urls import path

from signage.console.reports import attestation, views

patterns = [
    path("affichages/", views.report, name="report"),
    path("affichages.csv", views.report_csv, name="report_csv"),
    path("affichages/mois/", attestation.month_report, name="month_report"),
    path("affichages/attestation.pdf", attestation.attestation, name="attestation"),
]
