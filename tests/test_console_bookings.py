"""Rooms and bookings in the console (issue 28): a partner books a room in a French form;
a booking that meets another is refused next to the form, naming it and offering the
nearest free periods; what is saved publishes by the same rules as the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from signage.console.content.publishing import publish
from signage.console.models import ContentRecord, Role
from signage.console.people.models import Partner
from tests.console_content import admin, feed, member, with_example

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def plume(settings: Any, tmp_path: Path) -> Any:
    out = with_example(settings, tmp_path)
    Partner.objects.create(
        slug="plume", name="La Plume", kinds=["bookings"], sites=["maurepas"], calendar_hosts=[]
    )
    return member("plume", Role.PARTNER, partner="plume"), out


def _weekly(**extra: str) -> dict[str, str]:
    return {
        "room": "espace-numerique",
        "title": "Atelier d'écriture",
        "weekday": "friday",
        "start": "10h",
        "end": "12h",
        "access": "free",
        "enregistrer": "1",
        **extra,
    }


def test_a_partner_books_a_free_slot_after_a_refusal_that_offers_it(plume: Any) -> None:
    client, out = plume
    form = client.get("/contenu/reservation/nouveau/").content.decode()
    assert "Espace numérique — ESC Maurepas" in form
    assert "Bureau partagé" not in form  # shared with CAF, CCAS and CDAS only
    refused = client.post("/contenu/reservation/nouveau/", _weekly())
    assert refused.status_code == 200
    page = refused.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert "Espace numérique est déjà réservée le vendredi" in page
    assert f"9{NBSP}h{NBSP}30 – 11{NBSP}h{NBSP}30, par ARCS" in page
    assert "« Atelier des bénévoles : premiers pas sur la tablette »" in page
    assert "Libre assez longtemps : vendredi" in page and f"13{NBSP}h{NBSP}30 – 17{NBSP}h" in page
    assert not ContentRecord.objects.filter(kind="reservation", owner="plume").exists()
    # The room's rules of use, accepted once before the first booking.
    unaccepted = client.post("/contenu/reservation/nouveau/", _weekly(start="14h", end="16h"))
    said = unaccepted.content.decode().replace("&#x27;", "'")
    assert "Les règles d'usage de cette salle : « Un partenaire qui réserve range" in said
    saved = client.post(
        "/contenu/reservation/nouveau/", _weekly(start="14h", end="16h", accept_rules="on")
    )
    assert saved.status_code == 302
    again = client.post("/contenu/reservation/nouveau/", _weekly(start="16h", end="17h"))
    assert again.status_code == 302  # asked once
    assert "accept_rules" not in ContentRecord.objects.filter(kind="reservation").last().values
    record = ContentRecord.objects.filter(kind="reservation", owner="plume").first()
    assert record is not None
    assert record.values["partner"] == "La Plume"  # in its own name, whatever was typed
    assert record.values["start"] == "14:00" and record.values["weekday"] == "friday"
    # Shown back as typed.
    shown = client.get(f"/contenu/reservation/{record.pk}/").content.decode()
    assert 'value="14h"' in shown and 'value="16h"' in shown
    assert not publish().problems  # published when saved already
    booked = [b for b in feed(out)["bookings"] if b["partner"] == "La Plume"]
    assert booked and booked[0]["start"].startswith("14:00")


def test_a_booking_outside_the_rooms_hours_is_said_with_the_hours(plume: Any) -> None:
    client, _ = plume
    page = client.post("/contenu/reservation/nouveau/", _weekly(start="17h", end="18h"))
    text = page.content.decode()
    assert "Espace numérique est ouverte le vendredi de 8" in text
    assert f"17{NBSP}h – 18{NBSP}h en sort" in text


def test_the_admins_describe_a_room_with_its_hours(settings: Any, tmp_path: Path) -> None:
    out = with_example(settings, tmp_path)
    answer = admin().post(
        "/contenu/salle/nouveau/",
        {
            "name": "Salle des familles",
            "site": "villejean",
            "id": "salle-familles",
            "kind": "room",
            "capacity": "12",
            "equipment": "jeux, tapis",
            "shared": "",
            "wednesday": "9h-12h, 14h-17h",
            "enregistrer": "1",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    # Published as it was saved: the screens' feed describes it.
    room = next(r for r in feed(out)["rooms"] if r["id"] == "salle-familles")
    assert room["site"] == "villejean" and room["capacity"] == 12
    periods = room["hours"]["wednesday"]
    assert [(p["start"][:5], p["end"][:5]) for p in periods] == [
        ("09:00", "12:00"),
        ("14:00", "17:00"),
    ]
