"""Nothing expires by surprise (issue 29): what leaves the screens within the week is
said on the home page of its partner, of the site's referent, of the admins."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from signage.console.models import ContentRecord, Role
from signage.console.people.models import Partner
from tests.console_content import admin, member, with_example

pytestmark = pytest.mark.django_db


def test_what_ends_this_week_is_said_to_whom_it_concerns(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    Partner.objects.create(
        slug="plume",
        name="La Plume",
        kinds=["announcements"],
        sites=["maurepas"],
        calendar_hosts=[],
    )
    today = timezone.localdate()
    soon, later = today + timedelta(days=3), today + timedelta(days=12)
    ContentRecord.objects.create(
        owner="plume",
        kind="annonce",
        values={
            "title": "Atelier d'écriture : inscriptions",
            "sites": ["maurepas"],
            "valid_until": soon.isoformat(),
        },
    )
    ContentRecord.objects.create(
        owner="plume",
        kind="annonce",
        values={
            "title": "Fête du quartier",
            "sites": ["maurepas"],
            "valid_until": later.isoformat(),
        },
    )
    ContentRecord.objects.create(
        owner="admins",
        kind="annonce",
        values={
            "title": "Travaux à Villejean",
            "sites": ["villejean"],
            "valid_until": soon.isoformat(),
        },
    )
    plume = member("plume", Role.PARTNER, partner="plume").get("/").content.decode()
    assert "Bientôt retiré des écrans" in plume
    assert "Atelier d&#x27;écriture : inscriptions" in plume and "prolongez-la" in plume
    assert "Fête du quartier" not in plume and "Travaux à Villejean" not in plume
    nadia = member("nadia", Role.REFERENT, sites=["maurepas"]).get("/").content.decode()
    assert "Atelier d&#x27;écriture : inscriptions" in nadia
    assert "Travaux à Villejean" not in nadia and "prolongez-la" not in nadia
    chef = admin().get("/").content.decode()
    assert "Travaux à Villejean" in chef and "Atelier d&#x27;écriture" in chef


def test_a_partner_is_mailed_once_before_its_item_leaves_the_screens(
    settings: Any, tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core import mail  # noqa: PLC0415

    from signage.console.content.expiry import mail_endings  # noqa: PLC0415

    with_example(settings, tmp_path)
    Partner.objects.create(slug="plume", name="La Plume", kinds=["posters"], sites=["maurepas"])
    member("plume", Role.PARTNER, partner="plume")
    get_user_model().objects.filter(username="plume").update(email="plume@exemple.fr")
    today = timezone.localdate()
    ContentRecord.objects.create(
        owner="plume",
        kind="affiche",
        values={
            "image": "https://exemple.fr/a.png",
            "caption": "Salon du livre jeunesse",
            "sites": ["maurepas"],
            "valid_until": (today + timedelta(days=5)).isoformat(),
        },
    )
    ContentRecord.objects.create(
        owner="plume",
        kind="affiche",
        values={
            "image": "https://exemple.fr/b.png",
            "caption": "Concours de nouvelles",
            "sites": ["maurepas"],
            "valid_until": (today + timedelta(days=30)).isoformat(),
        },
    )
    assert mail_endings(today) == 1
    (sent,) = mail.outbox
    assert sent.to == ["plume@exemple.fr"]
    assert "Salon du livre jeunesse" in sent.subject and "ESC Maurepas" in sent.body
    assert "changez sa date de fin" in sent.body and "Concours" not in sent.body
    assert mail_endings(today) == 0  # once per ending, however often the loop runs
    assert mail_endings(today + timedelta(days=26)) == 1  # the other one, its week come
