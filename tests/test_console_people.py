"""People, managed by an admin in French pages (issue 26): a person added with checkboxes
(never JSON), a one-time link to choose a password, shown or mailed, deactivation that
keeps the history; partner organisations likewise; a partner sees only what it was
given. Then the same in Chromium, as an admin and a new partner do it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from signage.console.models import Membership, Partner, Role
from tests import console_browser
from tests.console_browser import PASSWORD, SHOTS, sign_in
from tests.console_content import admin, with_example

pytestmark = pytest.mark.django_db
browser = console_browser.browser
LINK = re.compile(r"(/mot-de-passe/[^/\s<]+/[^/\s<]+/)")


def _signs_in(name: str, password: str) -> bool:
    """Whether the sign-in page lets ``name`` in (as a person would try it)."""
    answer = Client().post("/connexion/", {"username": name, "password": password})
    return answer.status_code == 302


def _add(client: Client, **fields: Any) -> str:
    page = client.post("/personnes/ajouter/", fields, follow=True)
    return page.content.decode()


def test_a_person_is_added_with_checkboxes_and_chooses_a_password_once(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    settings.EMAIL_HOST = ""  # no mail server: the link is shown to pass on
    chef = admin()
    page = _add(
        chef,
        name="Marie Dupont",
        username="marie.dupont",
        email="",
        role=Role.REFERENT,
        sites=["maurepas"],
    )
    assert "Marie Dupont est ajouté" in page
    link = LINK.search(page)
    assert link is not None
    membership = Membership.objects.get(user__username="marie.dupont")
    assert membership.role == Role.REFERENT and membership.sites == ["maurepas"]
    # She opens it, chooses her password, signs in with it.
    marie = Client()
    form = marie.get(link.group(1), follow=True)
    assert "Choisir votre mot de passe" in form.content.decode()
    done = marie.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "Mot de passe enregistré" in done.content.decode()
    assert _signs_in("marie.dupont", PASSWORD)
    # The link served once.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "Ce lien ne sert plus" in again
    people = chef.get("/personnes/").content.decode()
    assert "Référent de site" in people and "ESC Maurepas" in people


def test_mistakes_are_said_next_to_the_field_with_an_example(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    page = _add(chef, name="", username="Marie Dupont", role=Role.REFERENT)
    assert "Donnez le nom de la personne, par exemple « Marie Dupont »" in page
    assert "en minuscules, sans espace ni accent : par exemple « marie.dupont »" in page
    assert "Un référent s&#x27;occupe d&#x27;au moins un site : cochez le sien." in page
    partner = _add(chef, name="Lise", username="lise", role=Role.PARTNER)
    assert "Un partenaire publie pour une organisation : choisissez-la" in partner
    wrong = _add(
        chef, name="Lise", username="lise", role=Role.PARTNER, partner="arcs", kinds=["posters"]
    )
    assert "Son organisation ne publie pas : Affiches." in wrong
    assert not get_user_model().objects.filter(username="lise").exists()


def test_the_link_is_mailed_when_mail_is_configured(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    settings.EMAIL_HOST = "smtp.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = _add(
        admin(),
        name="Paul",
        username="paul",
        email="paul@example.org",
        role=Role.VIEWER,
    )
    assert "Un e-mail avec son lien vient de partir à paul@example.org" in page
    assert LINK.search(page) is None  # not shown: it went to the person
    (sent,) = mail.outbox
    assert sent.to == ["paul@example.org"] and LINK.search(sent.body)


def test_a_deactivated_person_cannot_sign_in_and_the_journal_says_so(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    _add(chef, name="Marc", username="marc", role=Role.VIEWER)
    marc = get_user_model().objects.get(username="marc")
    marc.set_password(PASSWORD)
    marc.save()
    chef.post(f"/personnes/{marc.pk}/actif/")
    assert not _signs_in("marc", PASSWORD)
    journal = chef.get("/journal/").content.decode()
    assert "Compte de Marc désactivé" in journal
    assert "Compte de Marc créé (identifiant « marc »)" in journal
    assert "object (" not in journal
    chef.post(f"/personnes/{marc.pk}/actif/", {"actif": "1"})
    assert _signs_in("marc", PASSWORD)


def test_a_partner_organisation_is_described_with_checkboxes(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    chef = admin()
    page = chef.post(
        "/partenaires/ajouter/",
        {
            "name": "Bibliothèque de Maurepas",
            "slug": "bibliotheque",
            "kinds": ["workshops", "posters"],
            "sites": ["maurepas"],
            "calendar_hosts": "https://cloud.example.org/agenda",
        },
    ).content.decode()
    assert "Pas un nom de serveur : https://cloud.example.org/agenda" in page
    chef.post(
        "/partenaires/ajouter/",
        {
            "name": "Bibliothèque de Maurepas",
            "slug": "bibliotheque",
            "kinds": ["workshops", "posters"],
            "sites": ["maurepas"],
            "calendar_hosts": "cloud.bibliotheques.rennes.fr",
        },
    )
    partner = Partner.objects.get(slug="bibliotheque")
    assert partner.kinds == ["workshops", "posters"] and partner.sites == ["maurepas"]
    assert partner.calendar_hosts == ["cloud.bibliotheques.rennes.fr"]


def test_only_admins_manage_people() -> None:
    from tests.console_content import member  # noqa: PLC0415

    referent = member("ref", Role.REFERENT)
    assert referent.get("/personnes/").status_code == 403
    assert referent.post("/personnes/ajouter/", {"name": "x"}).status_code == 403
    assert referent.get("/mot-de-passe/").status_code == 200  # one's own password


@pytest.mark.django_db(transaction=True)
def test_an_admin_adds_a_partner_who_then_sees_only_what_it_was_given(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    settings.EMAIL_HOST = ""
    user = get_user_model().objects.create_user("chef", "", PASSWORD)
    Membership.objects.create(user=user, role=Role.ADMIN)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "chef")
    page.get_by_role("link", name="Personnes").click()
    page.get_by_role("link", name="Ajouter un partenaire").click()
    page.get_by_label("Nom de l'organisation").fill("Bibliothèque de Maurepas")
    page.get_by_label("Identifiant").fill("bibliotheque")
    page.get_by_label("Ateliers (agenda)").check()
    page.get_by_label("Affiches").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Ajouter une personne").click()
    page.get_by_label("Nom", exact=True).fill("Lise Martin")
    page.get_by_label("Identifiant de connexion").fill("lise.martin")
    page.get_by_role("radio", name=re.compile("^ *Partenaire — ")).check()
    page.get_by_label("Organisation partenaire").select_option("bibliotheque")
    page.get_by_label("ESC Maurepas").check()
    page.get_by_label("ESC Villejean").check()
    page.get_by_label("Affiches").check()
    page.screenshot(path=str(SHOTS / "person-new-phone.png"), full_page=True)
    page.get_by_role("button", name="Ajouter et obtenir son lien").click()
    link = page.locator("pre#lien").inner_text()
    assert "/mot-de-passe/" in link
    # Lise, on her own phone: the link, her password, then the console.
    lise = browser.new_page(viewport={"width": 390, "height": 844})
    lise.goto(link)
    lise.get_by_label("Nouveau mot de passe", exact=True).fill(PASSWORD)
    lise.get_by_label("Confirmation du nouveau mot de passe").fill(PASSWORD)
    lise.get_by_role("button", name="Enregistrer mon mot de passe").click()
    lise.get_by_role("link", name="Se connecter").click()
    lise.get_by_label("Nom d'utilisateur").fill("lise.martin")
    lise.get_by_label("Mot de passe").fill(PASSWORD)
    lise.get_by_role("button", name="Se connecter").click()
    lise.get_by_role("link", name="Contenu", exact=True).click()
    kinds = lise.locator("main").inner_text()
    assert "Affiches" in kinds and "Ateliers" not in kinds and "Wifis" not in kinds
    assert lise.goto(f"{live_server.url}/contenu/atelier/").status == 403
    lise.goto(f"{live_server.url}/contenu/affiche/nouveau/")
    sites = lise.locator("fieldset", has_text="Sites").inner_text()
    assert "ESC Maurepas" in sites and "ESC Villejean" in sites
    lise.screenshot(path=str(SHOTS / "partner-poster-phone.png"), full_page=True)
