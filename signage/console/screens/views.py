"""The pages that manage screens from the console: pairing by code, settings (per site
and per screen), and actions (sync, screenshot, restart) with what the screen answered."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from signage.console.people.roles import may_manage, member_required
from signage.console.people.sites import site_names
from signage.console.screens.access import visible_screens
from signage.console.screens.api import normal_code
from signage.console.screens.forms import (
    PLAYLIST_ROWS,
    PairForm,
    RegisterScreenForm,
    SettingsForm,
    initial,
)
from signage.console.screens.models import (
    Action,
    CodeAttempt,
    PairingRequest,
    Screen,
    ScreenCommand,
    ScreenSettings,
)
from signage.console.screens.screenshots import screenshot_path

WRONG_CODES_PER_QUARTER = 10


def _allowed_sites(request: HttpRequest) -> dict[str, str]:
    names = site_names()
    allowed = {s: n for s, n in names.items() if may_manage(request.user, s)}
    if names and not allowed:
        raise PermissionDenied("referents enrol their site's screens; admins any")
    return allowed


@member_required
def pair(request: HttpRequest) -> HttpResponse:
    form = PairForm(request.POST or None, sites=_allowed_sites(request))
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        if not may_manage(request.user, site):
            form.add_error("site", "Vous ne pouvez associer des écrans que pour vos sites.")
        elif (screen := _claim(request, form)) is not None:
            messages.success(
                request,
                f"« {screen.name} » est associé au site : il affiche son contenu dans "
                "quelques secondes.",
            )
            return redirect("console:screen", pk=screen.pk)
    return render(request, "screens/pair.html", {"form": form})


def _claim(request: HttpRequest, form: PairForm) -> Screen | None:
    since = timezone.now() - timedelta(minutes=15)
    if CodeAttempt.objects.filter(user=request.user, at__gte=since).count() >= (
        WRONG_CODES_PER_QUARTER
    ):
        form.add_error("code", "Trop de codes erronés : réessayez dans un quart d'heure.")
        return None
    with transaction.atomic():
        found = (
            PairingRequest.objects.select_for_update()
            .filter(
                code=normal_code(form.cleaned_data["code"]),
                screen__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if found is None:
            CodeAttempt.objects.create(user=request.user)
            form.add_error(
                "code",
                "Ce code ne correspond à aucun écran en attente. Recopiez-le depuis l'écran "
                "(il change toutes les 15 minutes), par exemple « K7F 3QX ».",
            )
            return None
        if Screen.objects.filter(token_hash=found.token_hash).exists():
            # The screen asked with the token of a screen already known: not pairable.
            found.delete()
            form.add_error(
                "code",
                "Cet écran est déjà associé sous un autre nom. Redémarrez-le : il affichera "
                "un nouveau code.",
            )
            return None
        screen = Screen.objects.create(
            name=form.cleaned_data["name"],
            site=form.cleaned_data["site"],
            token_hash=found.token_hash,
        )
        found.screen = screen
        found.save(update_fields=["screen"])
    return screen


def _managed(request: HttpRequest, pk: int) -> Screen:
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    if not may_manage(request.user, screen.site):
        raise PermissionDenied("only the site's referents and the admins")
    return screen


@member_required
def screen_settings(request: HttpRequest, pk: int) -> HttpResponse:
    screen = _managed(request, pk)
    row = ScreenSettings.objects.filter(screen=screen).first()
    names = site_names()
    return _settings_page(
        request,
        row,
        {"screen": screen},
        title=f"Réglages de « {screen.name} »",
        inherit=f"comme le site {names.get(screen.site, screen.site)}",
        source=f"du site {names.get(screen.site, screen.site)}",
        back=("console:screen", {"pk": screen.pk}),
    )


@member_required
def site_settings(request: HttpRequest, site: str) -> HttpResponse:
    if not may_manage(request.user, site):
        raise PermissionDenied("only the site's referents and the admins")
    names = site_names()
    if names and site not in names:
        raise Http404("no such site")
    row = ScreenSettings.objects.filter(site=site, screen__isnull=True).first()
    return _settings_page(
        request,
        row,
        {"site": site},
        title=f"Réglages de tous les écrans du site {names.get(site, site)}",
        inherit="comme le fichier de l'écran",
        source="du fichier de chaque écran",
        back=("console:fleet", {}),
    )


def _settings_page(
    request: HttpRequest,
    row: ScreenSettings | None,
    scope: dict[str, object],
    *,
    title: str,
    inherit: str,
    source: str,
    back: tuple[str, dict[str, object]],
) -> HttpResponse:
    stored = row.values if row is not None else {}
    form = SettingsForm(request.POST or None, initial=initial(stored), inherit=inherit)
    if request.method == "POST" and form.is_valid():
        values = form.values
        if row is None:
            row = ScreenSettings(**scope)
        row.values = values
        row.updated_by = request.user
        row.save()
        messages.success(
            request, "Réglages enregistrés : les écrans concernés les appliquent d'ici une minute."
        )
        return redirect(back[0], **back[1])
    rows = [
        [form[f"p{i}_{name}"] for name in ("kind", "duration", "days", "from", "until", "phone")]
        for i in range(PLAYLIST_ROWS)
    ]
    # On a phone, eight empty rows are forty boxes: the rows up to the last one filled
    # (a wrong one included) and one more are shown, the rest behind "Plus de
    # diapositives".
    used = max((i + 1 for i, row in enumerate(rows) if any(f.value() for f in row)), default=0)
    shown = min(PLAYLIST_ROWS, max(used + 1, 2))
    return render(
        request,
        "screens/screen_settings.html",
        {
            "form": form,
            "title": title,
            "playlist": rows[:shown],
            "playlist_more": rows[shown:],
            "source": source,
            "scope": scope,
        },
    )


@require_POST
@member_required
def command(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    screen = _managed(request, pk)
    if action not in Action.values:
        raise Http404("no such action")
    ScreenCommand.objects.create(screen=screen, action=action, requested_by=request.user)
    messages.success(
        request,
        f"Demandé à « {screen.name} » : {Action(action).label}. "
        "L'écran le fait dans les secondes qui viennent (s'il est allumé et en ligne).",
    )
    return redirect("console:screen", pk=screen.pk)


@member_required
def commands_part(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of actions, refreshed by the page while one is waiting."""
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    return render(request, "screens/commands.html", commands_context(screen))


def commands_context(screen: Screen) -> dict[str, object]:
    recent = list(screen.commands.select_related("requested_by")[:8])
    return {
        "screen": screen,
        "commands": recent,
        "waiting": any(c.done_at is None for c in recent),
        # Only the newest capture is shown whole: the page stays short.
        "latest_capture": next((c.pk for c in recent if c.capture), None),
    }


@member_required
def capture(request: HttpRequest, pk: int, command_pk: int) -> HttpResponse:
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    found = get_object_or_404(screen.commands, pk=command_pk)
    path = screenshot_path(found.capture)
    if path is None:
        raise Http404("no capture")
    return FileResponse(path.open("rb"), content_type="image/png")


@member_required
def register(request: HttpRequest) -> HttpResponse:
    names = site_names()
    allowed = {s: n for s, n in names.items() if may_manage(request.user, s)}
    if names and not allowed:
        raise PermissionDenied("referents register their site's screens; admins any")
    form = RegisterScreenForm(request.POST or None, sites=allowed)
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        if not may_manage(request.user, site):
            form.add_error("site", _("Vous ne pouvez enregistrer des écrans que pour vos sites."))
        else:
            screen, token = Screen.register(form.cleaned_data["name"], site)
            return render(
                request,
                "screens/token.html",
                {"screen": screen, "token": token, "url": _heartbeat_url(request)},
            )
    return render(request, "screens/register.html", {"form": form})


def _heartbeat_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/api/v1/heartbeat")


@require_POST
@member_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    if not may_manage(request.user, screen.site):
        raise PermissionDenied("not your site")
    screen.revoked_at = timezone.now()
    screen.save(update_fields=["revoked_at"])
    messages.success(
        request,
        _("« %(name)s » est révoqué : ses signes de vie sont refusés.") % {"name": screen.name},
    )
    return redirect("console:fleet")
