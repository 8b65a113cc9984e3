"""Workshop agendas from real-shaped calendar exports, correct across DST."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from signage.sources.ics_workshops import IcsRefused, parse_ics

PARIS = ZoneInfo("Europe/Paris")
CALENDARS = Path(__file__).parent / "calendars"


def read(name: str, start: datetime, days: int, **options: object) -> list[tuple[str, datetime]]:
    result = parse_ics(
        (CALENDARS / name).read_bytes(), PARIS, start, start + timedelta(days=days), **options
    )  # type: ignore[arg-type]
    return [(w.title.pick("fr"), w.start.astimezone(PARIS)) for w in result.workshops]


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


def test_google_weekly_workshop_keeps_its_time_across_the_spring_change(
    machine_zone_elsewhere: None,
) -> None:
    found = read("google.ics", at(2026, 3, 1), 60)
    smartphone = [when for title, when in found if title == "Prendre en main son smartphone"]
    # 17 and 31 March and 7 April; the 24th is excluded (EXDATE). 14:00 before and after
    # the change of 29 March (UTC+1 then UTC+2).
    assert smartphone == [at(2026, 3, 17, 14), at(2026, 3, 31, 14), at(2026, 4, 7, 14)]
    assert [w.utcoffset() for w in smartphone] == [
        timedelta(hours=1),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def test_an_event_at_the_moment_of_the_change_is_shown_in_local_time() -> None:
    found = dict(read("google.ics", at(2026, 3, 28), 2))
    # 01:00 UTC on 29 March is 03:00 CEST, the very first minute of summer time.
    assert found["À l'heure du changement"] == at(2026, 3, 29, 3, 0)


def test_all_day_multi_day_events() -> None:
    result = parse_ics(
        (CALENDARS / "google.ics").read_bytes(), PARIS, at(2026, 3, 30), at(2026, 4, 10)
    )
    (week,) = [w for w in result.workshops if w.title.pick("fr") == "Semaine du numérique"]
    assert (week.start, week.end) == (at(2026, 4, 1), at(2026, 4, 3))


def test_categories_filter() -> None:
    found = read("google.ics", at(2026, 3, 1), 60, categories=frozenset({"mediation numerique"}))
    assert "Semaine du numérique" not in {t for t, _ in found}
    assert "Prendre en main son smartphone" in {t for t, _ in found}


def test_outlook_windows_zone_names_organiser_and_duration() -> None:
    result = parse_ics(
        (CALENDARS / "outlook.ics").read_bytes(), PARIS, at(2026, 10, 15), at(2026, 11, 15)
    )
    caf = [w for w in result.workshops if w.title.pick("fr") == "Mon compte CAF en ligne"]
    # 20 October (summer time) and 27 October (winter time): 9:30 both times.
    assert [w.start.astimezone(PARIS) for w in caf] == [
        at(2026, 10, 20, 9, 30),
        at(2026, 10, 27, 9, 30),
    ]
    assert caf[0].organiser == "CAF d'Ille-et-Vilaine"
    (ameli,) = [w for w in result.workshops if w.title.pick("fr").startswith("Ameli")]
    assert ameli.end - ameli.start == timedelta(minutes=90)


def test_nextcloud_moved_and_cancelled_occurrences_a_broken_event_and_floating_time() -> None:
    result = parse_ics(
        (CALENDARS / "nextcloud.ics").read_bytes(), PARIS, at(2026, 11, 30), at(2026, 12, 31)
    )
    found = [(w.title.pick("fr"), w.start.astimezone(PARIS)) for w in result.workshops]
    assert found == [
        ("Visio avec ses proches", at(2026, 12, 1, 14, 30)),
        ("Café numérique (heure flottante)", at(2026, 12, 3, 9, 0)),
        ("Visio avec ses proches (déplacé)", at(2026, 12, 9, 10, 0)),  # moved from the 8th
        # 15 December: STATUS:CANCELLED, hidden. "Événement cassé": left out, the rest kept.
    ]
    assert result.workshops[0].place == "Bibliothèque de Maurepas"


def test_not_a_calendar_is_refused() -> None:
    with pytest.raises(IcsRefused):
        parse_ics(b"<html>404</html>", PARIS, at(2026, 1, 1), at(2026, 2, 1))


def test_thunderbird_until_rdate_categories_and_a_one_day_event() -> None:
    result = parse_ics(
        (CALENDARS / "thunderbird.ics").read_bytes(),
        PARIS,
        at(2026, 10, 1),
        at(2026, 11, 30),
        categories=frozenset({"securite"}),
    )
    found = [(w.title.pick("fr"), w.start.astimezone(PARIS)) for w in result.workshops]
    # Weekly until 30 October (9:30 CEST then 9:30 CET after the 25 October change),
    # plus an extra date (RDATE) on 4 November.
    assert found == [
        ("Sécuriser ses mots de passe", at(2026, 10, 16, 9, 30)),
        ("Sécuriser ses mots de passe", at(2026, 10, 23, 9, 30)),
        ("Sécuriser ses mots de passe", at(2026, 10, 30, 9, 30)),
        ("Sécuriser ses mots de passe", at(2026, 11, 4, 9, 30)),
    ]
    registration = result.workshops[0].registration
    assert registration is not None
    assert registration.pick("fr") == "Apportez votre téléphone. — https://www.example.org/ateliers"
    everything = parse_ics(
        (CALENDARS / "thunderbird.ics").read_bytes(), PARIS, at(2026, 11, 6), at(2026, 11, 9)
    )
    (day,) = everything.workshops
    assert (day.start, day.end) == (at(2026, 11, 7), at(2026, 11, 8))  # all day, no DTEND
