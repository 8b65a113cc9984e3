"""The "Publier" page (what would go, what waits, earlier publications to go back to)
and the urgent message from the home page, published in one click."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from signage.console.content import agenda_approval, rollback
from signage.console.content import urgent as urgent_module
from signage.console.content.approval import Waiting, still_waiting
from signage.console.content.checks import check
from signage.console.content.kinds import KINDS, title_of
from signage.console.content.models import ADMINS, ContentRecord, Publication
from signage.console.content.publishing import NotConfigured, dry_run, publish, record
from signage.console.content.views import save_record
from signage.console.content.words import owner_name
from signage.console.people.models import Partner
from signage.console.people.roles import admin_required, member_required
from signage.console.people.sites import site_names
from signage.publish.write import PublishRefused


def waiting_words(waiting: list[Waiting]) -> list[tuple[ContentRecord, str, str, str]]:
    """(record, what, whose, for whom it waits) for the lists of what still waits."""
    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    said = []
    for item in waiting:
        kind = KINDS[item.record.kind]
        if item.draft:
            why = "brouillon : pas encore envoyé"
        elif item.sites == ("",):
            why = "à valider par le référent du site (page Salles)"
        else:
            why = "à valider par le référent de " + ", ".join(names.get(s, s) for s in item.sites)
        what = f"{kind.label} « {title_of(kind, item.record.values)} »"
        said.append((item.record, what, owner_name(item.record.owner, partners), why))
    return said


@admin_required
def publish_page(request: HttpRequest) -> HttpResponse:
    outcome = None
    error = ""
    future = False
    if request.method == "POST":
        try:
            outcome, future = publish_now(request, replace=request.POST.get("remplacer") == "1")
        except NotConfigured as exc:
            error = str(exc)
        if outcome is not None and outcome.published:
            messages.success(request, f"Publié : {outcome.summary}")
            return redirect("console:publish")
        if outcome is not None and not outcome.problems:
            messages.info(request, "Rien à publier : les écrans ont déjà ce contenu.")
            return redirect("console:publish")
    try:
        planned = dry_run()
    except NotConfigured as exc:
        planned, error = None, str(exc)
    waiting, agendas = waiting_words(still_waiting()), _waiting_agendas()
    return render(
        request,
        "content/publish.html",
        {
            "planned": planned,
            "outcome": outcome,
            "error": error,
            "future": future,
            "publications": Publication.objects.all()[:20],
            "waiting": waiting,
            "agendas": agendas,
            "waiting_count": len(waiting) + len(agendas),
        },
    )


def _waiting_agendas() -> list[tuple[str, str]]:
    """(site, partner) of each agenda file that waits for a referent."""
    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    return [
        (names.get(a.site, a.site), owner_name(a.owner, partners))
        for a in agenda_approval.to_decide_all()
    ]


def publish_now(
    request: HttpRequest,
    document: dict[str, Any] | None = None,
    *,
    replace: bool = False,
    rolled_back_from: Publication | None = None,
) -> tuple[Any, bool]:
    """The outcome (None when refused), and whether the refusal was a published feed
    dated by a wrong clock (the page then offers to replace it)."""
    try:
        outcome = publish(document=document, replace_future=replace)
    except PublishRefused as exc:
        messages.error(request, f"Rien n'est publié : {exc.french}")
        return None, exc.future
    except OSError as exc:
        messages.error(
            request,
            f"Rien n'est publié : le dossier publié ne peut pas être écrit ({exc.strerror}).",
        )
        return None, False
    record(outcome, request.user, rolled_back_from)
    return outcome, False


@admin_required
@require_POST
def republish(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to an earlier publication: its records and files are put back, then published;
    the next publication starts from them (nothing newer comes back by itself). An
    earlier publication that kept no records is published again as it was, and the page
    says what the next publication would bring back."""
    earlier = get_object_or_404(Publication, pk=pk, document__isnull=False)
    if rollback.restorable(earlier):
        rollback.restore(earlier, request.user)
        outcome, _ = publish_now(request, rolled_back_from=earlier)
        if outcome is not None and (outcome.published or not outcome.problems):
            messages.success(
                request,
                f"Retour à la publication n° {earlier.number} : son contenu est remis en place "
                "et publié ; les publications suivantes partiront de lui.",
            )
        return redirect("console:publish")
    outcome, _ = publish_now(request, earlier.document, rolled_back_from=earlier)
    if outcome is not None and outcome.published:
        later = dry_run()
        back = later.summary if later.summary and not later.problems else ""
        messages.warning(
            request,
            f"La publication n° {earlier.number} est de nouveau sur les écrans, mais le "
            "contenu enregistré n'a pas changé (elle date d'avant que la console garde son "
            "contenu) : la prochaine publication remettra "
            + (f"ceci : {back}." if back else "le contenu enregistré."),
        )
    return redirect("console:publish")


@member_required
@require_POST
def urgent(request: HttpRequest) -> HttpResponse:
    """An urgent message from the home page: saved and published in one click, until the
    moment chosen (« ce soir » by default). Admins anywhere, referents for their sites."""
    kind = KINDS["annonce"]
    sites = [s for s in request.POST.getlist("sites") if s]
    known = {s for s, _ in urgent_module.sendable_sites(request.user)}
    if not urgent_module.may_send(request.user, sites) or not set(sites) <= known:
        messages.error(
            request,
            "Message urgent non publié : cochez un ou plusieurs de vos sites "
            "(un référent envoie un message à ses sites).",
        )
        return redirect("console:fleet")
    title = request.POST.get("title", "").strip()
    try:
        end = urgent_module.end_of(
            request.POST.get("until", "soir"),
            request.POST.get("until_time", ""),
            sites,
            timezone.now(),
        )
    except urgent_module.UrgentRefused as exc:
        messages.error(request, f"Message urgent non publié : {exc}")
        return redirect("console:fleet")
    values = urgent_module.values_for(title, request.POST.get("body", "").strip(), sites, end)
    checked = check(kind, values, ADMINS, None)
    if not title or not checked.ok:
        problems = " ".join(m for found in checked.problems.values() for m in found)
        messages.error(
            request,
            "Message urgent non publié : "
            + (problems or "écrivez le message, par exemple « Fermeture exceptionnelle à 15 h »."),
        )
        return redirect("console:fleet")
    record = save_record(request, kind, ADMINS, None, values, {})
    outcome, _ = publish_now(request)
    if outcome is not None and outcome.published:
        messages.success(
            request,
            f"Message urgent publié : « {record.values['title']} ». Les écrans l'affichent "
            "dans les secondes qui viennent.",
        )
    elif outcome is not None:
        messages.error(
            request, "Message enregistré mais non publié : " + "; ".join(outcome.problems)
        )
    return redirect("console:fleet")


@member_required
@require_POST
def urgent_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """« Arrêter »: the message ends now, on every screen at its next sync."""
    record = get_object_or_404(ContentRecord, pk=pk, kind="annonce", owner=ADMINS)
    if not record.values.get("urgent") or not urgent_module.may_stop(request.user, record):
        raise PermissionDenied("seuls les admins et les référents de ses sites l'arrêtent")
    save_record(
        request,
        KINDS["annonce"],
        ADMINS,
        record,
        urgent_module.stopped(record.values, timezone.now()),
        {},
    )
    outcome, _ = publish_now(request)
    if outcome is not None and (outcome.published or not outcome.problems):
        messages.success(
            request, f"Message urgent arrêté : « {record.values['title']} » quitte les écrans."
        )
    return redirect("console:fleet")
