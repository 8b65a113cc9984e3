"""A partner's own calendar as its bookings (issue 28): each event of the coming weeks a
booking of the room; those that meet a booking kept before them left out and said (to
the partner, in the console, in French), the others published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.publishing import Content, copy_example, serving

# Every Friday: 10:00–11:00 meets ARCS's volunteers (9:30–11:30); 14:00–15:00 is free;
# and one evening that runs past midnight.
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//La Plume//FR
BEGIN:VEVENT
UID:matin@laplume
DTSTART;TZID=Europe/Paris:20260102T100000
DTEND;TZID=Europe/Paris:20260102T110000
RRULE:FREQ=WEEKLY
SUMMARY:Atelier d'écriture du matin
END:VEVENT
BEGIN:VEVENT
UID:apres-midi@laplume
DTSTART;TZID=Europe/Paris:20260102T140000
DTEND;TZID=Europe/Paris:20260102T150000
RRULE:FREQ=WEEKLY
SUMMARY:Atelier d'écriture
END:VEVENT
BEGIN:VEVENT
UID:nuit@laplume
DTSTART;TZID=Europe/Paris:20260101T230000
DTEND;TZID=Europe/Paris:20260102T010000
RRULE:FREQ=WEEKLY
SUMMARY:Veillée
END:VEVENT
END:VCALENDAR
"""


def _served(root: Path) -> Path:
    folder = root / "agendas"
    folder.mkdir()
    (folder / "plume.ics").write_text(CALENDAR.replace("\n", "\r\n"), "utf-8")
    return folder


def test_a_calendars_events_become_bookings_and_clashes_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content: Content = copy_example(tmp_path, capsys)
    with serving(_served(tmp_path)) as base:
        content.write(
            "admins/booking-calendars.toml",
            f'[[calendar]]\nname = "Agenda de La Plume"\nurl = "{base}/plume.ics"\n'
            'room = "espace-numerique"\npartner = "La Plume"\npublic = true\n',
        )
        run = content.publish("--weeks", "3")
    assert run.code == 0, run.err
    booked = [b for b in content.feed().bookings if b.partner == "La Plume"]
    assert booked and {b.title.pick("fr") for b in booked} == {"Atelier d'écriture"}
    assert all(b.date is not None and b.date.isoweekday() == 5 for b in booked)
    assert all(b.public and b.room == "espace-numerique" for b in booked)
    said = [line for line in run.err.splitlines() if "booking-calendars.toml" in line]
    assert any(
        "« Atelier d'écriture du matin »" in line
        and "not taken: Espace numérique is already booked on" in line
        and "09:30–11:30 by ARCS" in line
        for line in said
    ), said
    assert any("« Veillée »" in line and "starts and ends the same day" in line for line in said)


@pytest.mark.django_db
def test_the_console_tells_the_owner_which_events_were_not_taken(
    settings: Any, tmp_path: Path
) -> None:
    from signage.console.content.publishing import publish, record  # noqa: PLC0415
    from signage.console.models import ContentRecord  # noqa: PLC0415
    from tests.console_content import admin, with_example  # noqa: PLC0415

    with_example(settings, tmp_path)
    with serving(_served(tmp_path)) as base:
        ContentRecord.objects.create(
            kind="agenda-salle",
            values={
                "name": "Agenda de La Plume",
                "url": f"{base}/plume.ics",
                "room": "espace-numerique",
                "partner": "La Plume",
                "public": True,
            },
        )
        outcome = publish()
    assert outcome.published, outcome.problems
    record(outcome)
    page = admin().get("/contenu/agenda-salle/").content.decode().replace("&#x27;", "'")
    assert "À lire : la publication n°" in page
    assert "« Atelier d'écriture du matin » du " in page
    assert "de votre agenda, n'est pas repris : Espace numérique est déjà réservée le" in page
    assert "de 09:30 à 11:30 par ARCS" in page
    assert "« Veillée » du " in page and "commence et finit le même jour" in page
    # The admins' own bookings and ARCS's stay: an import never takes a room from them.
    assert "held" not in " ".join(outcome.held)
