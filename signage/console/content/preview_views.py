"""The previews: a draft painted as the form is filled in, and the preview page (any
site, shape, theme, language and moment, as a screen would paint it, with its week)."""

from __future__ import annotations

import base64
import itertools
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from signage.console.content.access import kinds_for, sites_for
from signage.console.content.feed_files import phone_address
from signage.console.content.forms import RecordForm
from signage.console.content.kinds import Kind
from signage.console.content.moment import parse_moment
from signage.console.content.preview_feed import base_document, draft_feed
from signage.console.content.slides import SLIDE_NAMES
from signage.console.people.roles import member_required
from signage.console.preview.pool import PreviewFailed, pool
from signage.console.published import published

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


def preview_choice(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {
        "shape": source.get("shape", "1920x1080") if source.get("shape") in SHAPES else "1920x1080",
        "theme": source.get("theme", "") if source.get("theme") in THEMES else "",
        "moment": source.get("moment", "")[:80],
    }


def draft_preview(
    request: HttpRequest,
    kind: Kind,
    form: RecordForm,
    owner: str,
    pk: int | None,
    uploads: dict[str, bytes],
) -> dict[str, Any]:
    choice = preview_choice(request)
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
    choice = preview_choice(request)
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
