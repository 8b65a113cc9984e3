"""The content pages: lists, forms with previews, history, the "Publier" page, the
urgent message from the home page, previews of any site, shape, theme and moment."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import logging
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from signage.console.content import agenda_approval, rollback
from signage.console.content import urgent as urgent_module
from signage.console.content.access import kinds_for, owner_of, records_for, sites_for
from signage.console.content.advice import READ, TEXTS, advise
from signage.console.content.approval import (
    GATED_KINDS,
    Waiting,
    rules,
    standing,
    still_waiting,
    take_values,
)
from signage.console.content.checks import check
from signage.console.content.feed_files import phone_address
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
from signage.console.content.moment import parse_moment
from signage.console.content.preview_feed import base_document, draft_feed
from signage.console.content.publishing import (
    NotConfigured,
    dry_run,
    publish,
    publish_after_change,
    record,
)
from signage.console.content.rooms import accept_rules, needs_approval
from signage.console.content.slides import SLIDE_NAMES
from signage.console.content.status import statuses
from signage.console.content.words import in_words, owner_name, sites_text
from signage.console.people.models import Partner
from signage.console.people.roles import admin_required, member_required
from signage.console.people.sites import site_names
from signage.console.preview.pool import PreviewFailed, pool
from signage.console.published import published
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
SLIDES = SLIDE_NAMES
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
                preview = _draft_preview(request, kind, form, owner, pk, uploads)
            else:
                draft = "brouillon" in request.POST
                record = _save(request, kind, owner, record, form.values, uploads, draft=draft)
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
            "choice": _preview_choice(request),
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


def _save(
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
    at = moment_of(choice["moment"], values)
    if at is None:
        return {"error": "Moment non compris. Exemple : mardi prochain à 10 h, ou 03/12/2026 14h."}
    feed = draft_feed(kind, values, owner, pk, uploads)
    slide = "urgent" if values.get("urgent") else SLIDE_OF_KIND.get(kind.key, "")
    phone = phone_address(request, site)
    return paint(feed, site, choice["shape"], choice["theme"], "fr", at, slide, 1, phone)


def moment_of(text: str, values: dict[str, Any]) -> datetime | None:
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


def open_moment(site: str, now: datetime) -> datetime:
    """``now`` if ``site`` is open, else half an hour into its next opening (or its
    middle, for a short one): the moment a preview should show by default."""
    hours = published().sites[site].hours if site in published().sites else None
    if hours is None or not hours.known:
        return now
    zone = published().sites[site].zone
    if hours.is_open(now, zone):
        return now
    edges = hours.edges(now, zone)
    for start, end in itertools.pairwise(edges):
        if hours.is_open(start, zone):
            return start + min(timedelta(minutes=30), (end - start) / 2)
    return now


def paint(
    feed: Path,
    site: str,
    shape: str,
    theme: str,
    language: str,
    at: datetime,
    slide: str,
    page: int,
    phone: str | None = None,
) -> dict[str, Any]:
    """``phone``: the site's page for phones, whose QR code the screens draw in the
    heading's corner (the preview draws the same, at the same place)."""
    width, height = (int(n) for n in shape.split("x"))
    request = {
        "phone": phone,
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
    at = moment_of(choice["moment"], {})
    if at is not None and not choice["moment"].strip():
        at = open_moment(site, at)  # a closed site's screen shows nothing: its next opening
    result: dict[str, Any] = {}
    schedule: list[tuple[str, str]] = []
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
            phone = phone_address(request, site, language)
            result = paint(
                feed, site, choice["shape"], choice["theme"], language, at, slide, page, phone
            )
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


def week_lines(text: str) -> list[tuple[str, str]]:
    """The player's week (``signage schedule``'s lines: "lun. 7 déc. 09:00 → lun. 7 déc.
    12:30  Semainier du jour") as (when, what) pairs a phone can wrap, the day said once
    when the period ends on the day it starts: "lun. 7 déc. 09:00 → 12:30"."""
    pairs = []
    for line in text.splitlines():
        when, _gap, what = line.partition("  ")
        start, arrow, end = when.partition(" → ")
        start_day, _s, _start_time = start.rpartition(" ")
        end_day, _e, end_time = end.rpartition(" ")
        if arrow and start_day and start_day == end_day:
            when = f"{start} → {end_time}"
        pairs.append((when.strip(), what.strip()))
    return pairs


def _schedule(feed: Path, site: str, at: datetime) -> list[tuple[str, str]]:
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
        return []
    return week_lines(text.decode()) if header.get("ok") else []


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


def _publish_now(
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
        outcome, _ = _publish_now(request, rolled_back_from=earlier)
        if outcome is not None and (outcome.published or not outcome.problems):
            messages.success(
                request,
                f"Retour à la publication n° {earlier.number} : son contenu est remis en place "
                "et publié ; les publications suivantes partiront de lui.",
            )
        return redirect("console:publish")
    outcome, _ = _publish_now(request, earlier.document, rolled_back_from=earlier)
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
    record = _save(request, kind, ADMINS, None, values, {})
    outcome, _ = _publish_now(request)
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
    _save(
        request,
        KINDS["annonce"],
        ADMINS,
        record,
        urgent_module.stopped(record.values, timezone.now()),
        {},
    )
    outcome, _ = _publish_now(request)
    if outcome is not None and (outcome.published or not outcome.problems):
        messages.success(
            request, f"Message urgent arrêté : « {record.values['title']} » quitte les écrans."
        )
    return redirect("console:fleet")


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
