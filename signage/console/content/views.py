"""The content pages: lists, forms, history, deletion, the export and the uploads of
spreadsheets and agendas (previews: ``preview_views``; publishing: ``publish_views``)."""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from signage.console.content import agenda_approval
from signage.console.content.access import kinds_for, owner_of, records_for, sites_for
from signage.console.content.advice import READ, TEXTS, advise
from signage.console.content.approval import GATED_KINDS, rules, standing, take_values
from signage.console.content.checks import check
from signage.console.content.folder import export_folder
from signage.console.content.forms import RecordForm
from signage.console.content.kinds import KINDS, Kind, title_of
from signage.console.content.models import (
    ADMINS,
    ContentFile,
    ContentRecord,
    PendingAgenda,
    Publication,
)
from signage.console.content.preview_views import SHAPES, THEMES, draft_preview, preview_choice
from signage.console.content.publishing import publish_after_change
from signage.console.content.rooms import accept_rules, needs_approval
from signage.console.content.status import statuses
from signage.console.content.words import in_words, owner_name, sites_text
from signage.console.people.models import Partner
from signage.console.people.roles import admin_required, member_required
from signage.console.people.sites import site_names

log = logging.getLogger(__name__)


def _kind(user: Any, key: str) -> Kind:
    kind = KINDS.get(key)
    if kind is None:
        raise Http404
    if kind not in kinds_for(user):
        raise PermissionDenied("ce type de contenu n'est pas le vôtre")
    return kind


@member_required
def content_home(request: HttpRequest) -> HttpResponse:
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("pas de contenu à éditer avec ce rôle")
    rows = [(kind, records_for(request.user, kind).count()) for kind in kinds]
    return render(request, "content/content_home.html", {"rows": rows})


@member_required
def record_list(request: HttpRequest, key: str) -> HttpResponse:
    kind = _kind(request.user, key)
    records = list(records_for(request.user, kind))
    found = statuses(kind, records)
    names = site_names()
    partners = dict(Partner.objects.values_list("slug", "name"))
    # A record naming no site is for every site the person may publish to: a partner
    # limited to Villejean reads « ESC Villejean », not « tous les sites ».
    mine = [s for s, _ in sites_for(request.user)]
    everywhere = {"sites": mine} if owner_of(request.user) != ADMINS else {}
    rows = [
        (
            r,
            title_of(kind, r.values),
            found[r.pk],
            sites_text(r.values if r.values.get(kind.sites_key) else everywhere, names),
            owner_name(r.owner, partners),
        )
        for r in records
    ]
    calendars = []
    latest = Publication.objects.first()
    if kind.key == "atelier":
        owner = owner_of(request.user)
        files = ContentFile.objects.filter(path__startswith="workshops/")
        for file in files if owner == ADMINS else files.filter(owner=owner):
            site = file.path.removeprefix("workshops/").removesuffix(".ics")
            calendars.append(
                (
                    file.updated_at,
                    names.get(site, site),
                    owner_name(file.owner, partners),
                    *_file_standing(file, latest),
                )
            )
        pending = PendingAgenda.objects.defer("data")
        for agenda in pending if owner == ADMINS else pending.filter(owner=owner):
            site = names.get(agenda.site, agenda.site)
            refusal = agenda.refusal or {}
            standing = (
                f"refusé pour {site} par {refusal.get('by', '')} — « {refusal.get('note', '')} »"
                if refusal
                else f"à valider par le référent de {site} ; l'agenda précédent reste à "
                "l'écran en attendant"
            )
            calendars.append(
                (
                    agenda.sent_at,
                    site,
                    owner_name(agenda.owner, partners),
                    standing,
                    "status-refused" if refusal else "status-waiting",
                )
            )
    notes: list[str] = []
    if kind.key in {"reservation", "agenda-salle"} and latest is not None:
        # What the last publication left out of one's calendars (each owner its own).
        owner = owner_of(request.user)
        said = latest.notes if isinstance(latest.notes, dict) else {}
        notes = [n for who, found in said.items() if owner in (who, ADMINS) for n in found]
    return render(
        request,
        "content/record_list.html",
        {"kind": kind, "rows": rows, "calendars": calendars, "notes": notes, "latest": latest},
    )


def _file_standing(file: ContentFile, latest: Publication | None) -> tuple[str, str]:
    """Whether a calendar sent as a file is on screens as it is now (the last publication
    holds these very bytes), in words and as a status class."""
    digest = hashlib.sha256(bytes(file.data)).hexdigest()
    published = latest is not None and any(
        (held.get("owner"), held.get("path"), held.get("sha256")) == (file.owner, file.path, digest)
        for held in latest.files or []
    )
    if latest is not None and published:
        day = timezone.localtime(latest.seen_at)
        return f"à l'écran (publication n° {latest.number} du {day:%d/%m/%Y})", "status-published"
    return "pas encore à l'écran : il y sera à la prochaine publication", "status-draft"


def _record(request: HttpRequest, kind: Kind, pk: int | None) -> ContentRecord | None:
    if pk is None:
        return None
    record = get_object_or_404(ContentRecord, pk=pk, kind=kind.key)
    if not records_for(request.user, kind).filter(pk=pk).exists():
        raise PermissionDenied("cette fiche n'est pas la vôtre")
    return record


@member_required
def record_edit(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    kind = _kind(request.user, key)
    record = _record(request, kind, pk)
    owner = record.owner if record is not None else owner_of(request.user) or ADMINS
    sites = sites_for(request.user)
    values = record.values if record is not None else None
    preview: dict[str, Any] | None = None
    if request.method == "POST":
        form = RecordForm(kind, owner, sites, request.POST, request.FILES, values=values, pk=pk)
        if form.is_valid():
            uploads = form.uploads
            if "apercu" in request.POST:
                preview = draft_preview(request, kind, form, owner, pk, uploads)
            else:
                draft = "brouillon" in request.POST
                record = save_record(
                    request, kind, owner, record, form.values, uploads, draft=draft
                )
                if form.accepts_rules:
                    accept_rules(record.values, owner)
                said = "" if draft else publish_after_change(request.user)
                messages.success(request, saved_message(kind, record, said))
                for advice in advise(kind, record.values, timezone.localdate()).values():
                    for text in advice:
                        messages.warning(request, f"À vérifier : {text}")
                return redirect("console:records", key=kind.key)
        _attach_advice(form, kind, form.values if form.is_valid() else {})
    else:
        # A free period chosen on the rooms' page opens the form filled in with it.
        prefilled = (
            {k: request.GET[k] for k in ("room", "date", "start", "end") if k in request.GET}
            if record is None and kind.key == "reservation"
            else {}
        )
        extra = {"initial": prefilled} if prefilled else {}
        form = RecordForm(kind, owner, sites, values=values, pk=pk, **extra)
        _attach_advice(form, kind, values or {})
    return render(
        request,
        "content/record_form.html",
        {
            "kind": kind,
            "record": record,
            "form": form,
            "preview": preview,
            "shapes": SHAPES,
            "themes": THEMES,
            "choice": preview_choice(request),
            "status": statuses(kind, [record])[record.pk] if record is not None else None,
            "drafts": kind.key in GATED_KINDS,
            "approvers": _approvers(kind, owner, request.user),
        },
    )


def _approvers(kind: Kind, owner: str, user: Any) -> str:
    """« ESC Villejean »: the sites whose referent approves ``owner``'s items of
    ``kind`` (those the person may name), in words; "" when none does."""
    if owner == ADMINS or kind.key not in GATED_KINDS:
        return ""
    found = rules()
    if kind.key in found.trusted.get(owner, frozenset()):
        return ""
    return ", ".join(
        name for site, name in sites_for(user) if kind.key in found.asks.get(site, frozenset())
    )


def saved_message(kind: Kind, record: ContentRecord, said: str) -> str:
    """What a save did, in words: kept as a draft, waiting for whom, or published."""
    title = f"« {title_of(kind, record.values)} »"
    if record.review == "draft":
        return (
            f"{title} est gardé en brouillon : personne d'autre ne le voit et il n'est pas "
            "à l'écran. Enregistrez-le quand il est prêt."
        )
    if kind.key == "reservation" and record.review == "pending":
        return f"{title} est enregistré. Il attend la validation du référent du site."
    now = standing(record, rules())
    after = said or "à la prochaine publication"
    if not now.pending:
        return f"{title} est enregistré : {after}."
    names = site_names()
    waits = f"{title} est enregistré. Il attend la validation du référent de " + ", ".join(
        names.get(s, s) for s in now.pending
    )
    if isinstance(record.approved_values, dict):
        return f"{waits} ; la version validée reste à l'écran en attendant."
    elsewhere = [names.get(s, s) for s in now.shown]
    return f"{waits}." + (f" Pour {', '.join(elsewhere)} : {after}." if elsewhere else "")


@member_required
@require_POST
def advice_check(request: HttpRequest, key: str) -> HttpResponse:
    """The form's advice as the person types (htmx, on a pause in typing): nothing is
    saved; a form not yet complete is advised on its texts alone."""
    kind = _kind(request.user, key)
    owner = owner_of(request.user) or ADMINS
    form = RecordForm(kind, owner, sites_for(request.user), request.POST)
    if form.is_valid():
        values = form.values
    else:
        texts = {*TEXTS.get(kind.key, ()), *READ.get(kind.key, ())} - {""}
        values = {name: request.POST.get(name, "") for name in texts}
        values["sites"] = request.POST.getlist("sites")
    labels = {name: field.label for name, field in form.fields.items()}
    said = [
        (labels.get(name, name), text)
        for name, texts in advise(kind, values, timezone.localdate()).items()
        for text in texts
    ]
    return render(request, "content/_advice.html", {"said": said})


def _attach_advice(form: RecordForm, kind: Kind, values: dict[str, Any]) -> None:
    """Each field's advice (content/advice.py), shown under it by _field.html."""
    found = advise(kind, values, timezone.localdate()) if values else {}
    for name, field in form.fields.items():
        field.advice = found.get(name, [])


def save_record(
    request: HttpRequest,
    kind: Kind,
    owner: str,
    record: ContentRecord | None,
    values: dict[str, Any],
    uploads: dict[str, bytes],
    *,
    draft: bool = False,
) -> ContentRecord:
    with transaction.atomic():
        for path, data in uploads.items():
            ContentFile.objects.update_or_create(owner=owner, path=path, defaults={"data": data})
        if record is None:
            record = ContentRecord(owner=owner, kind=kind.key)
        # A partner's item at a site that approves waits for its referent (approval.py).
        take_values(
            record, values, request.user, by_admin=owner_of(request.user) == ADMINS, draft=draft
        )
        record.updated_by = request.user
        if kind.key == "reservation":
            # A room that asks for approval: the partner's booking (new or changed)
            # waits for the site's referent, off the screens until then.
            # An admin's change (even of a partner's booking) needs nobody's approval.
            waits = owner_of(request.user) != ADMINS and needs_approval(values, owner)
            record.review = "pending" if waits else ""
            record.review_note = ""
        record.save()
    return record


@member_required
def history(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    kind = _kind(request.user, key)
    record = _record(request, kind, pk)
    assert record is not None
    versions = [
        (version, in_words(kind, version.values if isinstance(version.values, dict) else {}))
        for version in record.history.select_related("history_user")[:50]
    ]
    return render(
        request,
        "content/record_history.html",
        {
            "kind": kind,
            "record": record,
            "versions": versions,
            "title": title_of(kind, record.values),
        },
    )


@admin_required
@require_POST
def restore(request: HttpRequest, key: str, pk: int, version: int) -> HttpResponse:
    kind = _kind(request.user, key)
    record = _record(request, kind, pk)
    assert record is not None
    earlier = get_object_or_404(record.history.all(), history_id=version)
    checked = check(kind, earlier.values, record.owner, pk)
    if not checked.ok:
        reasons = " ".join(m for ms in checked.problems.values() for m in ms)
        messages.error(request, f"Cette version ne passe plus les vérifications : {reasons}")
        return redirect("console:history", key=key, pk=pk)
    record.values = earlier.values
    record.updated_by = request.user
    record.save()
    messages.success(request, "La version choisie est restaurée (à publier).")
    return redirect("console:record", key=key, pk=pk)


@member_required
def delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Asks first (what else names a site about to go), then deletes on POST."""
    kind = _kind(request.user, key)
    record = _record(request, kind, pk)
    assert record is not None
    title = title_of(kind, record.values)
    if request.method != "POST":
        naming = 0
        if kind.key == "site":
            site = record.values.get("id")
            naming = sum(
                1
                for r in ContentRecord.objects.exclude(kind="site")
                if site in (r.values.get("sites") or []) or r.values.get("site") == site
            )
        return render(
            request,
            "content/record_delete.html",
            {"kind": kind, "record": record, "title": title, "naming": naming},
        )
    record.delete()
    said = publish_after_change(request.user)
    messages.success(
        request,
        f"« {title} » est supprimé"
        + (
            " : il quitte les écrans à leur prochaine mise à jour."
            if said.startswith("publié")
            else " (à la prochaine publication)."
        ),
    )
    return redirect("console:records", key=key)


@admin_required
def export_zip(request: HttpRequest) -> HttpResponse:
    """The whole content as the folders ``signage publish`` reads, zipped."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as temp, zipfile.ZipFile(buffer, "w") as archive:
        export_folder(Path(temp), backup=True)
        for path in sorted(Path(temp).rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(temp).as_posix())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="contenu-esc-{stamp}.zip"'
    return response


@member_required
def upload(request: HttpRequest, key: str) -> HttpResponse:
    """A semainier CSV or an .ics agenda for one site: read, shown, then confirmed."""
    from signage.console.content import uploads  # noqa: PLC0415

    if key not in {"creneau", "atelier"}:
        raise Http404
    kind = _kind(request.user, key)
    owner = owner_of(request.user) or ADMINS
    sites = sites_for(request.user)
    site = request.POST.get("site", "")
    error = ""
    held = request.session.get("upload")
    if request.method == "POST" and "confirmer" in request.POST:
        request.session.pop("upload", None)
        if not held or held.get("kind") != key:
            messages.error(request, "Rien à confirmer : envoyez le fichier de nouveau.")
            return redirect("console:upload", key=key)
        if key == "creneau":
            count = uploads.replace_slots(owner, held["site"], held["rows"])
            done = f"{count} créneaux remplacent les précédents pour ce site"
        elif agenda_approval.keep(owner, held["site"], uploads.unpack(held["data"]), request.user):
            name = site_names().get(held["site"], held["site"])
            messages.success(
                request,
                f"L'agenda est envoyé au référent de {name}, qui le valide avant qu'il "
                "paraisse sur ses écrans ; l'agenda précédent y reste en attendant.",
            )
            return redirect("console:records", key=key)
        else:
            done = "L'agenda remplace le précédent pour ce site"
        said = publish_after_change(request.user)
        messages.success(request, f"{done}" + (f" : {said}." if said else "."))
        return redirect("console:records", key=key)
    if request.method == "POST":
        request.session.pop("upload", None)
        held = None
        sent = request.FILES.get("fichier")
        if site not in {s for s, _ in sites}:
            error = "Choisissez le site."
        elif sent is None:
            error = "Choisissez le fichier."
        elif sent.size is not None and sent.size > uploads.MAX_UPLOAD:
            error = "Fichier trop gros (8 Mo au plus)."
        else:
            data = sent.read()
            reading = uploads.read_csv(data) if key == "creneau" else uploads.read_ics(data, site)
            error = reading.refused
            if not error:
                held = {
                    "kind": key,
                    "site": site,
                    "rows": reading.rows,
                    "problems": reading.problems,
                }
                if key == "atelier":
                    held["data"] = uploads.pack(data)
                request.session["upload"] = held
    # A page of the file being confirmed (?page=2): it is kept in the session until then.
    wanted = request.method == "POST" or "page" in request.GET
    shown = held if wanted and held and held.get("kind") == key and not error else None
    page = uploads.page_of(shown["rows"], request.GET.get("page")) if shown else None
    return render(
        request,
        "content/upload.html",
        {
            "kind": kind,
            "sites": sites,
            "site": shown["site"] if shown else site,
            "page": page,
            "problems": (shown or {}).get("problems", [])[:200],
            "more_problems": max(0, len((shown or {}).get("problems", [])) - 200),
            "error": error,
        },
    )
