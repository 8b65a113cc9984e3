"""The API a screen managed from the console talks to (``signage.remote.client``).

``POST /api/v1/pairing``       a code for a screen (it sends its token's hash)
``GET  /api/v1/pairing``       waiting (202), paired (200: its number, feed, key), gone (410)
``GET  /api/v1/screen``        its signed settings document (304 when unchanged)
``GET  /api/v1/changes/<name>.json`` its change file (``screens.changes``; nginx serves
                               it in front of a large console)
``POST /api/v1/commands/<id>`` a command carried out (with a full-size capture)

A revoked or unknown screen gets 401 with ``{"error": "revoked" | "unknown"}``: it then
forgets its pairing and shows a code again.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signage.console import rows
from signage.console.client_address import client_address, networks
from signage.console.content.feed_files import conditional_file, feed_address, open_regular
from signage.console.first_read import first_read
from signage.console.screens import changes
from signage.console.screens.document import document_body, etag
from signage.console.screens.models import PairingRequest, Screen, ScreenCommand, hash_token
from signage.console.screens.screenshots import store_capture

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read from across a hall and typed without doubt.
ALPHABET: Final = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH: Final = 6
LIFETIME: Final = timedelta(minutes=15)
# Per network (an IPv4 address, an IPv6 /64: client_address.networks): the screens of a
# hall share one; an unpaired screen asks for a new code every 15 minutes, so 10 screens
# waiting all day stay under the hourly limit. A provider's block (/24, /48) holds at most
# 100 waiting codes. Beyond OPEN_AT_MOST waiting codes in all ("pressure"), a network that
# already holds one gets codes that last 3 minutes (still time to type one); a network
# holding none always gets one, so an attack from elsewhere never stops a hall's screen
# from showing a code to its referent. HARD_LIMIT bounds the table whatever happens.
PER_NETWORK_OPEN: Final = 10
PER_NETWORK_HOUR: Final = 60
PER_WIDE_NETWORK_OPEN: Final = 100
OPEN_AT_MOST: Final = 1000
HARD_LIMIT: Final = 20_000
PRESSURE_LIFETIME: Final = timedelta(minutes=3)
HASH = re.compile(r"^[0-9a-f]{64}$")
CHANGE_NAME = re.compile(r"[0-9a-f]{32}")
CAPTURE_MAX_BYTES: Final = 24 * 1024 * 1024  # a 4K screen's PNG


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """What a person typed, as stored: spaces and dashes out, capitals, look-alikes
    mapped (O→0 is not in the alphabet, so 0 stays wrong rather than guessed)."""
    return re.sub(r"[\s\-.]", "", typed).upper()


def _token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "unknown")
    return token.strip()


@csrf_exempt  # machines' requests, each authenticated by its token
@require_http_methods(["GET", "POST"])
def pairing(request: HttpRequest) -> JsonResponse:
    try:
        return _ask(request) if request.method == "POST" else _wait(request)
    except Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)


def _ask(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    PairingRequest.objects.filter(expires_at__lt=now - LIFETIME).delete()
    try:
        data = json.loads(request.body[:1024])
        token_hash = str(data["token_hash"])
    except (ValueError, KeyError, TypeError):
        raise Refused(400, "a JSON body with token_hash is expected") from None
    if not HASH.match(token_hash):
        raise Refused(400, "token_hash: 64 hexadecimal characters (SHA-256)")
    if Screen.objects.filter(token_hash=token_hash).exists():
        raise Refused(409, "this token already belongs to a screen; make a new one")
    address = client_address(request)
    network, wide = networks(address)
    lifetime = _lifetime(now, network, wide)
    if lifetime is None:
        response = JsonResponse({"error": "too many codes asked", "retry_after": 300}, status=429)
        response["Retry-After"] = "300"
        return response
    for _ in range(5):
        try:
            made = PairingRequest.objects.create(
                code=new_code(),
                token_hash=token_hash,
                address=address,
                network=network,
                wide_network=wide,
                expires_at=now + lifetime,
            )
            break
        except IntegrityError:  # the same code (or the same token) already waiting
            if PairingRequest.objects.filter(token_hash=token_hash).exists():
                raise Refused(409, "this token already asked for a code") from None
    else:
        raise Refused(503, "no free code; try again")
    return JsonResponse(
        {"code": made.code, "expires_in": int(lifetime.total_seconds()), "poll_seconds": 3},
        status=201,
    )


def _lifetime(now: datetime, network: str, wide: str) -> timedelta | None:
    """How long a new code from ``network`` lasts, or None when it gets none now."""
    waiting = PairingRequest.objects.filter(expires_at__gt=now, screen__isnull=True)
    mine = waiting.filter(network=network).count()
    if mine >= PER_NETWORK_OPEN or waiting.filter(wide_network=wide).count() >= (
        PER_WIDE_NETWORK_OPEN
    ):
        return None
    asked = PairingRequest.objects.filter(network=network, created_at__gt=now - timedelta(hours=1))
    if asked.count() >= PER_NETWORK_HOUR:
        return None
    total = waiting.count()
    if total >= HARD_LIMIT or (mine and total >= OPEN_AT_MOST):
        return None
    return PRESSURE_LIFETIME if mine and total >= OPEN_AT_MOST // 2 else LIFETIME


def _wait(request: HttpRequest) -> JsonResponse:
    found = PairingRequest.objects.filter(token_hash=hash_token(_token(request))).first()
    now = timezone.now()
    if found is None:
        raise Refused(410, "expired")
    if found.screen_id is None:
        if found.expires_at < now:
            found.delete()
            raise Refused(410, "expired")
        left = int((found.expires_at - now).total_seconds())
        return JsonResponse({"code": found.code, "expires_in": left}, status=202)
    return JsonResponse(
        {
            "screen_id": found.screen_id,
            "feed": feed_address(request),
            "public_key": screens_key(),
        }
    )


def screens_key() -> str:
    from signage.console.content.publishing import public_key  # noqa: PLC0415

    return settings.SCREEN_PUBLIC_KEY or public_key()


def _screen(request: HttpRequest, names: list[str] | None = None) -> Screen:
    """The screen whose token the request carries; with ``names``, only those fields
    read (written out: ``rows.fetch_one``), as a poll answered 304 needs."""
    token = hash_token(_token(request))
    if names is None:
        screen = first_read(lambda: Screen.objects.filter(token_hash=token).first())
    else:
        found = first_read(lambda: rows.fetch_one(Screen, [*names, "revoked_at"], token_hash=token))
        screen = found[0] if found is not None else None
    if screen is None:
        raise Refused(401, "unknown")
    if screen.revoked_at is not None:
        raise Refused(401, "revoked")
    return screen


@csrf_exempt
@require_GET
def screen_settings(request: HttpRequest) -> HttpResponse:
    try:
        # The ETag is the screen's settings version, read before the document: a poll of
        # an unchanged document reads two columns of one row and builds nothing (the
        # status kept from the last heartbeat, up to 64 KB, is not read).
        screen = _screen(request, ["id", "settings_version"])
    except Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    tag = etag(screen)
    if request.headers.get("If-None-Match") == tag:
        response = HttpResponse(status=304)
    else:
        from signage.console.content.publishing import signer  # noqa: PLC0415

        screen = Screen.objects.get(pk=screen.pk)  # the whole row, for the document
        tag = etag(screen)
        body = document_body(screen)
        # A new document (never a 304): the first after pairing ends the pairing request,
        # so the every-10-seconds 304 path stays free of writes.
        PairingRequest.objects.filter(screen=screen).delete()
        ScreenCommand.objects.filter(
            screen=screen, done_at__isnull=True, delivered_at__isnull=True
        ).update(delivered_at=timezone.now())
        response = HttpResponse(body, content_type="application/json")
        response["X-Signature"] = signer().lines(body)[0].decode()
    response["ETag"] = tag
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def change_file(request: HttpRequest, name: str) -> HttpResponse:
    if not CHANGE_NAME.fullmatch(name):
        raise Http404("no such change file")
    try:
        handle = open_regular(str(changes.folder()), f"{name}.json")
    except OSError as exc:
        raise Http404("no such change file") from exc
    return conditional_file(request, handle, "application/json", "no-cache")


@csrf_exempt
@require_POST
def command_done(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        screen = _screen(request)
        command = ScreenCommand.objects.filter(pk=pk, screen=screen).first()
        if command is None:
            raise Refused(404, "no such command for this screen")
        length = request.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > CAPTURE_MAX_BYTES:
            raise Refused(413, "at most 24 MB, with a Content-Length")
        update: dict[str, Any] = {
            "done_at": timezone.now(),
            "ok": request.POST.get("ok") == "1",
            "detail": str(request.POST.get("detail", ""))[:300],
        }
        shot = request.FILES.get("screenshot")
        if shot is not None:
            try:
                update["capture"] = store_capture(screen.pk, command.pk, shot.read())
            except ValueError as exc:
                raise Refused(400, str(exc)) from exc
    except Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    ScreenCommand.objects.filter(pk=command.pk).update(**update)
    return JsonResponse({"ok": True})
