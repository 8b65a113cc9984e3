"""« Salles »: a room's next two weeks, day by day — its free periods, each with a link
that opens the booking form filled in, and its bookings, each of one's own with a button
that cancels that day only; and the room's calendar to subscribe to."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from signage.console.content.access import kinds_for, owner_of, records_for, sites_for
from signage.console.content.checks import check
from signage.console.content.fields import WEEKDAY_NAMES
from signage.console.content.forms import spoken_time
from signage.console.content.kinds import KINDS
from signage.console.content.models import ADMINS, ContentRecord
from signage.console.content.publishing import publish_after_change
from signage.console.content.rooms import (
    partner_name,
    stored_booking_records,
    stored_rooms,
    stored_sites,
)
from signage.console.people.models import Partner, Role
from signage.console.people.roles import member_required, membership
from signage.console.rooms.calendar import room_calendar
from signage.i18n import format_day, format_span
from signage.model.rooms import Room
from signage.rooms import free_periods, hours_of, uses

DAYS_SHOWN = 7  # a week a page (a phone scrolls it); « Semaine suivante » for the next
WEEKS = 4


@dataclass(frozen=True)
class Period:
    """A free period (with the booking form's address) or a booking, in a day's list."""

    start: time
    span: str
    link: str = ""  # a free period: the booking form, filled in with it
    who: str = ""  # a booking: what and who (« réservé — CCAS » if not for one's eyes)
    record: ContentRecord | None = None
    cancellable: bool = False


@dataclass(frozen=True)
class Day:
    day: date
    name: str
    periods: list[Period]
    closed: str = ""  # the building is closed: why (« Jour de l'an »)


def _viewer(request: HttpRequest) -> tuple[str | None, str | None]:
    """Whose records the person writes, and the partner's name it books in (if any)."""
    owner = owner_of(request.user)
    return owner, (partner_name(owner) if owner not in (None, ADMINS) else None)


def _rooms_for(request: HttpRequest) -> list[Room]:
    _, partner = _viewer(request)
    allowed = {s for s, _ in sites_for(request.user)}
    return [
        r for r in stored_rooms() if r.site in allowed and (partner is None or r.open_to(partner))
    ]


@member_required
def rooms(request: HttpRequest) -> HttpResponse:
    found = _rooms_for(request)
    chosen = request.GET.get("salle") or (found[0].id if found else "")
    asked = request.GET.get("semaine", "0")
    week = int(asked) if asked.isdigit() and int(asked) < WEEKS else 0
    room = next((r for r in found if r.id == chosen), None)
    owner, partner = _viewer(request)
    names = {s.id: s for s in stored_sites()}
    days: list[Day] = []
    key = ""
    if room is not None:
        site = names.get(room.site)
        records = stored_booking_records()
        bookings = [b for _, b in records]
        mine = {r.pk for r in records_for(request.user, KINDS["reservation"])} if owner else set()
        first = timezone.localdate() + timedelta(weeks=week)
        hours = hours_of(room, site)
        for offset in range(DAYS_SHOWN):
            day = first + timedelta(days=offset)
            closure = hours.closure(day)
            if closure is not None:  # nobody holds a room of a closed building
                days.append(Day(day, format_day(day, "fr"), [], closure.reason or "fermé"))
                continue
            periods = [
                Period(a, format_span(a, b, "fr"), link=_book_link(room, day, a, b))
                for a, b in free_periods(room, site, day, bookings)
            ]
            for use in uses(room, day, bookings):
                record = next((r for r, b in records if b is use.booking), None)
                visible = (
                    use.public
                    or (partner is not None and use.partner == partner)
                    or owner == ADMINS
                )
                title = use.title.pick("fr") if use.title is not None and visible else ""
                who = f"{title} — {use.partner}" if title else f"réservé — {use.partner}"
                if record is not None and record.review == "pending":
                    who += " (à valider par le référent)"
                periods.append(
                    Period(
                        use.start,
                        format_span(use.start, use.end, "fr"),
                        who=who,
                        record=record,
                        cancellable=record is not None and record.pk in mine,
                    )
                )
            if periods:
                periods.sort(key=lambda p: p.start)
                days.append(Day(day, format_day(day, "fr"), periods))
        if partner is not None and owner is not None:
            key = _calendar_key(owner)
    site_names = {s.id: s.name for s in names.values()}
    return render(
        request,
        "rooms/rooms.html",
        {
            "rooms": [(r, site_names.get(r.site, r.site)) for r in found],
            "room": room,
            "site_name": site_names.get(room.site, room.site) if room else "",
            "days": days,
            "waiting": waiting_for(request),
            "previous_week": week - 1 if week > 0 else None,
            "next_week": week + 1 if week + 1 < WEEKS else None,
            "can_book": owner is not None and "reservation" in _kinds(request),
            "can_describe": "salle" in _kinds(request),
            "calendar": (
                request.build_absolute_uri(reverse("console:room_calendar", args=[room.id]))
                + (f"?cle={key}" if key else "")
                if room is not None
                else ""
            ),
        },
    )


def _kinds(request: HttpRequest) -> set[str]:
    return {k.key for k in kinds_for(request.user)}


def _book_link(room: Room, day: date, start: time, end: time) -> str:
    query = f"room={room.id}&date={day.strftime('%d/%m/%Y')}&start={spoken_time(start)}"
    return f"{reverse('console:new_record', args=['reservation'])}?{query}&end={spoken_time(end)}"


def _calendar_key(owner: str) -> str:
    """The partner's private key to its rooms' calendars (made at its first use)."""
    partner = Partner.objects.filter(slug=owner).first()
    if partner is None:
        return ""
    if not partner.calendar_key:
        partner.calendar_key = secrets.token_urlsafe(24)
        partner.save(update_fields=["calendar_key"])
    return str(partner.calendar_key)


@dataclass(frozen=True)
class Waiting:
    """A booking waiting for the site referent's approval, in words."""

    record: ContentRecord
    room: str
    when: str
    what: str


def _approver_sites(request: HttpRequest) -> set[str] | None:
    """The sites whose bookings the person approves (None: every site), or an empty set."""
    found = membership(request.user)
    if found is None or found.role not in (Role.ADMIN, Role.REFERENT):
        return set()
    sites = found.site_list()
    return None if found.role == Role.ADMIN or sites is None else set(sites)


def waiting_for(request: HttpRequest) -> list[Waiting]:
    """The bookings the person may approve, oldest first."""
    scoped = _approver_sites(request)
    if scoped is not None and not scoped:
        return []
    rooms_by_id = {r.id: r for r in stored_rooms()}
    names = {s.id: s.name for s in stored_sites()}
    found = []
    for record in ContentRecord.objects.filter(kind="reservation", review="pending").order_by("pk"):
        room = rooms_by_id.get(str(record.values.get("room")))
        if room is None or (scoped is not None and room.site not in scoped):
            continue
        values = record.values
        try:
            span = format_span(
                time.fromisoformat(str(values.get("start"))),
                time.fromisoformat(str(values.get("end"))),
                "fr",
            )
        except ValueError:  # checked when saved: cannot happen
            span = f"{values.get('start')} – {values.get('end')}"
        if values.get("date"):
            when = format_day(date.fromisoformat(str(values["date"])), "fr")
        else:
            when = f"chaque {WEEKDAY_NAMES.get(str(values.get('weekday')), '')}"
        found.append(
            Waiting(
                record,
                f"{room.name} — {names.get(room.site, room.site)}",
                f"{when}, {span}",
                f"{values.get('title', '')} — {values.get('partner', '')}",
            )
        )
    return found


def _reviewed(request: HttpRequest, pk: int) -> ContentRecord:
    record = get_object_or_404(ContentRecord, pk=pk, kind="reservation", review="pending")
    if record.pk not in {w.record.pk for w in waiting_for(request)}:
        raise Http404("not yours to approve")
    return record


@member_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _reviewed(request, pk)
    record.review, record.review_note = "", ""
    record.reviewed_by, record.reviewed_at = request.user, timezone.now()
    record.save()
    said = publish_after_change(request.user)
    messages.success(
        request,
        f"Réservation « {record.values.get('title', '')} » validée : "
        + (
            said
            if said.startswith("publié")
            else "elle sera sur les écrans à la prochaine publication"
        )
        + ".",
    )
    return redirect("console:rooms")


@member_required
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    record = _reviewed(request, pk)
    reason = " ".join(request.POST.get("reason", "").split())[:300]
    if not reason:
        messages.error(
            request,
            "Refus non enregistré : dites pourquoi au partenaire, par exemple « La salle "
            "sert à l'accueil des familles ce jour-là ».",
        )
        return redirect("console:rooms")
    record.review, record.review_note = "refused", reason
    record.reviewed_by, record.reviewed_at = request.user, timezone.now()
    record.save()
    messages.success(
        request, f"Réservation « {record.values.get('title', '')} » refusée : {reason}"
    )
    return redirect("console:rooms")


@member_required
@require_POST
def cancel_day(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """Cancel one day of a booking: shown « annulé » that day, the room free."""
    kind = KINDS["reservation"]
    record = get_object_or_404(ContentRecord, pk=pk, kind=kind.key)
    if not records_for(request.user, kind).filter(pk=pk).exists():
        raise Http404("not yours")
    try:
        when = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("no such day") from exc
    values: dict[str, Any] = dict(record.values)
    values["cancelled_on"] = sorted({*values.get("cancelled_on", []), when.isoformat()})
    checked = check(kind, values, record.owner, record.pk)
    if not checked.ok:
        messages.error(
            request,
            "Annulation impossible : "
            + " ".join(m for found in checked.problems.values() for m in found),
        )
    else:
        record.values = values
        record.updated_by = request.user
        record.save()
        messages.success(
            request,
            f"« {values.get('title', '')} » annulé le {format_day(when, 'fr')} : les écrans "
            "l'afficheront « annulé » dès la prochaine publication, et la salle est libre.",
        )
    return redirect(f"{reverse('console:rooms')}?salle={values.get('room', '')}")


def room_calendar_file(request: HttpRequest, room: str) -> HttpResponse:
    """The room's bookings as .ics: to a signed-in member, or by a partner's private key
    (what Outlook or Thunderbird subscribe with)."""
    viewer: str | None
    if request.user.is_authenticated and owner_of(request.user) is not None:
        _, viewer = _viewer(request)
        allowed = {r.id for r in _rooms_for(request)}
    else:
        key = request.GET.get("cle", "")
        partner = Partner.objects.filter(calendar_key=key).first() if len(key) >= 20 else None
        if partner is None:
            raise Http404("no such calendar")
        viewer = partner.name
        scoped = partner.site_list()
        allowed = {
            r.id
            for r in stored_rooms()
            if r.open_to(partner.name) and (scoped is None or r.site in scoped)
        }
    found = next((r for r in stored_rooms() if r.id == room and r.id in allowed), None)
    if found is None:
        raise Http404("no such room")
    site = next((s for s in stored_sites() if s.id == found.site), None)
    bookings = [(f"reservation-{r.pk}", b) for r, b in stored_booking_records()]
    body = room_calendar(found, site, bookings, viewer)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{found.id}.ics"'
    return response
