"""Nothing expires by surprise (issue 29): what leaves the screens within the week — an
announcement, a poster, a booking — said on the home page of whom it concerns: its
partner (its own), the site's referent (what disappears from its screens), the admins."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from signage.console.content.kinds import KINDS, title_of
from signage.console.content.models import ADMINS, ContentRecord, ExpiryMail
from signage.console.mail import mail_configured
from signage.console.people.models import Membership, Role
from signage.console.people.roles import membership
from signage.console.people.sites import site_names
from signage.i18n import format_day

log = logging.getLogger(__name__)
WITHIN: Final = timedelta(days=7)
# The kinds that end, and the value that says when (a one-time booking: its day).
ENDS: Final = {"annonce": "valid_until", "affiche": "valid_until", "reservation": "valid_until"}


@dataclass(frozen=True)
class Ending:
    record: ContentRecord
    what: str  # « annonce « Fermeture jeudi » »
    last: date  # the last day it shows
    editable: bool


def last_day(record: ContentRecord) -> date | None:
    """The last day a record shows (None: no end): an announcement's or a poster's
    validity, a booking's day, a workshop's end."""
    values = record.values
    key = "end" if record.kind == "atelier" else ENDS.get(record.kind)
    text = (values.get(key) if key else None) or (
        values.get("date") if record.kind == "reservation" else None
    )
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    # A validity to an instant at midnight ends the day before (announcements, posters).
    return day - timedelta(days=1) if text[10:].startswith("T00:00") else day


def _sites(record: ContentRecord) -> set[str] | None:
    """The sites a record shows at (None: every site)."""
    values = record.values
    if record.kind == "reservation":
        from signage.console.content.rooms import stored_rooms  # noqa: PLC0415

        room = next((r for r in stored_rooms() if r.id == values.get("room")), None)
        return {room.site} if room is not None else set()
    sites = values.get("sites")
    return set(sites) if isinstance(sites, list) and sites else None


def ending_soon(user: Any, today: date) -> list[Ending]:
    """What leaves the screens from ``today`` to a week on, for ``user``'s home page."""
    found = membership(user)
    if found is None or found.role == Role.VIEWER:
        return []
    records = ContentRecord.objects.filter(kind__in=list(ENDS)).exclude(review="refused")
    if found.role == Role.PARTNER:
        records = records.filter(owner=found.partner)
    scoped = found.site_list() if found.role == Role.REFERENT else None
    endings = []
    for record in records.order_by("pk"):
        last = last_day(record)
        if last is None or not today <= last <= today + WITHIN:
            continue
        sites = _sites(record)
        if scoped is not None and sites is not None and not sites & set(scoped):
            continue
        kind = KINDS[record.kind]
        editable = found.role == Role.ADMIN or (
            found.role == Role.PARTNER and record.owner == found.partner
        )
        endings.append(
            Ending(record, f"{kind.label} « {title_of(kind, record.values)} »", last, editable)
        )
    return sorted(endings, key=lambda e: e.last)


def _partner_emails(owner: str) -> list[str]:
    people = Membership.objects.filter(role=Role.PARTNER, partner=owner).select_related("user")
    return sorted({m.user.email for m in people if m.user.email and m.user.is_active})


def mail_endings(today: date) -> int:
    """Mail each partner, once per item, what of its own leaves the screens within the
    week (when mail is configured); the mails sent."""
    if not mail_configured():
        return 0
    records = ContentRecord.objects.filter(kind__in=list(ENDS)).exclude(owner=ADMINS)
    sites = site_names()
    sent = 0
    for record in records.exclude(review__in=["refused", "draft"]).order_by("pk"):
        last = last_day(record)
        if last is None or not today <= last <= today + WITHIN:
            continue
        recipients = _partner_emails(record.owner)
        if not recipients or ExpiryMail.objects.filter(record=record, last=last).exists():
            continue
        try:
            with transaction.atomic():  # two console processes: only one mails
                ExpiryMail.objects.create(record=record, last=last)
        except IntegrityError:
            continue
        kind = KINDS[record.kind]
        title = title_of(kind, record.values)
        where = _sites(record)
        places = ", ".join(sites.get(s, s) for s in sorted(where)) if where else "tous vos sites"
        day = format_day(last, "fr")
        body = (
            f"Bonjour,\n\n{kind.a.capitalize()} « {title} » quitte les écrans "
            f"({places}) après le {day}.\n\nPour qu'elle reste plus longtemps, changez sa "
            "date de fin dans la console des écrans (Contenu, puis "
            f"{kind.plural}). Sinon, rien à faire.\n\n— La console des écrans ESC\n"
        )
        try:
            sent += send_mail(f"[Écrans ESC] Bientôt retiré : {title}", body, None, recipients)
        except OSError as exc:
            log.warning("expiry mail not sent: %s", exc)
    return sent
