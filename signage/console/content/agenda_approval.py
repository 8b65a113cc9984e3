"""An agenda sent as a file (``.ics``) by a partner, for a site whose referent approves
its workshops: it waits as a ``PendingAgenda``, out of every publication, as the same
workshops typed one by one would (``approval``), until « Valider » makes it the site's
agenda; the agenda on screens stays meanwhile. « Refuser » keeps it with the reason,
for the partner to read, until the partner sends another."""

from __future__ import annotations

from typing import Any, Final

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from signage.console.content.approval import Rules, deciding_sites, rules
from signage.console.content.models import ADMINS, ContentFile, PendingAgenda

KIND: Final = "atelier"  # what a site approves to approve partners' agendas


def waits(owner: str, site: str, found: Rules) -> bool:
    """Whether ``owner``'s agenda for ``site`` waits for the site's referent."""
    if owner == ADMINS or KIND in found.trusted.get(owner, frozenset()):
        return False
    return KIND in found.asks.get(site, frozenset())


def keep(owner: str, site: str, data: bytes, user: Any) -> bool:
    """The partner's confirmed file: the site's agenda at once, or waiting (True)."""
    if not waits(owner, site, rules()):
        with transaction.atomic():
            ContentFile.objects.update_or_create(
                owner=owner, path=f"workshops/{site}.ics", defaults={"data": data}
            )
            PendingAgenda.objects.filter(owner=owner, site=site).delete()
        return False
    PendingAgenda.objects.update_or_create(
        owner=owner,
        site=site,
        defaults={"data": data, "sent_by": user.get_username(), "refusal": {}},
    )
    return True


def to_decide(user: Any) -> list[PendingAgenda]:
    """The agendas waiting for ``user``'s decision, oldest first."""
    scope = deciding_sites(user)
    if scope is not None and not scope:
        return []
    return [a for a in to_decide_all() if scope is None or a.site in scope]


def approve(agenda: PendingAgenda) -> None:
    """« Valider »: the file becomes the site's agenda (published by the caller)."""
    with transaction.atomic():
        ContentFile.objects.update_or_create(
            owner=agenda.owner, path=agenda.path, defaults={"data": bytes(agenda.data)}
        )
        agenda.delete()


def refuse(agenda: PendingAgenda, user: Any, note: str) -> None:
    name = user.get_full_name() or user.get_username()
    agenda.refusal = {"by": name, "at": timezone.now().isoformat(), "note": note}
    agenda.save(update_fields=["refusal"])


def refused(owner: str) -> list[PendingAgenda]:
    return [a for a in _listed().filter(owner=owner) if a.refusal]


def waiting(owner: str) -> list[PendingAgenda]:
    return [a for a in _listed().filter(owner=owner) if not a.refusal]


def release(found: Rules) -> int:
    """After the admins change who approves what: an agenda that no longer waits (its
    site stopped asking, its partner became trusted) is the site's agenda now."""
    freed = [a for a in to_decide_all() if not waits(a.owner, a.site, found)]
    for agenda in freed:
        approve(agenda)
    return len(freed)


def to_decide_all() -> list[PendingAgenda]:
    return [a for a in _listed() if not a.refusal]


def _listed() -> QuerySet[PendingAgenda]:
    """Oldest first, without their files (read when one is shown or approved)."""
    return PendingAgenda.objects.defer("data").order_by("sent_at", "pk")
