"""The content kept in the console: records as content files hold them, the files
(images, calendars) and the publications made."""

from __future__ import annotations

from typing import Any

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
    # A record that waits for a referent's approval, or that one refused (a booking of
    # a room that asks for it): left out of publications until approved.
    review = models.CharField(
        max_length=16,
        blank=True,
        default="",
        choices=[
            ("", "—"),
            ("draft", "brouillon"),
            ("pending", "à valider"),
            ("refused", "refusé"),
        ],
    )
    review_note = models.CharField(max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_records",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A site that asks for approval (SiteApproval) decides for its own hall: site id →
    # {"ok": bool, "note": why refused, "by": who, "at": ISO instant}; for these values.
    approvals = models.JSONField(default=dict, blank=True)
    # The values screens keep showing while an edit waits (with the sites they show at):
    # the version approved before, until every site asking for approval has decided.
    approved_values = models.JSONField(null=True, blank=True)
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


class PendingAgenda(models.Model):
    """An agenda (``.ics``) a partner sent for a site whose referent approves its
    workshops: it waits here, out of every publication, for « Valider » (it then becomes
    the site's ``ContentFile``); the agenda on screens stays meanwhile. A refusal keeps
    it, with the reason the partner reads, until the partner sends another."""

    owner = models.CharField(max_length=64)
    site = models.CharField(max_length=64)
    data = models.BinaryField()
    sent_by = models.CharField(max_length=150, blank=True)
    sent_at = models.DateTimeField(auto_now=True)
    refusal = models.JSONField(default=dict, blank=True)  # {"by", "at", "note"} once refused

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "site"], name="one_pending_agenda")]

    @property
    def path(self) -> str:
        return f"workshops/{self.site}.ics"


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
    # Owner → what it must read of this publication (its calendar's events not taken).
    notes = models.JSONField(default=dict, blank=True)
    # For people: n° 1, 2, 3… in the order publications were seen (``sequence`` is the
    # feed's own number, a Unix time or more: n° 1796557088 says nothing to anyone).
    number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    # The records as they were saved when it was made here (a rollback restores them):
    # [{"owner", "kind", "values"}], and the files as [{"owner", "path", "sha256"}].
    records = models.JSONField(null=True, blank=True)
    files = models.JSONField(null=True, blank=True)
    rolled_back_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rollbacks"
    )

    class Meta:
        ordering = ["-sequence"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.number is None:
            highest = Publication.objects.aggregate(models.Max("number"))["number__max"]
            self.number = (highest or 0) + 1
        super().save(*args, **kwargs)


class StoredFile(models.Model):
    """The bytes of a content file as some publication held them, by their hash: what a
    rollback puts back when the file has changed since (an image replaced, a calendar)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    data = models.BinaryField()


class SiteApproval(models.Model):
    """The kinds of a site whose partners' items wait for its referent's « Valider »
    (the admins choose; a site not listed publishes as soon as an item is saved)."""

    site = models.CharField(max_length=64, unique=True)
    kinds = models.JSONField(default=list, blank=True)  # console kinds: "atelier"…
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.site}: {', '.join(self.kinds)}"


class ExpiryMail(models.Model):
    """An item's coming end, mailed once to its partner (a record ending on ``last``)."""

    record = models.ForeignKey(ContentRecord, on_delete=models.CASCADE)
    last = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "last"], name="one_mail_per_ending")
        ]


class Abbreviation(models.Model):
    """A « sigle » the admins explain (« PMI » → « Protection maternelle et infantile »):
    the forms advise writing it in full once where a visitor meets it."""

    word = models.CharField("sigle", max_length=12, unique=True)
    meaning = models.CharField("signification", max_length=120)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word} : {self.meaning}"
