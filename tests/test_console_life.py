"""What the console does over time (issue 26): urgent messages that end and stop, sent
by referents for their sites; a rollback that stays rolled back; publications numbered
for people; « Publier maintenant » only when something changes; advice next to the
fields; the preview on a moment the site is open."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from signage.console.content.advice import advise
from signage.console.content.kinds import KINDS
from signage.console.content.publishing import publish, record
from signage.console.content.urgent import end_of
from signage.console.models import ContentRecord, Publication, Role
from tests.conftest import paris
from tests.console_content import admin, feed, member, with_example

pytestmark = pytest.mark.django_db


# -- urgent messages ----------------------------------------------------------------------


def test_an_urgent_message_ends_tonight_at_an_hour_or_when_stopped(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    tuesday = paris(2026, 12, 1, 10, 0)  # ESC Maurepas opens 13:30–17:30 on Tuesdays
    assert end_of("soir", "", ["maurepas"], tuesday) == paris(2026, 12, 1, 17, 30)
    late = paris(2026, 12, 1, 18, 0)  # closed already: until the end of the day
    assert end_of("soir", "", ["maurepas"], late) == paris(2026, 12, 1, 23, 59)
    assert end_of("heure", "18h", ["maurepas"], tuesday) == paris(2026, 12, 1, 18, 0)
    assert end_of("heure", "9h", ["maurepas"], tuesday) == paris(2026, 12, 2, 9, 0)
    assert end_of("arret", "", ["maurepas"], tuesday) is None


def test_a_referent_sends_and_stops_an_urgent_message_for_its_site_only(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    record(publish())
    nadia = member("nadia", Role.REFERENT, sites=["villejean"])
    refused = nadia.post(
        "/urgent/", {"title": "Fermé", "sites": ["maurepas"], "until": "soir"}, follow=True
    ).content.decode()
    assert "un référent envoie un message à ses sites" in refused
    sent = nadia.post(
        "/urgent/",
        {"title": "Fermeture exceptionnelle à 15 h", "sites": ["villejean"], "until": "arret"},
        follow=True,
    ).content.decode()
    assert "Message urgent publié" in sent
    assert "Message urgent à l'écran" in sent
    assert "jusqu&#x27;à ce qu&#x27;on l&#x27;arrête" in sent
    urgent = [a for a in feed(out)["announcements"] if a.get("urgent")]
    assert [a["title"] for a in urgent] == ["Fermeture exceptionnelle à 15 h"]
    message = ContentRecord.objects.get(values__title="Fermeture exceptionnelle à 15 h")
    # Another site's referent may not stop it; its own may, and the screens drop it.
    marc = member("marc", Role.REFERENT, sites=["maurepas"])
    assert marc.post(f"/urgent/{message.pk}/arreter/").status_code == 403
    stopped = nadia.post(f"/urgent/{message.pk}/arreter/", follow=True).content.decode()
    assert "Message urgent arrêté" in stopped and "Message urgent à l'écran" not in stopped
    until = next(
        a["valid_until"]
        for a in feed(out)["announcements"]
        if a["title"] == "Fermeture exceptionnelle à 15 h"
    )
    assert datetime.fromisoformat(until) <= datetime.now(UTC) + timedelta(minutes=1)
    chef = admin()
    journal = chef.get("/journal/").content.decode()
    assert "Message urgent « Fermeture exceptionnelle à 15 h » arrêté" in journal
    assert "nadia" in journal
    listed = chef.get("/contenu/annonce/").content.decode()
    assert "message urgent" in listed


def test_other_slides_are_previewed_while_an_urgent_message_is_on(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    chef.post("/urgent/", {"title": "Fermé cet après-midi", "until": "arret"})
    wifi = chef.get("/apercu/", {"site": "maurepas", "slide": "wifi", "moment": "mardi 14h"})
    assert 'src="data:image/png;base64,' in wifi.content.decode()
    urgent = chef.get("/apercu/", {"site": "maurepas", "slide": "urgent", "moment": "mardi 14h"})
    assert 'src="data:image/png;base64,' in urgent.content.decode()


# -- a rollback that stays rolled back ---------------------------------------------------


def test_a_rollback_restores_the_records_and_the_next_publication_keeps_them(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    chef = admin()
    chef.post("/publier/")
    first = Publication.objects.get()
    before = [a["title"] for a in feed(out)["announcements"]]
    ContentRecord.objects.filter(kind="annonce").delete()
    chef.post(
        "/contenu/annonce/nouveau/",
        {"title": "Nouvelle annonce", "sites": ["maurepas"], "enregistrer": "1"},
    )
    chef.post("/publier/")
    assert [a["title"] for a in feed(out)["announcements"]] == ["Nouvelle annonce"]
    page = chef.post(f"/publier/{first.pk}/republier/", follow=True).content.decode()
    assert "Retour à la publication n° 1" in page
    assert sorted(a["title"] for a in feed(out)["announcements"]) == sorted(before)
    assert not ContentRecord.objects.filter(values__title="Nouvelle annonce").exists()
    # Anyone's next publication, or the hourly cron: the rolled-back content stays.
    record(publish())
    assert sorted(a["title"] for a in feed(out)["announcements"]) == sorted(before)
    listed = chef.get("/publier/").content.decode()
    assert "Retour en arrière</strong> : le contenu de la n° 1" in listed
    numbers = sorted(Publication.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert f"n° {first.sequence}" not in listed  # the feed's own number is not for people


def test_publish_is_not_offered_when_nothing_changes(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    chef.post("/publier/")
    page = chef.get("/publier/").content.decode()
    assert "Rien à publier : les écrans ont déjà ce contenu." in page
    assert 'disabled aria-describedby="resume">Publier maintenant' in page


# -- advice ---------------------------------------------------------------------------


def test_advice_says_what_to_check_without_refusing(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    today = paris(2026, 12, 1).date()
    workshop = {"title": "ATELIER TABLETTE", "start": "2026-11-28T14:00", "end": "2026-11-28T16:00"}
    found = advise(KINDS["atelier"], workshop, today)
    assert found["day"] == [
        "Le 28/11/2026 est passé : l'atelier ne s'affichera pas. Une autre année ?"
    ]
    assert "Évitez les MAJUSCULES" in found["title"][0]
    far = advise(
        KINDS["atelier"], {**workshop, "title": "Atelier", "start": "2027-12-03T14:00"}, today
    )
    assert far["day"] == ["Le 03/12/2027, dans plus de six mois ? Vérifiez l'année."]
    long_text = " ".join(["mot"] * 40)
    said = advise(KINDS["annonce"], {"title": "Fermeture", "body": long_text}, today)
    assert said["body"][-1] == (
        "Ce texte demande environ 41 s de lecture ; la diapositive reste 20 s à l'écran. "
        "Raccourcissez-le, ou gardez l'essentiel dans le titre."
    )
    assert said["body"][0].startswith("Une phrase de 40 mots : coupez-la")  # easy to read
    assert advise(KINDS["annonce"], {"title": "Fermeture jeudi"}, today) == {}


def test_advice_shows_next_to_the_field_and_the_record_is_saved(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    fields = {"title": "Atelier CV", "day": yesterday, "start_time": "14h", "end_time": "16h"}
    page = chef.post("/contenu/atelier/nouveau/", {**fields, "apercu": "1"}).content.decode()
    assert f"Le {yesterday} est passé" in page and 'class="advice"' in page
    saved = chef.post("/contenu/atelier/nouveau/", {**fields, "enregistrer": "1"}, follow=True)
    assert ContentRecord.objects.filter(values__title="Atelier CV").exists()
    assert f"À vérifier : Le {yesterday} est passé" in saved.content.decode()


def test_a_short_wifi_password_is_said_as_such(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    page = (
        admin()
        .post(
            "/contenu/wifi/nouveau/",
            {"ssid": "ESC-Test", "security": "WPA2", "password": "1234567", "enregistrer": "1"},
        )
        .content.decode()
    )
    assert "Un mot de passe wifi (WPA) a 8 à 63 caractères ; celui-ci en a 7." in page
    assert "ne peut pas être vide" not in page


# -- the preview --------------------------------------------------------------------------


def test_the_preview_opens_on_a_moment_the_site_is_open(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    record(publish())
    page = admin().get("/apercu/", {"site": "maurepas", "slide": "wifi"}).content.decode()
    assert "Rien à montrer" not in page
    assert 'src="data:image/png;base64,' in page


def test_the_three_day_chart_draws_with_machine_numbers(settings: Any, tmp_path: Path) -> None:
    from signage.console.models import Heartbeat, Screen  # noqa: PLC0415

    with_example(settings, tmp_path)
    screen, _ = Screen.register("Hall", "maurepas")
    now = timezone.now()
    for minutes in (5, 65, 125):
        Heartbeat.objects.create(
            screen=screen, received_at=now - timedelta(minutes=minutes), content_age_seconds=1800
        )
    page = admin().get(f"/ecrans/{screen.pk}/").content.decode()
    import re  # noqa: PLC0415

    bars = re.findall(
        r'<rect x="([^"]+)" y="([^"]+)" width="0.4" height="([^"]+)" class="bar', page
    )
    assert len(bars) == 3
    assert all("," not in value for bar in bars for value in bar)
    assert all(0 <= float(x) <= 100 for x, _, _ in bars)
    assert json.dumps(bars)  # plain text
