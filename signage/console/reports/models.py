"""Proof of display, summed per screen, day and item."""

from __future__ import annotations

from django.db import models

from signage.console.screens.models import Screen


class DisplayCount(models.Model):
    """Proof of display: how often and how long an item (or, ``item`` empty, a kind of
    slide) showed on a screen on a day, summed from the heartbeats."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="counts")
    site = models.CharField(max_length=40, db_index=True)
    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=16)
    item = models.CharField(max_length=120, blank=True)
    shows = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["screen", "day", "kind", "item"], name="one_count_per_item_and_day"
            )
        ]
