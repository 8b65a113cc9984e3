"""What the console keeps: screens, their heartbeats, the publications, who may do what."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


def hash_token(token: str) -> str:
    """Tokens are stored hashed: a leaked database does not let anyone pose as a screen.
    A token has 256 bits of randomness, so one SHA-256 suffices (no password stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    PARTNER = "partner", "Partenaire"
    REFERENT = "referent", "Référent de site"
    VIEWER = "viewer", "Lecteur"


class Membership(models.Model):
    """A person's role, and the sites (and kinds, for a partner) it covers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    # Site ids ("maurepas"); empty: every site.
    sites = models.JSONField(default=list, blank=True)
    # A partner's kinds, as in partners.toml ("wifi", "workshops"…).
    kinds = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Screen(models.Model):
    """A screen in a hall, known by its token; its latest heartbeat kept alongside."""

    name = models.CharField("nom", max_length=80)
    site = models.CharField("site", max_length=40, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The latest heartbeat, kept here so the fleet page reads one row per screen.
    last_seen = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.JSONField(default=dict, blank=True)
    last_screenshot = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["last_seen", "last_status", "last_screenshot"])

    class Meta:
        ordering = ["site", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"

    @classmethod
    def register(cls, name: str, site: str) -> tuple[Screen, str]:
        """A new screen and its token (shown once, never stored in clear)."""
        token = secrets.token_urlsafe(32)
        screen = cls.objects.create(name=name, site=site, token_hash=hash_token(token))
        return screen, token

    @property
    def interval_minutes(self) -> float:
        value: Any = self.last_status.get("heartbeat_minutes")
        return float(value) if isinstance(value, int | float) and value > 0 else 10.0


class Heartbeat(models.Model):
    """One heartbeat, summarised (the full status stays on the screen's row)."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="heartbeats")
    received_at = models.DateTimeField(db_index=True)
    awake = models.BooleanField(default=True)
    showing = models.CharField(max_length=200, blank=True)
    sequence = models.BigIntegerField(null=True, blank=True)
    content_age_seconds = models.IntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    screenshot = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["screen", "-received_at"])]
        ordering = ["-received_at"]


class Publication(models.Model):
    """A feed published (seen in the published folder): what screens should be showing."""

    sequence = models.BigIntegerField(unique=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sequence"]


class Alert(models.Model):
    """A screen needing someone: open while it lasts, mailed once when it opens and once
    when it ends."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16)
    detail = models.CharField(max_length=300)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # Several console processes check at once: only one opens (and mails) it.
            models.UniqueConstraint(
                fields=["screen", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_alert_per_kind",
            )
        ]
