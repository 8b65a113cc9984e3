"""The console's pages as each role sees them (issue 14): admins everything, referents
their site's screens, viewers read only; a wrong password five times is throttled."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from signage.console.models import Membership, Role, Screen

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def person(name: str, role: Role, sites: list[str] | None = None) -> Client:
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    Membership.objects.create(user=user, role=role, sites=sites or [])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def screens() -> dict[str, Screen]:
    return {site: Screen.register(f"Hall {site}", site)[0] for site in ("maurepas", "villejean")}


def test_a_referent_sees_and_registers_only_its_sites_screens(screens: dict[str, Screen]) -> None:
    referent = person("ref", Role.REFERENT, ["maurepas"])
    page = referent.get("/").content.decode()
    assert "Hall maurepas" in page and "Hall villejean" not in page
    assert referent.get(f"/ecrans/{screens['villejean'].pk}/").status_code == 404
    refused = referent.post("/ecrans/nouveau/", {"name": "Couloir", "site": "villejean"})
    assert "que pour vos sites" in refused.content.decode()
    made = referent.post("/ecrans/nouveau/", {"name": "Couloir", "site": "maurepas"})
    assert "n'est montré qu'une fois" in made.content.decode()
    assert Screen.objects.filter(name="Couloir", site="maurepas").exists()


def test_a_viewer_reads_but_cannot_manage(screens: dict[str, Screen]) -> None:
    viewer = person("lecteur", Role.VIEWER)
    assert viewer.get("/").status_code == 200
    assert viewer.get("/journal/").status_code == 403
    assert viewer.get("/admin/").status_code == 302  # Django's admin: staff only
    assert viewer.post(f"/ecrans/{screens['maurepas'].pk}/revoquer/").status_code == 403
    assert Screen.objects.filter(revoked_at__isnull=True).count() == 2


def test_an_admin_revokes_and_the_change_is_in_the_journal(screens: dict[str, Screen]) -> None:
    admin = person("admin", Role.ADMIN)
    assert admin.post(f"/ecrans/{screens['maurepas'].pk}/revoquer/").status_code == 302
    journal = admin.get("/journal/").content.decode()
    assert "Hall maurepas" in journal and "admin" in journal


def test_form_mistakes_are_said_next_to_the_field_with_an_example() -> None:
    admin = person("admin", Role.ADMIN)
    page = admin.post("/ecrans/nouveau/", {"name": "", "site": "Ville Jean"}).content.decode()
    assert "par exemple « Hall d&#x27;accueil »" in page
    assert "en minuscules, sans espace ni accent" in page


def test_five_wrong_passwords_lock_the_account_for_a_while() -> None:
    get_user_model().objects.create_user(username="marie", password=PASSWORD)
    client = Client()
    for _ in range(5):
        client.post("/connexion/", {"username": "marie", "password": "faux"})
    locked = client.post("/connexion/", {"username": "marie", "password": PASSWORD})
    assert locked.status_code == 429 and "bloqué" in locked.content.decode()


def test_pages_need_an_account_and_send_security_headers() -> None:
    anonymous = Client()
    answer = anonymous.get("/")
    assert answer.status_code == 302 and answer["Location"].startswith("/connexion/")
    login = anonymous.get("/connexion/")
    assert "default-src 'self'" in login["Content-Security-Policy"]
    assert login["X-Frame-Options"] == "DENY"


def test_french_whatever_the_browser_asks_and_no_half_english_mode(
    screens: dict[str, Screen],
) -> None:
    viewer = person("lecteur", Role.VIEWER)
    page = viewer.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    french = page.content.decode()
    assert "Écrans" in french and "jamais vu" in french  # the browser's English is not enough
    assert 'lang="fr"' in french and page["Content-Language"] == "fr"
    # English was offered with its buttons left in French: not offered any more.
    assert "English" not in french
    assert viewer.post("/langue/", {"language": "en", "next": "/"}).status_code == 404
    viewer.cookies["django_language"] = "en"
    assert "Écrans" in viewer.get("/").content.decode()


# -- sites and kinds are lists of known values (issue 25) -----------------------------------


def test_sites_saved_as_text_give_no_site_never_a_part_of_every_name(
    screens: dict[str, Screen],
) -> None:
    # "maurepas" written without its brackets was read letter by letter: "m", "a"…, and
    # matched as a part of a name ("ma" in "maurepas").
    referent = person("ref", Role.REFERENT)
    Membership.objects.filter(user__username="ref").update(sites="maurepas")
    page = referent.get("/").content.decode()
    assert "Hall maurepas" not in page and "Hall villejean" not in page
    assert referent.get(f"/ecrans/{screens['maurepas'].pk}/").status_code == 404
    refused = referent.post("/ecrans/nouveau/", {"name": "Couloir", "site": "maurepas"})
    assert "que pour vos sites" in refused.content.decode()


def test_sites_and_kinds_are_checked_where_they_are_saved(
    settings: object, tmp_path: object
) -> None:
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    from signage.console.models import Partner  # noqa: PLC0415
    from tests.console_content import with_example  # noqa: PLC0415

    with_example(settings, tmp_path)  # type: ignore[arg-type]
    user = get_user_model().objects.create_user(username="p", password=PASSWORD)
    for sites, said in [
        ("maurepas", 'Donnez une liste de sites, par exemple ["maurepas"]'),
        (["villejan"], "Inconnu : villejan. Connus : maurepas, villejean"),
    ]:
        with pytest.raises(ValidationError) as refused:
            Membership(user=user, role=Role.REFERENT, sites=sites).full_clean()
        assert said in str(refused.value)
    Membership(user=user, role=Role.REFERENT, sites=["villejean"]).full_clean()
    with pytest.raises(ValidationError, match="Inconnu : weefee"):
        Partner(slug="x", name="X", kinds=["weefee"], sites=[]).full_clean()


def test_a_refusal_is_one_line_in_the_log_not_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging  # noqa: PLC0415

    from signage.console.log_filters import ShortClientErrors  # noqa: PLC0415

    viewer = person("lecteur", Role.VIEWER)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert viewer.get("/journal/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(ShortClientErrors().filter(r) for r in records)
    assert all(r.exc_info is None for r in records)
    assert "Forbidden" in records[0].getMessage()


def test_error_pages_speak_french_and_say_nothing_was_lost() -> None:
    """The pages Django draws on its own (a crash, a bad request, an expired form) are the
    console's, in French, and tell the person what happened to their work."""
    from django.test import RequestFactory  # noqa: PLC0415
    from django.views.defaults import server_error  # noqa: PLC0415

    crash = server_error(RequestFactory().get("/"))
    assert crash.status_code == 500
    assert "Ce que vous faisiez n'a pas été enregistré" in crash.content.decode()
    bad = Client().get("/", HTTP_HOST="pas un nom d'hôte")
    assert bad.status_code == 400
    assert "Rien n'a été changé" in bad.content.decode()
    admin = person("admin", Role.ADMIN)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="admin"))
    expired = strict.post("/ecrans/nouveau/", {"name": "Couloir", "site": "maurepas"})
    assert expired.status_code == 403
    assert "Ce formulaire a expiré" in expired.content.decode()
    assert not Screen.objects.filter(name="Couloir").exists()
    assert admin.get("/").status_code == 200
