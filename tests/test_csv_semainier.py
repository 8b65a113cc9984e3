"""Semainier spreadsheets as referents export them: both encodings, both separators,
French and English headers, and bad rows reported with their place."""

from __future__ import annotations

from datetime import date, time

import pytest

from signage.model import Access, Weekday
from signage.sources.csv_semainier import CsvRefused, parse_csv_semainier

FRENCH_EXCEL = (
    "Jour;Début;Fin;Activité;Partenaire;Salle;Accès;Public;Du;Au\r\n"
    "lundi;9h;12h;Permanence informaticien public;CCAS;Espace numérique;libre;;;\r\n"
    "Mardi;13h30;16h30;Démarches accompagnées;CDAS;Bureau 3;sur rendez-vous;;01/12/2026;\r\n"
    "MER;9:30;11:00;Atelier « Premiers pas »;Médiateurs;Salle 1;RDV;Seniors;;24/12/2026\r\n"
    "vendredi;09:00;12:00;Ateliers des bénévoles;ARCS;Espace numérique;Libre;;;\r\n"
).encode("cp1252")

ENGLISH_UTF8 = (
    "\ufeffDay,Start,End,Activity,Partner,Room,Access\n"
    "Monday,9:00,12:00,Public computer helper,CCAS,Digital space,free\n"
    "sat,10h,12h30,Café numérique,ARCS,Hall,walk-in\n"
).encode()


def test_french_excel_export_in_windows_1252_with_semicolons() -> None:
    result = parse_csv_semainier(FRENCH_EXCEL)
    assert result.problems == ()
    first, second, third, fourth = result.slots
    assert (first.weekday, first.start, first.end) == (Weekday.MONDAY, time(9), time(12))
    assert first.access is Access.FREE and first.partner == "CCAS"
    assert second.access is Access.APPOINTMENT and second.valid_from == date(2026, 12, 1)
    assert third.weekday is Weekday.WEDNESDAY and third.valid_until == date(2026, 12, 24)
    assert third.title.pick("fr") == "Atelier « Premiers pas »"  # accents survived cp1252
    assert third.audience is not None and third.audience.pick("fr") == "Seniors"
    assert fourth.weekday is Weekday.FRIDAY


def test_english_export_in_utf8_with_bom_and_commas() -> None:
    result = parse_csv_semainier(ENGLISH_UTF8)
    assert result.problems == ()
    monday, saturday = result.slots
    assert monday.title.pick("en") == "Public computer helper"
    assert (saturday.weekday, saturday.start, saturday.end) == (
        Weekday.SATURDAY,
        time(10),
        time(12, 30),
    )
    assert saturday.title.pick("fr") == "Café numérique"


def test_bad_rows_are_skipped_and_reported_the_rest_kept() -> None:
    data = (
        "jour;debut;fin;activite\n"
        "lundi;9h;12h;Bon\n"
        "lundy;9h;12h;Jour mal écrit\n"
        "mardi;neuf heures;12h;Heure illisible\n"
        "mercredi;14h;10h;Fin avant début\n"
        "\n"
        "jeudi;25h;26h;Hors limites\n"
        "vendredi;9h;12h;Bon aussi\n"
    ).encode()
    result = parse_csv_semainier(data)
    assert [s.title.pick("fr") for s in result.slots] == ["Bon", "Bon aussi"]
    assert [str(p) for p in result.problems] == [
        "line 3, column 'jour': 'lundy' is not a day of the week "
        "(lundi… dimanche, or monday… sunday)",
        "line 4, column 'debut': 'neuf heures' is not a time (9h, 9h30, 09:30)",
        "line 5: end must be after start (slots do not run past midnight)",
        "line 7, column 'debut': '25h' is not a time (9h, 9h30, 09:30)",
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"nom;prenom\nDupont;Jean\n", "no column for weekday, start, end, title")],
)
def test_a_file_that_is_not_a_semainier_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(CsvRefused, match=words):
        parse_csv_semainier(data)
