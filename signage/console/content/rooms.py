"""Rooms and bookings in the console: the rooms a partner may choose, and a booking
checked by the shared rules (``signage.rooms``) against the others, refused in French
with the booking it meets and the nearest free periods."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from signage.console.content.fields import WEEKDAY_NAMES
from signage.console.content.models import ADMINS, ContentRecord
from signage.console.people.models import Partner
from signage.i18n import format_day, format_span
from signage.model.rooms import Booking, Room
from signage.model.semainier import Weekday
from signage.model.site import Site
from signage.rooms import Clash, Problem, check_booking, hours_of, minutes, nearest_free


def _valid(model: Any, values: Any) -> Any:
    try:
        return model.model_validate(values)
    except ValueError:  # a record refused since (shown « refusé » on its list)
        return None


def stored_rooms() -> list[Room]:
    found = [
        _valid(Room, v)
        for v in ContentRecord.objects.filter(kind="salle").values_list("values", flat=True)
    ]
    return [r for r in found if r is not None]


def stored_sites() -> list[Site]:
    found = [
        _valid(Site, v)
        for v in ContentRecord.objects.filter(kind="site").values_list("values", flat=True)
    ]
    return [s for s in found if s is not None]


def stored_bookings(*, besides: int | None = None, before: int | None = None) -> list[Booking]:
    """The bookings of the console, in the order they were made (``besides``: leaving one
    out; ``before``: only those made before it)."""
    # A booking waiting for approval holds its slot; one refused does not.
    records = ContentRecord.objects.filter(kind="reservation").exclude(review="refused")
    records = records.order_by("pk")
    if besides is not None:
        records = records.exclude(pk=besides)
    if before is not None:
        records = records.filter(pk__lt=before)
    found = [_valid(Booking, r.values) for r in records]
    return [b for b in found if b is not None]


def stored_booking_records() -> list[tuple[ContentRecord, Booking]]:
    """The console's bookings that pass, with their records (for their pk and owner)."""
    found = []
    records = ContentRecord.objects.filter(kind="reservation").exclude(review="refused")
    for record in records.order_by("pk"):
        booking = _valid(Booking, record.values)
        if booking is not None:
            found.append((record, booking))
    return found


def partner_name(owner: str) -> str:
    partner = Partner.objects.filter(slug=owner).first()
    return partner.name if partner is not None and partner.name else owner


def room_choices(owner: str) -> list[tuple[str, str]]:
    """The rooms ``owner`` may book, as (id, "Espace numérique — ESC Maurepas")."""
    names = {s.id: s.name for s in stored_sites()}
    rooms = stored_rooms()
    if owner != ADMINS:
        partner = Partner.objects.filter(slug=owner).first()
        scoped = partner.site_list() if partner is not None else None
        name = partner_name(owner)
        rooms = [r for r in rooms if r.open_to(name) and (scoped is None or r.site in scoped)]
    return [(r.id, f"{r.name} — {names.get(r.site, r.site)}") for r in rooms]


def needs_approval(values: dict[str, Any], owner: str) -> bool:
    """Whether a partner's booking waits for the referent: its room asks for it."""
    if owner == ADMINS:
        return False
    room = next((r for r in stored_rooms() if r.id == values.get("room")), None)
    return room is not None and room.approval


def _rules_hash(room: Room) -> str:
    text = room.rules.pick("fr") if room.rules is not None else ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def rules_to_accept(values: dict[str, Any], owner: str) -> str | None:
    """The rules of use of the booked room, if its partner has not accepted them yet."""
    if owner == ADMINS:
        return None
    room = next((r for r in stored_rooms() if r.id == values.get("room")), None)
    if room is None or room.rules is None:
        return None
    partner = Partner.objects.filter(slug=owner).first()
    accepted = partner.accepted_rules if partner is not None else {}
    if isinstance(accepted, dict) and accepted.get(room.id) == _rules_hash(room):
        return None
    return room.rules.pick("fr")


def accept_rules(values: dict[str, Any], owner: str) -> None:
    room = next((r for r in stored_rooms() if r.id == values.get("room")), None)
    partner = Partner.objects.filter(slug=owner).first()
    if room is None or partner is None:
        return
    accepted = dict(partner.accepted_rules) if isinstance(partner.accepted_rules, dict) else {}
    accepted[room.id] = _rules_hash(room)
    partner.accepted_rules = accepted
    partner.save(update_fields=["accepted_rules"])


def today() -> date:
    return datetime.now(UTC).date()


def booking_problems(booking: Booking, owner: str, pk: int | None, *, whole: bool) -> list[str]:
    """Why ``booking`` may not be saved, in French (empty: it may). ``whole``: a form's
    check, against every other booking; else (the check before a publication) against
    those made before it, so that of two that clash the later is refused."""
    rooms, sites = stored_rooms(), stored_sites()
    kept = stored_bookings(besides=pk) if whole or pk is None else stored_bookings(before=pk)
    problems = []
    room = next((r for r in rooms if r.id == booking.room), None)
    if owner != ADMINS and room is not None:
        partner = Partner.objects.filter(slug=owner).first()
        scoped = partner.site_list() if partner is not None else None
        if scoped is not None and room.site not in scoped:
            problems.append(f"{room.name} n'est pas dans vos sites.")
    clash = check_booking(booking, rooms, kept, sites, since=today())
    if clash is not None:
        problems.append(in_french(clash, kept, sites))
    return problems


def in_french(clash: Clash, kept: list[Booking], sites: list[Site]) -> str:
    booking, room = clash.booking, clash.room
    if clash.problem is Problem.UNKNOWN_ROOM or room is None:
        return "Salle inconnue : choisissez une des salles de la liste."
    if clash.problem is Problem.NOT_SHARED:
        if not room.shareable:
            return f"{room.name} n'est pas partagée : l'équipe du site seule l'utilise."
        return f"{room.name} est réservée à : {', '.join(room.shared_with)}."
    site = next((s for s in sites if s.id == room.site), None)
    weekday = booking.weekday or Weekday.of(booking.date)  # type: ignore[arg-type]
    if clash.problem is Problem.HOURS:
        periods = hours_of(room, site).periods(weekday)
        opened = " et ".join(
            format_span(p.start, p.end, "fr") for p in periods if p.end is not None
        )
        return (
            f"{room.name} est ouverte le {WEEKDAY_NAMES[weekday.value]} "
            f"{'de ' + opened if opened else ': fermée ce jour-là'} ; "
            f"{format_span(booking.start, booking.end, 'fr')} en sort. Exemple : 9h30 à 11h30."
        )
    if clash.problem is Problem.CLOSED and clash.day is not None:
        closure = hours_of(room, site).closure(clash.day)
        why = f" ({closure.reason})" if closure is not None and closure.reason else ""
        return (
            f"Le site est fermé le {format_day(clash.day, 'fr')}{why} : choisissez un autre jour."
        )
    other, day = clash.other, clash.day
    assert other is not None and day is not None
    length = timedelta(minutes=minutes(booking.end) - minutes(booking.start))
    free = nearest_free(room, site, kept, max(day, today()), length)
    offered = " ; ".join(f"{format_day(d, 'fr')}, {format_span(a, b, 'fr')}" for d, a, b in free)
    who = f"par {other.partner} (« {other.title.pick('fr')} »)"
    return (
        f"{room.name} est déjà réservée le {format_day(day, 'fr')}, "
        f"{format_span(other.start, other.end, 'fr')}, {who}. "
        + (
            f"Libre assez longtemps : {offered}."
            if offered
            else "Pas de créneau libre assez long dans les trois semaines."
        )
    )
