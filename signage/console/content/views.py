"""The content pages: lists, forms with previews, history, the "Publier" page, the
urgent message from the home page, previews of any site, shape, theme and moment."""

from __future__ import annotations

import base64
import io
import logging
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from signage.console.content.access import kinds_for, owner_of, records_for, sites_for
from signage.console.content.checks import check
from signage.console.content.folder import export_folder
from signage.console.content.forms import RecordForm
from signage.console.content.kinds import KINDS, Kind, title_of
from signage.console.content.models import ADMINS, ContentFile, ContentRecord, Publication
from signage.console.content.moment import parse_moment
from signage.console.content.preview_feed import base_document, draft_feed
from signage.console.content.publishing import NotConfigured, dry_run, publish, record
from signage.console.content.status import statuses
from signage.console.people.roles import admin_required, member_required
from signage.console.preview.pool import PreviewFailed, pool
from signage.publish.write import PublishRefused

log = logging.getLogger(__name__)

SHAPES = {
    "1920x1080": "Paysage 1920 × 1080",
    "1280x720": "Paysage 1280 × 720",
    "3840x2160": "Paysage 4K 3840 × 2160",
    "1080x1920": "Portrait 1080 × 1920",
}
THEMES = {"": "Thème de l'écran", "light": "Clair", "dark": "Sombre", "contrast": "Contraste"}
LANGUAGES = {"fr": "Français", "en": "English"}
SLIDES = {
    "semainier": "Semainier du jour",
    "agenda": "Agenda des ateliers",
    "announcements": "Annonces",
    "urgent": "Message urgent",
    "wifi": "Affiche wifi",
    "apps": "Applications utiles",
    "posters": "Affiches",
    "fallback": "Écran d'attente",
}
SLIDE_OF_KIND = {
    "wifi": "wifi",
    "appli": "apps",
    "annonce": "announcements",
    "affiche": "posters",
    "atelier": "agenda",
    "agenda": "agenda",
    "creneau": "semainier",
    "site": "semainier",
}


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
    rows = [(r, title_of(kind, r.values), found[r.pk]) for r in records]
    calendars = []
    if kind.key == "atelier":
        owner = owner_of(request.user)
        files = ContentFile.objects.filter(path__startswith="workshops/")
        calendars = list(files if owner == ADMINS else files.filter(owner=owner))
    return render(
        request,
        "content/record_list.html",
        {"kind": kind, "rows": rows, "calendars": calendars},
    )


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
                preview = _draft_preview(request, kind, form, owner, pk, uploads)
            else:
                record = _save(request, kind, owner, record, form.values, uploads)
                messages.success(
                    request,
                    f"« {title_of(kind, record.values)} » est enregistré. "
                    "Il sera sur les écrans à la prochaine publication.",
                )
                return redirect("console:records", key=kind.key)
    else:
        form = RecordForm(kind, owner, sites, values=values, pk=pk)
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
            "choice": _preview_choice(request),
        },
    )


def _save(
    request: HttpRequest,
    kind: Kind,
    owner: str,
    record: ContentRecord | None,
    values: dict[str, Any],
    uploads: dict[str, bytes],
) -> ContentRecord:
    with transaction.atomic():
        for path, data in uploads.items():
            ContentFile.objects.update_or_create(owner=owner, path=path, defaults={"data": data})
        if record is None:
            record = ContentRecord(owner=owner, kind=kind.key)
        record.values = values
        record.updated_by = request.user
        record.save()
    return record


def _preview_choice(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {
        "shape": source.get("shape", "1920x1080") if source.get("shape") in SHAPES else "1920x1080",
        "theme": source.get("theme", "") if source.get("theme") in THEMES else "",
        "moment": source.get("moment", "")[:80],
    }


def _draft_preview(
    request: HttpRequest,
    kind: Kind,
    form: RecordForm,
    owner: str,
    pk: int | None,
    uploads: dict[str, bytes],
) -> dict[str, Any]:
    choice = _preview_choice(request)
    values = form.values
    sites = values.get("sites") or ([values["site"]] if values.get("site") else [])
    site = sites[0] if sites else next((s for s, _ in sites_for(request.user)), "")
    at = _moment(choice["moment"], values)
    if at is None:
        return {"error": "Moment non compris. Exemple : mardi prochain à 10 h, ou 03/12/2026 14h."}
    feed = draft_feed(kind, values, owner, pk, uploads)
    slide = "urgent" if values.get("urgent") else SLIDE_OF_KIND.get(kind.key, "")
    return _paint(feed, site, choice["shape"], choice["theme"], "fr", at, slide, 1)


def _moment(text: str, values: dict[str, Any]) -> datetime | None:
    """The moment asked, else one when the record shows (a workshop: its day)."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    zone = ZoneInfo("Europe/Paris")
    now = datetime.now(UTC)
    if not text.strip():
        start = values.get("start") or values.get("valid_from")
        if isinstance(start, str) and "T" in start:
            moment = datetime.fromisoformat(start)
            return moment if moment.tzinfo else moment.replace(tzinfo=zone)
        return now.astimezone(zone)
    return parse_moment(text, now, zone)


def _paint(
    feed: Path,
    site: str,
    shape: str,
    theme: str,
    language: str,
    at: datetime,
    slide: str,
    page: int,
) -> dict[str, Any]:
    width, height = (int(n) for n in shape.split("x"))
    request = {
        "feed": str(feed),
        "site": site,
        "size": [width, height],
        "theme": theme,
        "language": language,
        "at": at.isoformat(),
        "kind": slide,
        "page": page,
    }
    try:
        header, png = pool().render(request)
    except PreviewFailed as exc:
        log.warning("preview failed: %s", exc)
        return {"error": "Aperçu indisponible pour le moment ; réessayez dans une minute."}
    if not header.get("ok"):
        if header.get("error") == "absent":
            shown = ", ".join(SLIDES.get(k, k) for k in header.get("kinds", []))
            return {
                "error": f"Rien à montrer pour « {SLIDES.get(slide, slide)} » à ce moment-là "
                f"à ce site. L'écran montre : {shown or 'rien'}."
            }
        log.warning("preview refused: %s", header.get("error"))
        return {"error": "Aperçu impossible pour ce contenu."}
    return {
        "image": "data:image/png;base64," + base64.b64encode(png).decode(),
        "pages": header.get("pages", 1),
        "page": page,
        "kinds": header.get("kinds", []),
        "at": at,
        "width": width,
        "height": height,
    }


@member_required
def preview_page(request: HttpRequest) -> HttpResponse:
    """Any site, shape, theme, language and moment, as a screen would paint it."""
    if not kinds_for(request.user):
        raise PermissionDenied("pas de contenu avec ce rôle")
    sites = sites_for(request.user)
    site = request.GET.get("site") or (sites[0][0] if sites else "")
    if site not in {s for s, _ in sites}:
        site = sites[0][0] if sites else ""
    choice = _preview_choice(request)
    slide = request.GET.get("slide") if request.GET.get("slide") in SLIDES else "semainier"
    language = request.GET.get("language") if request.GET.get("language") in LANGUAGES else "fr"
    page = int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1
    at = _moment(choice["moment"], {})
    result: dict[str, Any] = {}
    schedule = ""
    if not site:
        result = {"error": "Aucun site encore : ajoutez-en un dans Contenu › Sites."}
    elif at is None:
        result = {
            "error": "Moment non compris. Exemple : mardi prochain à 10 h, ou 03/12/2026 14h."
        }
    else:
        _, folder = base_document()
        feed = folder / "feed.json"
        # The slide and the week's schedule at once, in two render processes: the page
        # waits for the longer, not for both in turn.
        with ThreadPoolExecutor(max_workers=2) as both:
            week = both.submit(_schedule, feed, site, at)
            result = _paint(feed, site, choice["shape"], choice["theme"], language, at, slide, page)
            schedule = week.result()
    return render(
        request,
        "content/preview.html",
        {
            "sites": sites,
            "site": site,
            "shapes": SHAPES,
            "themes": THEMES,
            "languages": LANGUAGES,
            "slides": SLIDES,
            "slide": slide,
            "language": language,
            "choice": choice,
            "result": result,
            "schedule": schedule,
        },
    )


def _schedule(feed: Path, site: str, at: datetime) -> str:
    try:
        header, text = pool().render(
            {
                "feed": str(feed),
                "site": site,
                "size": [1920, 1080],
                "at": at.isoformat(),
                "what": "schedule",
            }
        )
    except PreviewFailed:
        return ""
    return text.decode() if header.get("ok") else ""


@admin_required
def publish_page(request: HttpRequest) -> HttpResponse:
    outcome = None
    error = ""
    future = False
    if request.method == "POST":
        try:
            outcome, future = _publish_now(request, replace=request.POST.get("remplacer") == "1")
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
    return render(
        request,
        "content/publish.html",
        {
            "planned": planned,
            "outcome": outcome,
            "error": error,
            "future": future,
            "publications": Publication.objects.all()[:20],
        },
    )


def _publish_now(
    request: HttpRequest, document: dict[str, Any] | None = None, *, replace: bool = False
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
    record(outcome, request.user)
    return outcome, False


@admin_required
@require_POST
def republish(request: HttpRequest, pk: int) -> HttpResponse:
    earlier = get_object_or_404(Publication, pk=pk, document__isnull=False)
    outcome, _ = _publish_now(request, earlier.document)
    if outcome is not None and outcome.published:
        messages.success(
            request, f"La publication n° {earlier.sequence} est de nouveau sur les écrans."
        )
    return redirect("console:publish")


@admin_required
@require_POST
def urgent(request: HttpRequest) -> HttpResponse:
    """The urgent message of the home page: saved and published in one click."""
    kind = KINDS["annonce"]
    data = request.POST.copy()
    data["urgent"] = "on"
    form = RecordForm(kind, ADMINS, sites_for(request.user), data)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}"
            for f, e in form.errors.items()
        )
        messages.error(request, f"Message urgent non publié : {problems.strip()}")
        return redirect("console:fleet")
    record = _save(request, kind, ADMINS, None, form.values, {})
    outcome, _ = _publish_now(request)
    if outcome is not None and outcome.published:
        messages.success(
            request,
            f"Message urgent publié : « {record.values['title']} ». Les écrans l'affichent "
            "à leur prochaine synchronisation.",
        )
    elif outcome is not None:
        messages.error(
            request, "Message enregistré mais non publié : " + "; ".join(outcome.problems)
        )
    return redirect("console:fleet")


@member_required
def history(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    kind = _kind(request.user, key)
    record = _record(request, kind, pk)
    assert record is not None
    versions = list(record.history.all()[:50])
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
    messages.success(request, f"« {title} » est supprimé (à la prochaine publication).")
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
            messages.success(request, f"{count} créneaux remplacent les précédents pour ce site.")
        else:
            uploads.keep_ics(owner, held["site"], uploads.unpack(held["data"]))
            messages.success(request, "L'agenda remplace le précédent pour ce site.")
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
