"""Heartbeats as received, and the alerts they open and close."""

from __future__ import annotations

from django.db import models

from signage.console.screens.models import Screen


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
