"""Rooms and bookings from content folders (issue 28): published in the feed (revision 2),
and a booking that clashes refused by the same rules as the console's, naming the
booking it meets and the nearest free periods."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from signage.feed import FEED_REVISION, parse_feed_document
from tests.publishing import Content, copy_example

PLUME_POLICY = """
[[partner]]
id = "plume"
name = "La Plume"
folder = "../plume"
kinds = ["bookings"]
sites = ["maurepas"]
"""


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    return copy_example(tmp_path, capsys)


def test_rooms_and_bookings_reach_the_feed(content: Content) -> None:
    assert content.publish().code == 0
    feed = content.feed()
    assert feed.revision == FEED_REVISION
    assert {r.id for r in feed.rooms} >= {"espace-numerique", "salle-groupe", "valise-portables"}
    arcs = next(b for b in feed.bookings if b.partner == "ARCS")
    assert arcs.room == "espace-numerique" and arcs.public and arcs.weekday == "friday"


def test_a_partner_booking_a_taken_room_is_refused_naming_the_first(content: Content) -> None:
    # Every Friday (the refusal then names the first Friday both take place, from the
    # day of publishing: whatever day the test runs, there is one).
    content.append("admins/partners.toml", PLUME_POLICY)
    content.write(
        "plume/bookings.toml",
        '[[booking]]\nroom = "espace-numerique"\npartner = "La Plume"\n'
        'title = "Atelier d\'écriture"\nweekday = "friday"\nstart = "10:00"\nend = "12:00"\n',
    )
    run = content.publish()
    assert run.code == 3  # the rest is published; La Plume's part is held
    message = next(line for line in run.err.splitlines() if "already booked" in line)
    assert "plume/bookings.toml" in message
    day = re.search(r"already booked on (\d{4}-\d\d-\d\d) \(friday\) 09:30–11:30 by ARCS", message)
    assert day is not None, message
    assert "« Atelier des bénévoles : premiers pas sur la tablette »" in message
    # The nearest periods that hold two hours: that Friday afternoon first.
    assert f"free for 2 h: {day.group(1)} 13:30–17:00" in message
    feed = content.feed()
    assert [b.partner for b in feed.bookings if b.room == "espace-numerique"] == ["ARCS"]
    # Moved to the afternoon: published.
    content.write(
        "plume/bookings.toml",
        '[[booking]]\nroom = "espace-numerique"\npartner = "La Plume"\n'
        'title = "Atelier d\'écriture"\nweekday = "friday"\nstart = "14:00"\nend = "16:00"\n',
    )
    assert content.publish().code == 0
    assert "La Plume" in {b.partner for b in content.feed().bookings}


def test_a_booking_outside_the_hours_is_refused(content: Content) -> None:
    content.append("admins/partners.toml", PLUME_POLICY)
    content.write(
        "plume/bookings.toml",
        '[[booking]]\nroom = "espace-numerique"\npartner = "La Plume"\ntitle = "Atelier"\n'
        'date = 2026-12-11\nstart = "17:00"\nend = "18:00"\n',
    )
    assert (
        "17:00–18:00 is outside the hours of Espace numérique on fridays "
        "(08:30–12:30, 13:30–17:00)" in content.publish().err
    )


def test_a_partner_books_in_its_own_name_in_its_own_sites_only(content: Content) -> None:
    content.append("admins/partners.toml", PLUME_POLICY)
    content.write(
        "plume/bookings.toml",
        '[[booking]]\nroom = "espace-numerique"\npartner = "CCAS"\ntitle = "Réunion"\n'
        'date = 2026-12-11\nstart = "14:00"\nend = "15:00"\n',
    )
    assert "is in La Plume's name, not 'CCAS'" in content.publish().err


def test_the_admins_booking_a_room_twice_publish_nothing(content: Content) -> None:
    content.append(
        "admins/bookings.toml",
        '\n[[booking]]\nroom = "salle-groupe"\npartner = "CDAS"\ntitle = "Permanence"\n'
        'weekday = "monday"\nstart = "15:00"\nend = "16:30"\n',
    )
    run = content.publish()
    assert run.code != 0
    assert re.search(
        r"Salle de groupe is already booked on \d{4}-\d\d-\d\d \(monday\) 14:00–16:00 by CCAS",
        run.err,
    )


def test_an_older_screen_reads_a_revision_2_feed_ignoring_rooms(content: Content) -> None:
    """Older screens parse sections they know and ignore the others: what this screen's
    parser does with a section it does not know, as a revision-1 screen does with rooms."""
    assert content.publish().code == 0
    import json  # noqa: PLC0415

    document = json.loads((content.out / "feed.json").read_text("utf-8"))
    document["future_section"] = [{"anything": 1}]
    parsed = parse_feed_document(document)
    assert parsed.dropped == () and parsed.feed.semainier
