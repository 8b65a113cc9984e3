"""Alerts (issue 14): a screen offline during opening hours, or refusing the published
feed, is mailed once to the admins and its site's referents, and once when it is back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from signage.console.content.models import Publication
from signage.console.fleet.alerts import check_alerts
from signage.console.fleet.state import seen_fields
from signage.console.models import Alert, Membership, Role, Screen

pytestmark = pytest.mark.django_db


def person(name: str, role: Role, sites: list[str]) -> None:
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x" * 12)
    Membership.objects.create(user=user, role=role, sites=sites)


def test_an_offline_screen_is_mailed_once_then_back_to_normal(mailoutbox: list[Any]) -> None:
    person("admin", Role.ADMIN, [])
    person("ref-maurepas", Role.REFERENT, ["maurepas"])
    person("ref-villejean", Role.REFERENT, ["villejean"])
    screen, _ = Screen.register("Hall", "maurepas")
    now = timezone.now()
    Screen.objects.filter(pk=screen.pk).update(
        **seen_fields(now - timedelta(hours=2), {"heartbeat_minutes": 5})
    )
    assert check_alerts(now) == 1
    (mail,) = mailoutbox
    assert "Hall (maurepas) : hors ligne" in mail.subject
    assert sorted(mail.to) == ["admin@example.org", "ref-maurepas@example.org"]
    assert check_alerts(now + timedelta(minutes=1)) == 0  # once, not every minute
    assert Alert.objects.filter(closed_at__isnull=True).count() == 1
    Screen.objects.filter(pk=screen.pk).update(
        **seen_fields(now + timedelta(minutes=2), {"heartbeat_minutes": 5})
    )
    assert check_alerts(now + timedelta(minutes=2)) == 1
    assert "retour à la normale" in mailoutbox[-1].subject
    assert not Alert.objects.filter(closed_at__isnull=True).exists()


def test_a_refused_feed_is_an_alert_in_words(mailoutbox: list[Any]) -> None:
    person("admin", Role.ADMIN, [])
    screen, _ = Screen.register("Hall", "maurepas")
    now = timezone.now()
    status = {
        "heartbeat_minutes": 5,
        "sync": {"last_error": "feed refused: the feed's signature does not match"},
    }
    Screen.objects.filter(pk=screen.pk).update(**seen_fields(now, status))
    assert check_alerts(now) == 1
    assert "refuse le contenu publié" in mailoutbox[0].subject
    assert "signature non reconnue" in mailoutbox[0].body


def test_content_behind_is_an_alert_for_an_awake_screen_only(mailoutbox: list[Any]) -> None:
    person("admin", Role.ADMIN, [])
    now = timezone.now()
    Publication.objects.create(sequence=1, generated_at=now - timedelta(hours=3))
    Publication.objects.create(sequence=2, generated_at=now - timedelta(hours=1))
    later = now + timedelta(minutes=30)  # the publication is older than any sync's wait
    shown = {"heartbeat_minutes": 5, "content": {"sequence": 1}, "sync": {"watch_seconds": 10}}
    awake, _ = Screen.register("Hall", "maurepas")
    Screen.objects.filter(pk=awake.pk).update(**seen_fields(later, {**shown, "display": "awake"}))
    asleep, _ = Screen.register("Accueil", "maurepas")
    Screen.objects.filter(pk=asleep.pk).update(**seen_fields(later, {**shown, "display": "asleep"}))
    assert check_alerts(later) == 1
    (mail,) = mailoutbox
    assert "Hall (maurepas) : montre un contenu en retard" in mail.subject
    # The sleeping one takes it when it wakes: its card says so, no one is mailed.
    assert not Alert.objects.filter(screen=asleep).exists()
