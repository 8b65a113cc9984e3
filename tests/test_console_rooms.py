"""The « Salles » page (issue 28): a partner finds a free period of a room in the next two
weeks, opens the booking form filled in with it, books, cancels one day in one click;
the room's calendar (a private link per partner) reads back in the project's own ICS
reader with the same events."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from signage.console.models import ContentRecord, Role
from signage.console.people.models import Partner
from signage.model.rooms import Booking
from signage.sources.ics_workshops import parse_ics
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def plume(settings: Any, tmp_path: Path) -> Client:
    with_example(settings, tmp_path)
    Partner.objects.create(
        slug="plume", name="La Plume", kinds=["bookings"], sites=["maurepas"], calendar_hosts=[]
    )
    return member("plume", Role.PARTNER, partner="plume")


def _page(client: Client, query: str = "?salle=espace-numerique") -> str:
    answer = client.get(f"/salles/{query}")
    assert answer.status_code == 200
    return answer.content.decode().replace("&amp;", "&").replace("&#x27;", "'")


FRIDAY_AFTERNOON = r'href="(/contenu/reservation/nouveau/\?[^"]*start=13h30&end=17h)"'


def _with_a_friday(client: Client) -> str:
    """The query of the first week whose Friday is open (a closure may take one)."""
    for week in range(2):
        query = f"?salle=espace-numerique&semaine={week}"
        if re.search(FRIDAY_AFTERNOON, _page(client, query)):
            return query
    pytest.fail("no open Friday in two weeks")


def test_a_partner_finds_a_free_afternoon_books_it_then_cancels_that_day(plume: Client) -> None:
    query = _with_a_friday(plume)
    page = _page(plume, query)
    assert "Espace numérique — ESC Maurepas" in page
    assert "Bureau partagé" not in page  # shared with CAF, CCAS and CDAS only
    # ARCS holds Friday mornings 9 h 30 – 11 h 30: the afternoon is free.
    assert f"9{NBSP}h{NBSP}30 – 11{NBSP}h{NBSP}30 · Atelier des bénévoles" in page
    links = re.findall(FRIDAY_AFTERNOON, page)
    assert links, "no free Friday afternoon offered"
    form = plume.get(links[0]).content.decode()
    assert 'value="13h30"' in form and 'value="17h"' in form
    assert re.search(r'type="radio" name="room" value="espace-numerique"[^>]* checked', form)
    day = re.search(r"date=(\d\d/\d\d/\d{4})", links[0])
    assert day is not None
    saved = plume.post(
        "/contenu/reservation/nouveau/",
        {
            "room": "espace-numerique",
            "title": "Atelier d'écriture",
            "date": day.group(1),
            "start": "13h30",
            "end": "17h",
            "access": "free",
            "public": "on",
            "accept_rules": "on",
            "enregistrer": "1",
        },
    )
    assert saved.status_code == 302
    record = ContentRecord.objects.get(kind="reservation", owner="plume")
    after = _page(plume, query)
    assert f"13{NBSP}h{NBSP}30 – 17{NBSP}h · Atelier d'écriture — La Plume" in after
    iso = record.values["date"]
    cancel = f"/salles/annuler/{record.pk}/{iso}/"
    assert cancel in after
    # Someone else cannot cancel it.
    other = member("arcs-person", Role.PARTNER, partner="arcs")
    assert other.post(cancel).status_code == 404
    done = plume.post(cancel, follow=True).content.decode()
    assert "annulé le vendredi" in done
    record.refresh_from_db()
    assert record.values["cancelled_on"] == [iso]
    assert links[0].split("?")[1] in _page(plume, query)  # the afternoon is free again


def test_the_rooms_calendar_reads_back_with_the_same_events(plume: Client) -> None:
    page = _page(plume)
    link = re.search(r'value="(http://testserver/salles/espace-numerique\.ics\?cle=[^"]+)"', page)
    assert link is not None
    anonymous = Client()
    assert (
        anonymous.get("/salles/espace-numerique.ics?cle=wrong-key-wrong-key-xx").status_code == 404
    )
    answer = anonymous.get(link.group(1).removeprefix("http://testserver"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    today = timezone.localdate()
    start = datetime.combine(today, time(0), PARIS)
    end = start + timedelta(weeks=6)
    events = parse_ics(answer.content, PARIS, start, end).workshops
    arcs = Booking.model_validate(
        ContentRecord.objects.get(kind="reservation", owner="arcs").values
    )
    expected = [
        datetime.combine(start.date() + timedelta(days=d), arcs.start, PARIS)
        for d in range(42)
        if arcs.holds_room(start.date() + timedelta(days=d))
    ]
    got = sorted(e.start for e in events if "Atelier des bénévoles" in e.title.pick("fr"))
    assert got == expected and len(got) >= 5
    # The CCAS's private meeting is in another room; a private booking here would say
    # « réservé — » to La Plume: none shows a title it may not see.
    assert all("Réunion" not in e.title.pick("fr") for e in events)


def _book_group_room(client: Client, **extra: str) -> ContentRecord:
    """A booking of the Salle de groupe, whose bookings wait for the referent."""
    answer = client.post(
        "/contenu/reservation/nouveau/",
        {
            "room": "salle-groupe",
            "title": "Atelier d'écriture",
            "weekday": "wednesday",
            "start": "10h",
            "end": "12h",
            "access": "free",
            "public": "on",
            "enregistrer": "1",
            **extra,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return ContentRecord.objects.get(kind="reservation", owner="plume")


def test_a_booking_the_room_asks_approval_for_waits_then_a_refusal_says_why(
    plume: Client, settings: Any
) -> None:
    from signage.console.content.publishing import publish  # noqa: PLC0415

    record = _book_group_room(plume)
    assert record.review == "pending"
    listing = plume.get("/contenu/reservation/").content.decode()
    assert "à valider" in listing and "par le référent du site" in listing
    assert not publish().problems
    feed = (Path(settings.PUBLISHED_FEED)).read_text("utf-8")
    assert "Atelier d'écriture" not in feed  # off the screens until approved
    # The slot is held meanwhile: a second booking of it is refused.
    other = plume.post(
        "/contenu/reservation/nouveau/",
        {
            "room": "salle-groupe",
            "title": "Autre",
            "weekday": "wednesday",
            "start": "11h",
            "end": "12h",
            "access": "free",
            "enregistrer": "1",
        },
    )
    assert "est déjà réservée" in other.content.decode()
    # A referent of another site sees nothing to approve; Maurepas's does.
    elsewhere = member("rennes-nord", Role.REFERENT, sites=["villejean"])
    assert "À valider (" not in elsewhere.get("/salles/").content.decode()
    assert elsewhere.post(f"/salles/valider/{record.pk}/").status_code == 404
    nadia = member("nadia", Role.REFERENT, sites=["maurepas"])
    page = nadia.get("/salles/").content.decode()
    assert "À valider (1)" in page and "Atelier d&#x27;écriture — La Plume" in page
    empty = nadia.post(f"/salles/refuser/{record.pk}/", {"reason": "  "}, follow=True)
    assert "dites pourquoi au partenaire" in empty.content.decode()
    nadia.post(f"/salles/refuser/{record.pk}/", {"reason": "Accueil des familles ce jour-là"})
    record.refresh_from_db()
    assert record.review == "refused"
    listing = plume.get("/contenu/reservation/").content.decode()
    assert "refusé par le référent" in listing and "Accueil des familles ce jour-là" in listing
    # Changed by its partner, it waits again.
    plume.post(
        f"/contenu/reservation/{record.pk}/",
        {
            "room": "salle-groupe",
            "title": "Atelier d'écriture",
            "weekday": "thursday",
            "start": "10h",
            "end": "12h",
            "access": "free",
            "enregistrer": "1",
        },
    )
    record.refresh_from_db()
    assert record.review == "pending" and record.review_note == ""
    # An admin's change of it needs nobody's approval.
    from tests.console_content import admin  # noqa: PLC0415

    admin().post(
        f"/contenu/reservation/{record.pk}/",
        {
            "room": "salle-groupe",
            "title": "Atelier d'écriture",
            "partner": "La Plume",
            "weekday": "thursday",
            "start": "10h",
            "end": "12h",
            "access": "free",
            "enregistrer": "1",
        },
    )
    record.refresh_from_db()
    assert record.review == ""


def test_a_referent_describes_the_rooms_of_its_sites_only(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    elsewhere = ContentRecord.objects.create(
        kind="salle", values={"id": "salle-vj", "site": "villejean", "name": "Salle Villejean"}
    )
    nadia = member("nadia", Role.REFERENT, sites=["maurepas"])
    rooms = nadia.get("/salles/").content.decode()
    assert "Décrire les salles" in rooms
    listing = nadia.get("/contenu/salle/").content.decode()
    assert "Espace numérique" in listing and "Salle Villejean" not in listing
    assert nadia.get(f"/contenu/salle/{elsewhere.pk}/").status_code == 403
    assert nadia.get("/contenu/atelier/").status_code == 403  # rooms, nothing else
    fields = {
        "name": "Salle des familles",
        "id": "salle-familles",
        "kind": "room",
        "enregistrer": "1",
    }
    refused = nadia.post("/contenu/salle/nouveau/", {**fields, "site": "villejean"})
    assert refused.status_code == 200
    assert not ContentRecord.objects.filter(values__id="salle-familles").exists()
    saved = nadia.post("/contenu/salle/nouveau/", {**fields, "site": "maurepas"})
    assert saved.status_code == 302
    made = ContentRecord.objects.get(values__id="salle-familles")
    assert made.owner == "admins" and made.updated_by is not None
