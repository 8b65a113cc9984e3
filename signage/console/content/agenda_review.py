"""« À valider » for agendas sent as files: what the file holds, in words (the coming
workshops as screens will list them), « Valider » or « Refuser » with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from signage.console.content import agenda_approval
from signage.console.content.models import ContentFile, PendingAgenda
from signage.console.content.publishing import publish_after_change
from signage.console.content.words import owner_name
from signage.console.people.models import Partner
from signage.console.people.roles import member_required
from signage.console.people.sites import site_names

SHOWN = 12  # workshops listed per agenda; the rest counted


@dataclass(frozen=True)
class AgendaProposal:
    agenda: PendingAgenda
    site_name: str
    partner: str
    workshops: list[dict[str, Any]]  # the first SHOWN: title, when, place
    count: int
    problems: list[str]
    refused: str  # the whole file refused as unreadable (it was read when sent)
    replaces: datetime | None  # when the agenda on screens now was sent


def agenda_proposals(user: Any) -> list[AgendaProposal]:
    from signage.console.content.uploads import read_ics  # noqa: PLC0415 (the calendar's)

    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    found = []
    for agenda in agenda_approval.to_decide(user):
        reading = read_ics(bytes(agenda.data), agenda.site)
        current = ContentFile.objects.filter(owner=agenda.owner, path=agenda.path).first()
        found.append(
            AgendaProposal(
                agenda,
                names.get(agenda.site, agenda.site),
                owner_name(agenda.owner, partners),
                [
                    {**row, "when": datetime.fromisoformat(row["when"])}
                    for row in reading.rows[:SHOWN]
                ],
                len(reading.rows),
                reading.problems[:5],
                reading.refused,
                current.updated_at if current is not None else None,
            )
        )
    return found


def _pending(request: HttpRequest, pk: int) -> PendingAgenda:
    agenda = get_object_or_404(PendingAgenda, pk=pk)
    if agenda not in agenda_approval.to_decide(request.user):
        raise Http404("nothing of yours to decide here")
    return agenda


@member_required
@require_POST
def approve_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _pending(request, pk)
    agenda_approval.approve(agenda)
    said = publish_after_change(request.user)
    name = site_names().get(agenda.site, agenda.site)
    messages.success(
        request,
        f"L'agenda est validé pour {name}"
        + (f" : {said}" if said else " ; il sera sur les écrans à la prochaine publication."),
    )
    return redirect("console:review")


@member_required
@require_POST
def refuse_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = _pending(request, pk)
    reason = " ".join(request.POST.get("reason", "").split())[:300]
    name = site_names().get(agenda.site, agenda.site)
    if not reason:
        messages.error(
            request,
            f"L'agenda pour {name} n'est pas refusé : dites pourquoi au partenaire, par "
            "exemple « Les ateliers du 24 décembre tombent pendant la fermeture ».",
        )
        return redirect("console:review")
    agenda_approval.refuse(agenda, request.user, reason)
    messages.success(
        request,
        f"L'agenda est refusé pour {name}. Le partenaire voit votre raison : {reason}",
    )
    return redirect("console:review")
