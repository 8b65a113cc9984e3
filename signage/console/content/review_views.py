"""« À valider »: what partners propose for the person's sites, each with the exact
preview its screens would show, « Valider » or « Refuser » (with a reason) in one tap;
and the admins' « Validation » page: which sites approve which kinds, which partners
are trusted for which."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from signage.console.content import agenda_approval, approval
from signage.console.content.agenda_review import agenda_proposals
from signage.console.content.feed_files import phone_address
from signage.console.content.kinds import KINDS, title_of
from signage.console.content.models import ContentRecord, SiteApproval
from signage.console.content.preview_feed import draft_feed
from signage.console.content.publishing import publish_after_change
from signage.console.content.words import in_words, owner_name
from signage.console.people.models import Partner
from signage.console.people.roles import admin_required, member_required
from signage.console.people.sites import site_names


@dataclass(frozen=True)
class Proposal:
    """An item waiting for one site's decision, in words."""

    record: ContentRecord
    site: str
    site_name: str
    kind: str
    title: str
    partner: str
    lines: list[tuple[str, str]]
    changed: list[str]  # the labels of what changed since the approved version
    edit: bool  # an edit of an item on screens (its approved version stays meanwhile)


def _changes(record: ContentRecord) -> list[str]:
    before = record.approved_values
    if not isinstance(before, dict):
        return []
    kind = KINDS[record.kind]
    old, new = dict(in_words(kind, before)), dict(in_words(kind, record.values))
    return [label for label in dict.fromkeys([*old, *new]) if old.get(label) != new.get(label)]


def proposals(user: Any) -> list[Proposal]:
    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    found = []
    found_rules = approval.rules()
    for record, site in approval.to_decide(user):
        kind = KINDS[record.kind]
        # A record naming no site is for its partner's sites: say them, not « tous ».
        named = record.values.get(kind.sites_key)
        values = (
            record.values
            if named
            else {
                **record.values,
                kind.sites_key: list(approval.sites_of(record, found_rules)),
            }
        )
        found.append(
            Proposal(
                record,
                site,
                names.get(site, site),
                kind.label,
                title_of(kind, record.values),
                owner_name(record.owner, partners),
                in_words(kind, values),
                _changes(record),
                isinstance(record.approved_values, dict),
            )
        )
    return found


def _pending(request: HttpRequest, pk: int, site: str) -> ContentRecord:
    """A record waiting for ``site``'s decision that the person may give."""
    record = get_object_or_404(ContentRecord, pk=pk)
    if not approval.decides(request.user, record, site):
        raise Http404("nothing of yours to decide here")
    return record


@member_required
def review_list(request: HttpRequest) -> HttpResponse:
    if approval.deciding_sites(request.user) == set():
        raise PermissionDenied("les référents de site et les admins valident")
    found = proposals(request.user)
    per_site: dict[str, tuple[str, int]] = {}
    for proposal in found:
        _, count = per_site.get(proposal.site, (proposal.site_name, 0))
        per_site[proposal.site] = (proposal.site_name, count + 1)
    agendas = agenda_proposals(request.user)
    return render(
        request,
        "content/review.html",
        {
            "proposals": found,
            "agendas": agendas,
            "count": len(found) + len(agendas),
            "batches": [(site, name, n) for site, (name, n) in per_site.items() if n > 1],
        },
    )


@member_required
def review_preview(request: HttpRequest, pk: int, site: str) -> HttpResponse:
    """The slide the site's screens would show with the item approved (PNG)."""
    from signage.console.content import preview_views  # noqa: PLC0415 (the previews' painting)

    record = _pending(request, pk, site)
    kind = KINDS[record.kind]
    feed = draft_feed(kind, record.values, record.owner, record.pk, {})
    at = preview_views.moment_of("", record.values)
    assert at is not None  # no text typed: never refused
    at = preview_views.open_moment(site, at) if not record.values.get("start") else at
    slide = preview_views.SLIDE_OF_KIND.get(kind.key, "")
    painted = preview_views.paint(
        feed, site, "1280x720", "", "fr", at, slide, 1, phone_address(request, site)
    )
    if "image" not in painted:
        return HttpResponse(painted.get("error", ""), status=503, content_type="text/plain")
    data = base64.b64decode(painted["image"].split(",", 1)[1])
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


def _approve(request: HttpRequest, records: list[ContentRecord], site: str, what: str) -> None:
    """« Valider » ``records`` for ``site``, then one publication, said in a message."""
    for record in records:
        approval.decide(record, site, request.user, ok=True)
    said = publish_after_change(request.user)
    later = "ils seront" if len(records) > 1 else "il sera"
    messages.success(
        request,
        f"{what} pour {site_names().get(site, site)}"
        + (f" : {said}" if said else f" ; {later} sur les écrans à la prochaine publication."),
    )


@member_required
@require_POST
def approve_item(request: HttpRequest, pk: int, site: str) -> HttpResponse:
    record = _pending(request, pk, site)
    title = title_of(KINDS[record.kind], record.values)
    _approve(request, [record], site, f"« {title} » est validé")
    return redirect("console:review")


@member_required
@require_POST
def approve_all(request: HttpRequest, site: str) -> HttpResponse:
    """« Tout valider »: every item waiting for ``site`` that the person decides for (a
    partner's whole semainier sent as a spreadsheet is one tap, not fifty); one
    publication after."""
    waiting = [record for record, where in approval.to_decide(request.user) if where == site]
    if not waiting:
        raise Http404("nothing of yours to decide here")
    _approve(request, waiting, site, f"{len(waiting)} éléments validés")
    return redirect("console:review")


@member_required
@require_POST
def refuse_item(request: HttpRequest, pk: int, site: str) -> HttpResponse:
    record = _pending(request, pk, site)
    reason = " ".join(request.POST.get("reason", "").split())[:300]
    title = title_of(KINDS[record.kind], record.values)
    if not reason:
        messages.error(
            request,
            f"« {title} » n'est pas refusé : dites pourquoi au partenaire, par exemple "
            "« L'atelier tombe pendant la fermeture du 24 décembre ».",
        )
        return redirect("console:review")
    approval.decide(record, site, request.user, ok=False, note=reason)
    said = publish_after_change(request.user)  # its approved version may leave now
    messages.success(
        request,
        f"« {title} » est refusé pour {site_names().get(site, site)}. Le partenaire voit "
        f"votre raison : {reason}" + (f" ({said})" if said else ""),
    )
    return redirect("console:review")


@admin_required
def approval_settings(request: HttpRequest) -> HttpResponse:
    """Per site, the kinds its referent approves; per partner, the kinds it is trusted
    for. Saving never takes an item off a screen (``approval.settle``)."""
    sites = list(site_names().items())
    kinds = [(key, KINDS[key].plural) for key in approval.GATED_KINDS]
    partners = list(Partner.objects.all())
    if request.method == "POST":
        before = approval.rules()
        known = {key for key, _ in kinds}
        with transaction.atomic():
            for site, _name in sites:
                chosen = [k for k in request.POST.getlist(f"site-{site}") if k in known]
                SiteApproval.objects.update_or_create(site=site, defaults={"kinds": chosen})
            for partner in partners:
                chosen = [k for k in request.POST.getlist(f"partner-{partner.slug}") if k in known]
                if chosen != list(partner.trusted_kinds or []):
                    partner.trusted_kinds = chosen
                    partner.save(update_fields=["trusted_kinds"])
            after = approval.rules()
            approval.settle(before, after)
            agenda_approval.release(after)
        # What no longer waits (a site that stopped asking) shows at once.
        publish_after_change(request.user)
        messages.success(
            request,
            "Validation enregistrée. Ce qui est déjà à l'écran y reste ; ce que les "
            "partenaires enregistrent désormais attend le référent des sites choisis.",
        )
        return redirect("console:approval_settings")
    asked = {a.site: set(a.kinds or []) for a in SiteApproval.objects.all()}
    return render(
        request,
        "content/approval_settings.html",
        {
            "kinds": kinds,
            "sites": [(site, name, asked.get(site, set())) for site, name in sites],
            # Each partner with the kinds it publishes only (ARCS: its wifis, not posters).
            "partners": [
                (
                    p,
                    set(p.trusted_kinds or []),
                    [(k, label) for k, label in kinds if KINDS[k].partner_kind in p.kind_list()],
                )
                for p in partners
            ],
        },
    )
