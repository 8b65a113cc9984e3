"""« Qui dit quoi ? » (issue 29): a partner's item waits for the « Valider » of each site
that asks for it, shows at once where none is asked, keeps its approved version on
screens while an edit waits; every partner sees where each item stands."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from signage.console.content.models import ContentFile, PendingAgenda, SiteApproval
from signage.console.content.publishing import publish
from signage.console.models import ContentRecord, Publication, Role
from signage.console.people.models import Partner
from tests.console_content import admin, feed, member, with_example

pytestmark = pytest.mark.django_db


def _library(settings: Any, tmp_path: Path) -> tuple[Path, Client]:
    """The example content, Villejean approving its partners' workshops, announcements
    and posters; the Villejean library as a partner of both sites, signed in."""
    out = with_example(settings, tmp_path)
    Partner.objects.create(
        slug="bibliotheque",
        name="Bibliothèque de Villejean",
        kinds=["workshops", "announcements", "posters"],
        sites=["villejean", "maurepas"],
    )
    SiteApproval.objects.create(site="villejean", kinds=["atelier", "annonce", "affiche"])
    return out, member("lea", Role.PARTNER, partner="bibliotheque")


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def _workshop(partner: Client, title: str, sites: list[str]) -> Any:
    return partner.post(
        "/contenu/atelier/nouveau/",
        {
            "title": title,
            "day": _day(9),
            "start_time": "14h",
            "end_time": "16h",
            "sites": sites,
            "enregistrer": "1",
        },
        follow=True,
    )


def _png() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("fete-du-livre.png", buffer.getvalue(), "image/png")


def _titles(out: Path, section: str) -> dict[str, list[str]]:
    """Each published item's title → the sites it shows at (all: [])."""
    found: dict[str, list[str]] = {}
    if not (out / "feed.json").exists():
        return found  # nothing published yet
    for item in feed(out).get(section, []):
        title = item.get("title") or item.get("caption")
        title = title.get("fr") if isinstance(title, dict) else title
        found[str(title)] = list(item.get("sites") or [])
    return found


def test_a_workshop_for_villejean_waits_for_its_referent_then_is_published(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    saved = _workshop(lea, "Créer son adresse e-mail", ["villejean"]).content.decode()
    assert "Il attend la validation du référent de ESC Villejean" in saved
    assert "Créer son adresse e-mail" not in _titles(out, "workshops")
    listing = lea.get("/contenu/atelier/").content.decode()
    assert ">à valider<" in listing and "par le référent de ESC Villejean" in listing
    record = ContentRecord.objects.get(kind="atelier", owner="bibliotheque")
    # The Maurepas referent has nothing to decide for Villejean.
    nadia = member("nadia", Role.REFERENT, sites=["maurepas"])
    assert "Créer son adresse" not in nadia.get("/a-valider/").content.decode()
    assert nadia.post(f"/a-valider/{record.pk}/villejean/valider/").status_code == 404
    assert "proposition" not in nadia.get("/").content.decode()
    # Villejean's referent sees it on the home page, then in the list, and decides.
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    assert "1 proposition de partenaires" in marc.get("/").content.decode()
    page = marc.get("/a-valider/").content.decode()
    assert "Créer son adresse e-mail" in page and "Bibliothèque de Villejean" in page
    assert f'<textarea id="raison-{record.pk}-villejean" name="reason"' in page
    # The exact slide Villejean's screens would show, painted by the players' code.
    shot = marc.get(f"/a-valider/{record.pk}/villejean/apercu.png")
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(shot.content)).size == (1280, 720)
    assert nadia.get(f"/a-valider/{record.pk}/villejean/apercu.png").status_code == 404
    approved = marc.post(f"/a-valider/{record.pk}/villejean/valider/", follow=True)
    assert "est validé pour ESC Villejean : publié" in approved.content.decode()
    assert _titles(out, "workshops")["Créer son adresse e-mail"] == ["villejean"]
    listing = lea.get("/contenu/atelier/").content.decode()
    assert re.search(r">publié le \d\d/\d\d/\d{4}<", listing)
    assert "Rien à valider" in marc.get("/a-valider/").content.decode()


def test_a_refused_item_shows_its_reason_to_the_partner(settings: Any, tmp_path: Path) -> None:
    out, lea = _library(settings, tmp_path)
    _workshop(lea, "Atelier du 24 décembre", ["villejean"])
    record = ContentRecord.objects.get(kind="atelier", owner="bibliotheque")
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    empty = marc.post(f"/a-valider/{record.pk}/villejean/refuser/", {"reason": " "}, follow=True)
    assert "dites pourquoi au partenaire" in empty.content.decode()
    marc.post(
        f"/a-valider/{record.pk}/villejean/refuser/",
        {"reason": "Le bâtiment est fermé ce jour-là"},
    )
    home = lea.get("/").content.decode()
    assert "refusé pour ESC Villejean" in home and "Le bâtiment est fermé ce jour-là" in home
    listing = lea.get("/contenu/atelier/").content.decode()
    assert ">refusé<" in listing and "par marc : Le bâtiment est fermé ce jour-là" in listing
    assert "Atelier du 24 décembre" not in _titles(out, "workshops")
    # Changed, it is proposed again: the refusal is gone, the referent decides anew.
    form = lea.get(f"/contenu/atelier/{record.pk}/").content.decode()
    assert "refusé" in form
    lea.post(
        f"/contenu/atelier/{record.pk}/",
        {
            "title": "Atelier du 23 décembre",
            "day": _day(8),
            "start_time": "14h",
            "end_time": "16h",
            "sites": ["villejean"],
            "enregistrer": "1",
        },
    )
    assert "Atelier du 23 décembre" in marc.get("/a-valider/").content.decode()
    assert "refusé pour" not in lea.get("/").content.decode()


def test_an_edited_poster_stays_on_screens_in_its_approved_version_until_validated(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    fields = {
        "caption": "Fête du livre samedi",
        "sites": ["villejean"],
        "valid_until": _day(20),
        "enregistrer": "1",
    }
    sent = lea.post("/contenu/affiche/nouveau/", {**fields, "image": _png()})
    assert sent.status_code == 302
    record = ContentRecord.objects.get(kind="affiche", owner="bibliotheque")
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    marc.post(f"/a-valider/{record.pk}/villejean/valider/")
    assert "Fête du livre samedi" in _titles(out, "posters")
    edited = lea.post(
        f"/contenu/affiche/{record.pk}/",
        {**fields, "caption": "Fête du livre dimanche"},
        follow=True,
    ).content.decode()
    assert "la version validée reste à l&#x27;écran en attendant" in edited
    assert not publish().problems
    posters = _titles(out, "posters")
    assert "Fête du livre samedi" in posters and "Fête du livre dimanche" not in posters
    page = marc.get("/a-valider/").content.decode()
    assert "Modification d'un élément déjà à l'écran : Légende." in page
    marc.post(f"/a-valider/{record.pk}/villejean/valider/")
    posters = _titles(out, "posters")
    assert "Fête du livre dimanche" in posters and "Fête du livre samedi" not in posters


def test_an_item_for_two_sites_shows_at_once_where_no_approval_is_asked(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    said = lea.post(
        "/contenu/annonce/nouveau/",
        {
            "title": "Portage de livres à domicile",
            "sites": ["maurepas", "villejean"],
            "enregistrer": "1",
        },
        follow=True,
    ).content.decode()
    assert "Pour ESC Maurepas : et publié" not in said  # the sentence reads well
    assert "Pour ESC Maurepas : publié" in said
    assert _titles(out, "announcements")["Portage de livres à domicile"] == ["maurepas"]
    record = ContentRecord.objects.get(kind="annonce", owner="bibliotheque")
    member("marc", Role.REFERENT, sites=["villejean"]).post(
        f"/a-valider/{record.pk}/villejean/valider/"
    )
    sites = _titles(out, "announcements")["Portage de livres à domicile"]
    assert sorted(sites) == ["maurepas", "villejean"]


def test_switching_approval_on_takes_nothing_off_screens_and_trust_skips_it(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    SiteApproval.objects.all().delete()
    lea.post(
        "/contenu/annonce/nouveau/",
        {"title": "Heure du conte", "sites": ["villejean"], "enregistrer": "1"},
    )
    assert "Heure du conte" in _titles(out, "announcements")  # no approval asked: at once
    boss = admin()
    page = boss.get("/contenu/validation/").content.decode()
    assert "Bibliothèque de Villejean" in page and "ESC Villejean" in page
    boss.post("/contenu/validation/", {"site-villejean": ["annonce", "atelier"]})
    assert SiteApproval.objects.get(site="villejean").kinds == ["annonce", "atelier"]
    assert not publish().problems
    assert "Heure du conte" in _titles(out, "announcements")  # still on screens
    lea.post(
        "/contenu/annonce/nouveau/",
        {"title": "Club lecture", "sites": ["villejean"], "enregistrer": "1"},
    )
    assert "Club lecture" not in _titles(out, "announcements")
    # Trusted for announcements: the library's next one needs nobody's approval.
    boss.post(
        "/contenu/validation/",
        {"site-villejean": ["annonce", "atelier"], "partner-bibliotheque": ["annonce"]},
    )
    lea.post(
        "/contenu/annonce/nouveau/",
        {"title": "Prix des lecteurs", "sites": ["villejean"], "enregistrer": "1"},
    )
    shown = _titles(out, "announcements")
    assert "Prix des lecteurs" in shown and "Club lecture" in shown


def test_a_draft_is_nowhere_until_sent_and_the_publish_page_says_what_waits(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    said = lea.post(
        "/contenu/annonce/nouveau/",
        {"title": "Nouveaux horaires", "sites": ["maurepas"], "brouillon": "1"},
        follow=True,
    ).content.decode()
    assert "gardé en brouillon" in said
    assert "Nouveaux horaires" not in _titles(out, "announcements")
    assert ">brouillon<" in lea.get("/contenu/annonce/").content.decode()
    _workshop(lea, "Tablette pour débutants", ["villejean"])
    publishing = admin().get("/publier/").content.decode()
    assert "Attend encore (2)" in publishing
    assert "brouillon : pas encore envoyé" in publishing
    assert "à valider par le référent de ESC Villejean" in publishing
    record = ContentRecord.objects.get(kind="annonce", owner="bibliotheque")
    lea.post(
        f"/contenu/annonce/{record.pk}/",
        {"title": "Nouveaux horaires", "sites": ["maurepas"], "enregistrer": "1"},
    )
    assert "Nouveaux horaires" in _titles(out, "announcements")  # Maurepas asks nothing


def test_an_admins_change_and_an_urgent_message_never_wait(settings: Any, tmp_path: Path) -> None:
    out, lea = _library(settings, tmp_path)
    _workshop(lea, "Démarches en ligne", ["villejean"])
    record = ContentRecord.objects.get(kind="atelier", owner="bibliotheque")
    boss = admin()
    boss.post(
        f"/contenu/atelier/{record.pk}/",
        {
            "title": "Démarches en ligne (CAF, impôts)",
            "day": _day(9),
            "start_time": "14h",
            "end_time": "16h",
            "sites": ["villejean"],
            "enregistrer": "1",
        },
    )
    assert "Démarches en ligne (CAF, impôts)" in _titles(out, "workshops")
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    marc.post(
        "/urgent/",
        {"title": "Fermeture à 15 h", "sites": ["villejean"], "until": "soir"},
    )
    assert "Fermeture à 15 h" in _titles(out, "announcements")
    assert Publication.objects.count() >= 2


def test_a_semainier_sent_as_a_spreadsheet_is_validated_in_one_tap(
    settings: Any, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    out, lea = _library(settings, tmp_path)
    Partner.objects.filter(slug="bibliotheque").update(
        kinds=["workshops", "announcements", "posters", "semainier"]
    )
    SiteApproval.objects.filter(site="villejean").update(kinds=["creneau"])
    sheet = (
        "jour;début;fin;activité;partenaire;salle\n"
        "lundi;9h;12h;Heure du conte;Bibliothèque;Salle des enfants\n"
        "mercredi;14h;16h;Club lecture;Bibliothèque;Salle des enfants\n"
    ).encode()
    lea.post(
        "/contenu/creneau/importer/",
        {"site": "villejean", "fichier": SimpleUploadedFile("semainier.csv", sheet)},
    )
    lea.post("/contenu/creneau/importer/", {"site": "villejean", "confirmer": "1"})
    titles = {s.get("title") for s in feed(out).get("semainier", [])}
    assert "Heure du conte" not in titles  # waits for Villejean's referent
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    page = marc.get("/a-valider/").content.decode()
    assert "Tout valider pour ESC Villejean (2)" in page
    said = marc.post("/a-valider/villejean/tout/", follow=True).content.decode()
    assert "2 éléments validés pour ESC Villejean : publié" in said
    titles = {s.get("title") for s in feed(out)["semainier"]}
    assert {"Heure du conte", "Club lecture"} <= titles
    nadia = member("nadia", Role.REFERENT, sites=["maurepas"])
    assert nadia.post("/a-valider/villejean/tout/").status_code == 404


def _ics(title: str, days: int) -> bytes:
    day = (timezone.localdate() + timedelta(days=days)).strftime("%Y%m%d")
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\n"
        f"UID:{title}\r\nDTSTART;TZID=Europe/Paris:{day}T140000\r\n"
        f"DTEND;TZID=Europe/Paris:{day}T160000\r\nSUMMARY:{title}\r\n"
        "LOCATION:Salle des enfants\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _send_agenda(partner: Client, data: bytes) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    partner.post(
        "/contenu/atelier/importer/",
        {"site": "villejean", "fichier": SimpleUploadedFile("agenda.ics", data)},
    )
    sent = partner.post(
        "/contenu/atelier/importer/", {"site": "villejean", "confirmer": "1"}, follow=True
    )
    return str(sent.content.decode())


def test_an_agenda_sent_as_a_file_waits_for_the_referent_like_its_workshops(
    settings: Any, tmp_path: Path
) -> None:
    """The library's whole agenda (.ics) for Villejean, which approves workshops: not on
    screens until « Valider »; the agenda on screens stays meanwhile; a refusal says why."""
    out, lea = _library(settings, tmp_path)
    ContentFile.objects.create(
        owner="bibliotheque", path="workshops/villejean.ics", data=_ics("Heure du conte", 2)
    )
    publish()
    assert "Heure du conte" in _titles(out, "workshops")

    said = _send_agenda(lea, _ics("Club manga", 5))
    assert "L&#x27;agenda est envoyé au référent de ESC Villejean" in said
    workshops = _titles(out, "workshops")
    assert "Club manga" not in workshops and "Heure du conte" in workshops
    assert (
        "à valider par le référent de ESC Villejean"
        in lea.get("/contenu/atelier/").content.decode()
    )
    assert (
        "Agenda envoyé en fichier pour ESC Villejean : à valider" in lea.get("/").content.decode()
    )
    pending = PendingAgenda.objects.get(owner="bibliotheque")

    nadia = member("nadia", Role.REFERENT, sites=["maurepas"])
    assert "Club manga" not in nadia.get("/a-valider/").content.decode()
    assert nadia.post(f"/a-valider/agenda/{pending.pk}/valider/").status_code == 404
    marc = member("marc", Role.REFERENT, sites=["villejean"])
    assert "1 proposition de partenaires" in marc.get("/").content.decode()
    page = marc.get("/a-valider/").content.decode()
    assert "Agenda envoyé en fichier pour ESC Villejean" in page
    assert "Club manga" in page and "1 atelier dans les semaines à venir" in page
    assert "il remplacera l'agenda envoyé le" in page
    assert f'<label for="raison-agenda-{pending.pk}">' in page
    assert "Exemple : les ateliers du 24 décembre tombent pendant la fermeture." in page

    waits = admin().get("/publier/").content.decode()
    assert "Attend encore (1)" in waits and "Agenda envoyé en fichier pour ESC Villejean" in waits
    empty = marc.post(f"/a-valider/agenda/{pending.pk}/refuser/", {"reason": ""}, follow=True)
    assert "dites pourquoi au partenaire" in empty.content.decode()
    marc.post(f"/a-valider/agenda/{pending.pk}/refuser/", {"reason": "La salle est en travaux"})
    home = lea.get("/").content.decode()
    assert "refusé" in home and "La salle est en travaux" in home
    assert "Club manga" not in _titles(out, "workshops")
    assert "Rien à valider" in marc.get("/a-valider/").content.decode()

    _send_agenda(lea, _ics("Club manga", 6))  # sent again: proposed anew
    assert "La salle est en travaux" not in lea.get("/").content.decode()
    pending = PendingAgenda.objects.get(owner="bibliotheque")
    approved = marc.post(f"/a-valider/agenda/{pending.pk}/valider/", follow=True)
    assert "L&#x27;agenda est validé pour ESC Villejean : publié" in approved.content.decode()
    workshops = _titles(out, "workshops")
    assert "Club manga" in workshops and "Heure du conte" not in workshops
    assert not PendingAgenda.objects.exists()


def test_an_agenda_from_a_trusted_partner_or_for_a_site_that_stops_asking_shows_at_once(
    settings: Any, tmp_path: Path
) -> None:
    out, lea = _library(settings, tmp_path)
    _send_agenda(lea, _ics("Club manga", 5))
    assert "Club manga" not in _titles(out, "workshops")
    # The admins stop asking approval of Villejean's workshops: the agenda shows.
    boss = admin()
    boss.post("/contenu/validation/", {"site-villejean": ["annonce"]})
    assert "Club manga" in _titles(out, "workshops")
    # Asked again, but the library trusted for workshops: its next agenda shows at once.
    boss.post(
        "/contenu/validation/",
        {"site-villejean": ["atelier"], "partner-bibliotheque": ["atelier"]},
    )
    said = _send_agenda(lea, _ics("Club BD", 5))
    assert "L&#x27;agenda remplace le précédent pour ce site : publié" in said
    assert "Club BD" in _titles(out, "workshops")
    # Its Ateliers list says the file is on screens, and since which publication.
    listing = lea.get("/contenu/atelier/").content.decode()
    assert "Agenda de ESC Villejean" in listing
    assert "à l&#x27;écran (publication n° " in listing
    # It has no workshop typed by hand: the list says the agendas' count, not "nothing".
    assert "Rien de saisi ici" not in listing
    assert "Vos ateliers viennent des agendas envoyés (.ics)" in listing
