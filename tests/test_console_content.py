"""Content in the console (issue 15): forms that read what people type and answer in
French next to the field, partners kept to their own records, publications built by
the same path as ``signage publish`` (and refused when screens would refuse them),
history and rollback, the urgent message from the home page."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signage.console.content.publishing import PublishRefused, public_key, publish
from signage.console.models import ADMINS, ContentRecord, Publication, Role
from signage.publish.build import build
from signage.publish.signing import generate_keys
from tests.console_content import EXAMPLE, admin, feed, member, with_example

pytestmark = pytest.mark.django_db


def _without_envelope(document: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in document.items() if k not in {"generated_at", "sequence", "signing_keys"}
    }


def test_the_example_folder_imports_and_publishes_with_no_loss(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    now = datetime.now(UTC)
    outcome = publish(now)
    assert outcome.published, outcome.problems
    by_files = build(EXAMPLE, tmp_path / "elsewhere", now=now, dry_run=True)
    assert by_files.ok and by_files.document is not None
    assert _without_envelope(feed(out)) == _without_envelope(by_files.document)


def test_the_published_feed_verifies_with_the_consoles_public_key(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    assert publish().published
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key()))
    signature = (out / "feed.json.sig").read_bytes().split()[0]
    key.verify(base64.b64decode(signature), (out / "feed.json").read_bytes())  # raises if not
    assert (Path(settings.PUBLISH_KEY).stat().st_mode & 0o777) == 0o600


def test_a_partner_types_a_workshop_as_people_write_it(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    partner = member("mediatrice", Role.PARTNER, partner="mediateurs")
    fields = {
        "title": "Atelier CV",
        "day": "32/12/2026",
        "start_time": "14h",
        "end_time": "16h30",
        "sites": ["maurepas"],
        "enregistrer": "1",
    }
    refused = partner.post("/contenu/atelier/nouveau/", fields)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "« 32/12/2026 » n&#x27;est pas une date. Exemple : 03/12/2026." in page
    assert not ContentRecord.objects.filter(kind="atelier").exists()
    saved = partner.post("/contenu/atelier/nouveau/", {**fields, "day": "03/12/2026"})
    assert saved.status_code == 302
    record = ContentRecord.objects.get(kind="atelier")
    assert record.owner == "mediateurs"
    assert record.values["start"] == "2026-12-03T14:00:00"
    assert record.values["end"] == "2026-12-03T16:30:00"
    # Shown back as typed.
    form = partner.get(f"/contenu/atelier/{record.pk}/").content.decode()
    assert 'value="14h"' in form and 'value="03/12/2026"' in form and 'value="16h30"' in form


def test_an_end_before_the_start_is_said_in_french(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    answer = admin().post(
        "/contenu/atelier/nouveau/",
        {"title": "Atelier", "day": "03/12/2026", "start_time": "16h", "end_time": "14h"},
    )
    assert "La fin doit venir après le début." in answer.content.decode()


def test_a_wifi_password_a_phone_cannot_type_is_said_in_french(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    fields = {"ssid": "Wifi-ESC", "security": "WPA2", "password": "mötdepasse", "enregistrer": "1"}
    page = admin().post("/contenu/wifi/nouveau/", fields).content.decode()
    assert "Seulement des lettres sans accent, des chiffres, des espaces et des signes" in page
    assert "may only hold" not in page


def test_a_semainier_slot_is_read_by_the_spreadsheet_reader(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    client = admin()
    fields = {
        "site": "maurepas",
        "weekday": "Mardi",
        "start": "12h70",
        "end": "14h",
        "title": "Permanence CAF",
        "enregistrer": "1",
    }
    page = client.post("/contenu/creneau/nouveau/", fields).content.decode()
    assert "Ce n&#x27;est pas une heure (exemple : 14h ou 9h30)." in page
    assert client.post("/contenu/creneau/nouveau/", {**fields, "start": "9h30"}).status_code == 302


def test_a_partner_sees_and_edits_only_its_own(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    arcs = member("arcs", Role.PARTNER, partner="arcs")
    ccas_slot = ContentRecord.objects.filter(kind="creneau", owner="ccas").first()
    assert ccas_slot is not None
    assert arcs.get(f"/contenu/creneau/{ccas_slot.pk}/").status_code == 403
    assert arcs.get("/contenu/creneau/").status_code == 403  # not its kind
    listing = arcs.get("/contenu/wifi/").content.decode()
    arcs_wifi = ContentRecord.objects.filter(kind="wifi", owner="arcs")
    assert arcs_wifi.exists()
    for record in arcs_wifi:
        assert str(record.values["ssid"]) in listing
    assert arcs.get("/publier/").status_code == 403


def test_a_partner_cannot_name_a_site_outside_its_own(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    ccas = member("ccas", Role.PARTNER, partner="ccas")
    answer = ccas.post(
        "/contenu/creneau/nouveau/",
        {"site": "villejean", "weekday": "lundi", "start": "9h", "end": "10h", "title": "X"},
    )
    assert answer.status_code == 200
    assert not ContentRecord.objects.filter(values__title="X").exists()


def test_identical_slots_from_two_owners_are_published_once(settings: Any, tmp_path: Path) -> None:
    out = with_example(settings, tmp_path)
    assert publish().published
    before = len(feed(out)["semainier"])
    admins_slot = ContentRecord.objects.filter(kind="creneau", owner=ADMINS).first()
    assert admins_slot is not None
    ContentRecord.objects.create(owner="ccas", kind="creneau", values=dict(admins_slot.values))
    outcome = publish()
    assert not outcome.published and outcome.summary == "rien ne change"
    assert any("published once" in w for w in outcome.warnings)
    assert len(feed(out)["semainier"]) == before


def test_signing_with_a_key_the_screens_do_not_hold_is_refused(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    settings.SCREEN_PUBLIC_KEY = generate_keys()[1]
    with pytest.raises(PublishRefused, match="clé"):
        publish()
    assert not (out / "feed.json").exists()


def test_a_publication_older_than_the_last_is_refused(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    now = datetime.now(UTC)
    assert publish(now).published
    ContentRecord.objects.filter(kind="annonce").delete()
    with pytest.raises(PublishRefused, match="before the published one"):
        publish(now - timedelta(hours=1))


def test_a_publication_dated_by_a_wrong_clock_is_replaced_from_the_page(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    # The server's clock said 2031 for a while (an NTP fault); screens refused that feed.
    assert publish(datetime.now(UTC) + timedelta(days=5 * 365)).published
    client = admin()
    ContentRecord.objects.filter(kind="annonce").delete()
    refused = client.post("/publier/", follow=True).content.decode()
    assert "plus tard que l&#x27;horloge de ce serveur" in refused
    assert "Remplacer la publication datée du futur" in refused
    assert feed(out)["announcements"] != []  # nothing written
    replaced = client.post("/publier/", {"remplacer": "1"}, follow=True).content.decode()
    assert "Publié" in replaced
    assert feed(out)["announcements"] == []
    assert datetime.fromisoformat(feed(out)["generated_at"]) < datetime.now(UTC) + timedelta(1)


def test_an_earlier_publication_is_published_again_as_new(settings: Any, tmp_path: Path) -> None:
    out = with_example(settings, tmp_path)
    client = admin()
    assert client.post("/publier/").status_code == 302
    first = Publication.objects.get()
    announcements = feed(out)["announcements"]
    ContentRecord.objects.filter(kind="annonce").delete()
    assert client.post("/publier/").status_code == 302
    assert feed(out)["announcements"] == []
    assert client.post(f"/publier/{first.pk}/republier/").status_code == 302
    rolled = feed(out)
    assert rolled["announcements"] == announcements
    assert (
        rolled["sequence"]
        > Publication.objects.exclude(pk=first.pk).order_by("-sequence")[0].sequence - 1
    )


def test_the_publish_page_says_what_changes_per_site(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    client = admin()
    client.post("/publier/")
    client.post(
        "/contenu/annonce/nouveau/",
        {"title": "Fermeture jeudi", "sites": ["maurepas"], "enregistrer": "1"},
    )
    page = client.get("/publier/").content.decode()
    assert "+1 annonce à l&#x27;ESC Maurepas" in page


def test_a_record_goes_back_to_an_earlier_version(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    client = admin()
    wifi = ContentRecord.objects.filter(kind="wifi").first()
    assert wifi is not None
    first_password = wifi.values.get("password")
    fields = {
        "ssid": wifi.values["ssid"],
        "security": "WPA2",
        "password": "nouveau-mot-2026",
        "sites": wifi.values.get("sites", []),
        "enregistrer": "1",
    }
    assert client.post(f"/contenu/wifi/{wifi.pk}/", fields).status_code == 302
    wifi.refresh_from_db()
    assert wifi.values["password"] == "nouveau-mot-2026"
    history = client.get(f"/contenu/wifi/{wifi.pk}/historique/").content.decode()
    assert "nouveau-mot-2026" in history and str(first_password) in history
    oldest = wifi.history.order_by("history_date").first()
    assert client.post(f"/contenu/wifi/{wifi.pk}/restaurer/{oldest.history_id}/").status_code == 302
    wifi.refresh_from_db()
    assert wifi.values.get("password") == first_password


def test_an_urgent_message_from_the_home_page_is_published_at_once(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    # A record that no longer passes (its site was removed since) must not hold it back.
    ContentRecord.objects.create(
        owner=ADMINS, kind="annonce", values={"title": "Ancienne", "sites": ["disparu"]}
    )
    client = admin()
    home = client.get("/").content.decode()
    assert "Publier le message urgent" in home
    answer = client.post(
        "/urgent/", {"title": "Fermeture exceptionnelle à 15 h", "sites": ["maurepas"]}
    )
    assert answer.status_code == 302
    urgent = [a for a in feed(out)["announcements"] if a.get("urgent")]
    assert [a["title"] for a in urgent] == ["Fermeture exceptionnelle à 15 h"]
    assert urgent[0]["sites"] == ["maurepas"]
    listing = client.get("/contenu/annonce/").content.decode()
    assert "refusé" in listing and "Site inconnu" in listing


def test_export_and_import_round_trip_through_the_command(tmp_path: Path) -> None:
    """`signage console import` then `export` (a fresh console): the exported folders
    publish the same feed as the example folder."""
    env = {**os.environ, "SIGNAGE_CONSOLE_STATE": str(tmp_path / "state")}
    env.pop("DATABASE_URL", None)  # a console of its own, in its state folder
    target = tmp_path / "export"
    for action, folder in (("import", EXAMPLE), ("export", target)):
        done = subprocess.run(
            [sys.executable, "-m", "signage", "console", action, str(folder)],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    assert "imported" not in done.stdout and "signage publish" in done.stdout
    now = datetime.now(UTC)
    a = build(EXAMPLE, tmp_path / "o1", now=now, dry_run=True)
    b = build(target / "admins", tmp_path / "o2", now=now, dry_run=True)
    assert a.document is not None and b.document is not None, b.problems
    assert _without_envelope(a.document) == _without_envelope(b.document)
    assert (target / "ccas" / "semainier" / "maurepas.csv").is_file()
    assert (target / "admins" / "images" / "fete-du-numerique.png").is_file()


def test_a_semainier_spreadsheet_is_shown_then_replaces_the_sites_slots(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    ccas = member("ccas", Role.PARTNER, partner="ccas")
    csv = (
        "jour;début;fin;activité;partenaire;salle\n"
        "lundi;9h;12h;Permanence CCAS;CCAS;Bureau 1\n"
        "mardi;12h70;14h;Aide aux dossiers;CCAS;Bureau 1\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    sent = ccas.post(
        "/contenu/creneau/importer/",
        {"site": "maurepas", "fichier": SimpleUploadedFile("semainier.csv", csv)},
    )
    page = sent.content.decode()
    assert "Permanence CCAS" in page and "Ligne 3" in page and "12h70" in page
    assert ContentRecord.objects.filter(owner="ccas", values__title="Permanence CCAS").count() == 0
    done = ccas.post("/contenu/creneau/importer/", {"site": "maurepas", "confirmer": "1"})
    assert done.status_code == 302
    titles = sorted(
        r.values["title"] for r in ContentRecord.objects.filter(owner="ccas", kind="creneau")
    )
    assert titles == ["Permanence CCAS"]


def test_an_agenda_file_is_shown_with_its_workshops_then_kept(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    mediateurs = member("mediatrice", Role.PARTNER, partner="mediateurs")
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y%m%d")
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\n"
        f"UID:cv-1\r\nDTSTART;TZID=Europe/Paris:{soon}T140000\r\n"
        f"DTEND;TZID=Europe/Paris:{soon}T160000\r\nSUMMARY:Atelier CV\r\n"
        "LOCATION:Espace numérique\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    sent = mediateurs.post(
        "/contenu/atelier/importer/",
        {"site": "villejean", "fichier": SimpleUploadedFile("agenda.ics", ics)},
    )
    assert "Atelier CV" in sent.content.decode()
    mediateurs.post("/contenu/atelier/importer/", {"site": "villejean", "confirmer": "1"})
    from signage.console.models import ContentFile  # noqa: PLC0415

    kept = ContentFile.objects.get(owner="mediateurs", path="workshops/villejean.ics")
    assert bytes(kept.data) == ics


def test_deleting_a_site_asks_first_and_says_what_names_it(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    client = admin()
    site = next(
        r for r in ContentRecord.objects.filter(kind="site") if r.values["id"] == "villejean"
    )
    question = client.get(f"/contenu/site/{site.pk}/supprimer/").content.decode()
    naming = sum(
        1
        for r in ContentRecord.objects.exclude(kind="site")
        if "villejean" in (r.values.get("sites") or []) or r.values.get("site") == "villejean"
    )
    assert naming == 1 and "1 autre fiche nomme ce site" in question
    assert ContentRecord.objects.filter(pk=site.pk).exists()
    assert client.post(f"/contenu/site/{site.pk}/supprimer/").status_code == 302
    assert not ContentRecord.objects.filter(pk=site.pk).exists()
    # The deletion is published at once: what named it is left out, the rest goes on.
    latest = Publication.objects.first()
    assert latest is not None and latest.document is not None
    assert "villejean" not in {s["id"] for s in latest.document["sites"]}
    assert latest.document["workshops"] and not publish().problems


def test_an_unreadable_calendar_of_the_admins_does_not_hold_back_an_urgent_message(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    ContentRecord.objects.create(
        owner=ADMINS,
        kind="agenda",
        values={
            "name": "Agenda du serveur en panne",
            "url": "https://127.0.0.1:9/a.ics",
            "sites": ["maurepas"],
        },
    )
    client = admin()
    client.post("/urgent/", {"title": "Fermeture exceptionnelle", "sites": ["maurepas"]})
    assert [a["title"] for a in feed(out)["announcements"] if a.get("urgent")] == [
        "Fermeture exceptionnelle"
    ]
    page = client.get("/publier/").content.decode()
    assert "agendas en ligne non publiés" in page


def test_a_wrong_date_is_said_once_and_a_missing_time_where_it_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    page = (
        admin()
        .post(
            "/contenu/atelier/nouveau/",
            {"title": "Atelier", "day": "32/12/2026", "start_time": "14h", "end_time": ""},
        )
        .content.decode()
    )
    assert page.count("n&#x27;est pas une date") == 1
    assert page.count("Ce champ est obligatoire.") == 1  # the end, only


def test_a_partners_record_is_said_published_once_on_the_screens(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    settings.PUBLISH_ON_SAVE = False  # « Publier » only, as a console may be set
    arcs = member("arcs", Role.PARTNER, partner="arcs")
    arcs.post(
        "/contenu/wifi/nouveau/",
        {"ssid": "ARCS-Atelier", "security": "WPA2", "password": "motdepasse1", "enregistrer": "1"},
    )
    assert "en attente de publication" in arcs.get("/contenu/wifi/").content.decode()
    assert publish().published
    listing = arcs.get("/contenu/wifi/").content.decode()
    assert "en attente" not in listing
    assert len(re.findall(r">publié le \d\d/\d\d/\d{4}<", listing)) == 3


def test_a_poster_upload_is_checked_as_publish_checks_images(settings: Any, tmp_path: Path) -> None:
    import io  # noqa: PLC0415

    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    with_example(settings, tmp_path)
    assert publish().published
    client = admin()
    fields = {"caption": "Fête du numérique", "sites": ["maurepas"], "enregistrer": "1"}
    not_an_image = SimpleUploadedFile("affiche.png", b"<html>not a picture</html>")
    refused = client.post("/contenu/affiche/nouveau/", {**fields, "image": not_an_image})
    assert "Image refusée" in refused.content.decode()
    huge = SimpleUploadedFile("affiche.png", b"\0" * (21 * 1024 * 1024))
    assert (
        "20 Mo au plus"
        in client.post("/contenu/affiche/nouveau/", {**fields, "image": huge}).content.decode()
    )
    buffer = io.BytesIO()
    Image.new("RGB", (800, 1131), "#0b4f8a").save(buffer, "PNG")
    poster = SimpleUploadedFile("fête numérique.png", buffer.getvalue())
    saved = client.post("/contenu/affiche/nouveau/", {**fields, "image": poster})
    assert saved.status_code == 302, re.findall(r"role=\"alert\">([^<]+)", saved.content.decode())
    record = ContentRecord.objects.get(kind="affiche", values__caption="Fête du numérique")
    assert record.values["image"] == "images/fete-numerique.png"
    latest = Publication.objects.first()  # published as it was saved
    assert latest is not None and "+1 affiche à l'ESC Maurepas" in latest.summary


def test_what_an_import_leaves_out_is_said_in_french(settings: Any, tmp_path: Path) -> None:
    """The readers word their refusals for ``signage publish`` (English); the person who
    sent the file reads them in French, with what to do."""
    with_example(settings, tmp_path)
    mediateurs = member("mediatrice", Role.PARTNER, partner="mediateurs")
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y%m%d")

    def event(uid: str, lines: str) -> str:
        return f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\n{lines}END:VEVENT\r\n"

    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n"
        + event("Atelier CV", f"DTSTART:{soon}T140000\r\nDTEND:{soon}T160000\r\n")
        + event("A l'envers", f"DTSTART:{soon}T140000\r\nDTEND:{soon}T100000\r\n")
        + event("Sans fin", f"DTSTART:{soon}T090000\r\nRRULE:FREQ=SECONDLY\r\n")
        + "END:VCALENDAR\r\n"
    ).encode()

    ccas = member("ccas", Role.PARTNER, partner="ccas")

    def send(kind: str, name: str, data: bytes) -> str:
        who, site = (mediateurs, "villejean") if kind == "atelier" else (ccas, "maurepas")
        return who.post(
            f"/contenu/{kind}/importer/", {"site": site, "fichier": SimpleUploadedFile(name, data)}
        ).content.decode()

    page = send("atelier", "agenda.ics", ics)
    assert "Atelier CV" in page and "Ces événements ne seront pas repris" in page
    assert "Événement « A l&#x27;envers » mis de côté : il finit avant de commencer." in page
    assert "Événement « Sans fin » mis de côté : il se répète chaque seconde." in page
    assert "left out" not in page and "ends before" not in page
    refused = send("atelier", "agenda.ics", b"%PDF-1.4 not a calendar")
    assert "Ce n&#x27;est pas un agenda au format iCalendar (.ics)" in refused
    assert "not an iCalendar" not in refused
    wrong = send("creneau", "semainier.csv", "nom;prénom\nDupont;Marie\n".encode())
    assert "La première ligne (nom; prénom) ne nomme pas les colonnes attendues" in wrong
    assert "Exemple : jour; début; fin; activité" in wrong
    assert "no column" not in wrong
    assert "Le fichier est vide." in send("creneau", "semainier.csv", b"")


def test_a_poster_without_words_for_its_image_is_advised_to_say_them() -> None:
    from signage.console.content.advice import advise  # noqa: PLC0415
    from signage.console.content.kinds import KINDS  # noqa: PLC0415

    bare = {"image": "images/fete.png", "caption": "Fête du numérique"}
    said = advise(KINDS["affiche"], bare, date(2026, 12, 1))
    assert "lit à voix haute" in " ".join(said["alt"])
    described = {**bare, "alt": "Affiche de la fête du numérique, samedi 12 décembre"}
    assert "alt" not in advise(KINDS["affiche"], described, date(2026, 12, 1))
