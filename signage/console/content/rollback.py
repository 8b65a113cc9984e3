"""A rollback that stays rolled back: each publication made here keeps the records and
files it was built from; going back to it puts them back (one transaction, every change
in each record's history), then publishes as usual, so the next publication (anyone's,
or the hourly cron) brings nothing newer back."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from signage.console.content.approval import approve_as_they_are, published_values, rules
from signage.console.content.models import ContentFile, ContentRecord, Publication, StoredFile


def snapshot() -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The records as screens get them now (an item waiting for a referent: its approved
    version, or nothing), and the files, their bytes kept by their hash."""
    found = rules()
    records = []
    for record in ContentRecord.objects.order_by("pk"):
        values = published_values(record, found)
        if values is not None:
            records.append(
                {"pk": record.pk, "owner": record.owner, "kind": record.kind, "values": values}
            )
    files = []
    for owner, path, data in ContentFile.objects.values_list("owner", "path", "data"):
        digest = hashlib.sha256(bytes(data)).hexdigest()
        StoredFile.objects.get_or_create(sha256=digest, defaults={"data": bytes(data)})
        files.append({"owner": owner, "path": path, "sha256": digest})
    return records, files


def restorable(publication: Publication) -> bool:
    return isinstance(publication.records, list) and isinstance(publication.files, list)


def restore(publication: Publication, user: Any) -> int:
    """Put the records and files back as ``publication`` had them; how many records
    changed. Each change goes to its record's history, by ``user``."""
    assert restorable(publication)
    wanted = {int(r["pk"]): r for r in publication.records or []}
    changed = 0
    with transaction.atomic():
        for record in ContentRecord.objects.exclude(pk__in=wanted):
            record._history_user = user
            record.delete()
            changed += 1
        for pk, old in wanted.items():
            record = ContentRecord.objects.filter(pk=pk).first()
            if record is not None and (record.owner, record.kind, record.values) == (
                old["owner"],
                old["kind"],
                old["values"],
            ):
                continue
            record = record or ContentRecord(pk=pk)
            record.owner, record.kind, record.values = old["owner"], old["kind"], old["values"]
            # Back to what screens showed then: approved as it was, no edit waiting.
            record.approved_values = None
            approve_as_they_are([record])
            record.updated_by = user
            record._history_user = user
            record.save()
            changed += 1
        files = {(f["owner"], f["path"]): f["sha256"] for f in publication.files or []}
        for held in ContentFile.objects.all():
            if (held.owner, held.path) not in files:
                held.delete()
        for (owner, path), digest in files.items():
            stored = StoredFile.objects.filter(sha256=digest).first()
            if stored is not None:
                ContentFile.objects.update_or_create(
                    owner=owner, path=path, defaults={"data": bytes(stored.data)}
                )
    return changed
