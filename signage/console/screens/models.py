"""A screen, known by its token; its settings, the actions asked of it, pairing codes."""

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
    # When a heartbeat's picture last went to the gallery (one every 15 minutes).
    gallery_at = models.DateTimeField(null=True, blank=True)
    # Worked out from the latest heartbeat (fleet.state.seen_fields), so the fleet page
    # and the alert check sort and count thousands of screens in one query: when it is
    # late, when offline, asleep, a sync error or an unknown site, the publication it
    # shows and the moment by which it could have taken a newer one.
    late_after = models.DateTimeField(null=True, blank=True)
    offline_after = models.DateTimeField(null=True, blank=True)
    asleep = models.BooleanField(default=False)
    troubled = models.BooleanField(default=False)
    shown_sequence = models.BigIntegerField(null=True, blank=True)
    synced_by = models.DateTimeField(null=True, blank=True)
    # Its site or name changed: a new settings document for it (heartbeats use update()).
    changed_at = models.DateTimeField(auto_now=True)
    # Grows whenever its settings document changes (screens.changes): its ETag, so a
    # settings poll is answered from this row alone.
    settings_version = models.BigIntegerField(default=0)
    # The version its change file says: behind settings_version when a write failed (a
    # full disk); written again by the minute's check (screens.changes.write_pending).
    change_written = models.BigIntegerField(default=-1)
    history = HistoricalRecords(
        excluded_fields=[
            "last_seen",
            "last_status",
            "last_screenshot",
            "gallery_at",
            "late_after",
            "offline_after",
            "asleep",
            "troubled",
            "shown_sequence",
            "synced_by",
            "changed_at",
            "settings_version",
            "change_written",
        ]
    )

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


class PairingRequest(models.Model):
    """A screen showing a pairing code, waiting for a referent to type it.

    The screen sent only its token's hash: once claimed, the new ``Screen`` has that hash
    and the screen, which kept its token, is known by it. Kept until the screen has
    fetched its settings once (a lost answer does not strand it), or until expiry."""

    code = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    # Its networks (client_address.networks): limits count per network, not per address.
    network = models.CharField(max_length=50, blank=True, db_index=True)
    wide_network = models.CharField(max_length=50, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    screen = models.ForeignKey(Screen, null=True, blank=True, on_delete=models.CASCADE)


class CodeAttempt(models.Model):
    """A pairing code typed in the console that matched nothing (for the rate limit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class ScreenSettings(models.Model):
    """What the console sets for the screens of a site (``screen`` empty) or for one
    screen: sections as in a screen's TOML (``{"display": {"theme": "dark"}, "playlist":
    [...]}``); a screen's own settings override its site's, section by section."""

    site = models.CharField(max_length=40, blank=True, db_index=True)
    screen = models.OneToOneField(
        Screen, null=True, blank=True, on_delete=models.CASCADE, related_name="own_settings"
    )
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(screen__isnull=True), name="one_per_site"
            )
        ]


class Action(models.TextChoices):
    SYNC = "sync", "synchroniser maintenant"
    SCREENSHOT = "screenshot", "capture d'écran maintenant"
    RESTART = "restart", "redémarrer le lecteur"


class ScreenCommand(models.Model):
    """An action asked of a screen from its page, and what the screen answered."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="commands")
    action = models.CharField(max_length=16, choices=Action.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    detail = models.CharField(max_length=300, blank=True)
    capture = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]
