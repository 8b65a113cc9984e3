"""The content kept in the console: records as content files hold them, the files
(images, calendars) and the publications made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

ADMINS = "admins"  # the owner of the admins' own records (sites, and anything else)



class ContentRecord(models.Model):
    """One record of content, as a line of a content file holds it: ``values`` are the
    keys of that file's table (dates and times written as ISO text). Saved only once the
    same checks as ``signage publish`` accept it."""

    owner = models.CharField(max_length=64, db_index=True, default=ADMINS)
    kind = models.CharField(max_length=16, db_index=True)
    values = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.owner})"



class ContentFile(models.Model):
    """A file of a content folder the forms do not hold as records: an image, an
    ``.ics`` calendar (``path`` as in the folder: ``images/affiche.png``)."""

    owner = models.CharField(max_length=64, default=ADMINS)
    path = models.CharField(max_length=200)
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "path"], name="one_file_per_path")]



class Publication(models.Model):
    """A feed published (seen in the published folder): what screens should be showing.
    One published from the console keeps its document, so it can be published again."""

    sequence = models.BigIntegerField(unique=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    summary = models.TextField(blank=True)
    document = models.JSONField(null=True, blank=True)
    owners = models.JSONField(default=dict, blank=True)  # "section:id" → partner id

    class Meta:
        ordering = ["-sequence"]

