"""``POST /api/v1/heartbeat``: what the players already send, received and kept.

Multipart: ``status`` (JSON, the player's status) and an optional ``screenshot`` (PNG),
with ``Authorization: Bearer <token>``. An unknown or revoked token gets 401 and nothing
is stored; a body too large 413; a malformed one 400, each with a plain reason.
"""

from __future__ import annotations

import json
import logging
import math
import re
from datetime import datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from signage.console import rows
from signage.console.first_read import first_read
from signage.console.fleet.models import Heartbeat
from signage.console.fleet.retention import prune_soon
from signage.console.fleet.state import seen_fields
from signage.console.reports.counts import day_totals, implausible_tally, shown_upsert
from signage.console.screens.api import Refused
from signage.console.screens.models import Screen, hash_token
from signage.console.screens.screenshots import check_png, store_screenshot

log = logging.getLogger(__name__)
STATUS_MAX_BYTES = 64 * 1024
HISTORY_EVERY = timedelta(minutes=15)


@csrf_exempt  # a machine's request, authenticated by its token, not a browser's
@require_POST
def heartbeat(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    try:
        screen, before = _screen(request, now)
        status, png = _body(request)
        _keep(screen, status, png, now, before)
    except Refused as refused:
        return JsonResponse({"error": str(refused)}, status=refused.status)
    prune_soon()
    return JsonResponse({"ok": True}, status=201)


def _screen(request: HttpRequest, now: datetime) -> tuple[Screen, tuple[float, float]]:
    """The screen whose token the request carries, and what it showed so far today."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "no token (Authorization: Bearer …)")
    # Only what a heartbeat needs: the status kept from the last one is not read.
    found = first_read(
        lambda: rows.fetch_one(
            Screen,
            ["id", "site", "created_at", "gallery_at", "last_screenshot"],
            day_totals(timezone.localdate(now)),
            token_hash=hash_token(token.strip()),
            revoked_at=None,
        )
    )
    if found is None:
        raise Refused(401, "unknown or revoked token")
    screen, (shows, seconds) = found
    return screen, (float(shows), float(seconds))


def _body(request: HttpRequest) -> tuple[dict[str, Any], bytes | None]:
    length = request.headers.get("Content-Length")
    if length is None or not length.isdigit():
        raise Refused(411, "Content-Length required")
    if int(length) > settings.HEARTBEAT_MAX_BYTES:
        raise Refused(413, f"more than {settings.HEARTBEAT_MAX_BYTES} bytes")
    try:
        files = request.FILES
    except Exception as exc:  # Django raises several kinds on a broken multipart body
        raise Refused(400, f"not a multipart body ({type(exc).__name__})") from exc
    part = files.get("status")
    if part is None or part.size > STATUS_MAX_BYTES:
        raise Refused(400, "a 'status' part of JSON (at most 64 KB) is required")
    try:
        # UTF-8, as JSON between systems is (RFC 8259): other encodings are refused.
        text = part.read().decode()
        status = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
        if _ESCAPED_UNKEEPABLE.search(text):
            status = _keepable(status)
    except (ValueError, RecursionError) as exc:
        raise Refused(400, f"the 'status' part is not JSON a database keeps ({exc})") from exc
    if not isinstance(status, dict):
        raise Refused(400, "the 'status' part is not a JSON object")
    shot = files.get("screenshot")
    png = None
    if shot is not None:
        if shot.size > settings.SCREENSHOT_MAX_BYTES:
            raise Refused(413, "screenshot larger than 1 MB")
        png = shot.read()
        try:
            check_png(png)  # before anything is kept: a refused heartbeat changes nothing
        except ValueError as exc:
            raise Refused(400, str(exc)) from exc
    return status, png


def _no_constant(name: str) -> float:
    # Python's reader takes NaN and Infinity, which JSON has not: PostgreSQL refuses them.
    raise ValueError(f"{name} is not a JSON number")


# What JSON may hold and a database may not: U+0000 (PostgreSQL's text and jsonb keep
# no NUL) and a lone surrogate (not UTF-8: neither database takes it). JSON writes either
# only as a \u escape; the search lets a status without one skip the walk.
_ESCAPED_UNKEEPABLE: Final = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_UNKEEPABLE: Final = re.compile("[\x00\ud800-\udfff]")


def _keepable(value: Any) -> Any:
    """``value`` with the characters no database keeps replaced by U+FFFD. A title in a
    feed may hold one, and the screen describes what it shows: its heartbeats refused for
    a character would make it look offline."""
    if isinstance(value, str):
        return _UNKEEPABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_keepable(key): _keepable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keepable(item) for item in value]
    return value


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e999
        raise ValueError(f"{text[:20]} is beyond what a number holds")
    return value


def _keep(
    screen: Screen,
    status: dict[str, Any],
    png: bytes | None,
    now: datetime,
    before: tuple[float, float],
) -> None:
    latest = path = ""
    if png is not None:
        # Every picture replaces the latest; one every HISTORY_EVERY goes to the gallery
        # (a picture a minute for 30 days would be 12 MB per screen).
        last_copy = screen.gallery_at
        due = last_copy is None or not timedelta(0) <= now - last_copy < HISTORY_EVERY
        try:
            latest, path = store_screenshot(
                screen.pk, png, now, history=due, current=screen.last_screenshot
            )
        except OSError as exc:
            # A full disk: the status is still kept (the screen is seen), the picture
            # before stays the latest.
            log.warning("screen %s: its screenshot is not kept: %s", screen.pk, exc)
    shown = status.pop("shown", None)  # counted below, not kept with the status
    if (implausible := implausible_tally(screen, shown, now, before)) is not None:
        log.warning("screen %s: its display counts are not kept: %s", screen.pk, implausible)
        shown = None
    content = status.get("content") if isinstance(status.get("content"), dict) else {}
    sync = status.get("sync") if isinstance(status.get("sync"), dict) else {}
    slide = status.get("current_slide") if isinstance(status.get("current_slide"), dict) else {}
    assert isinstance(content, dict) and isinstance(sync, dict) and isinstance(slide, dict)
    sequence = content.get("sequence")
    age = content.get("age_seconds")
    update: dict[str, Any] = seen_fields(now, status)
    if latest:
        update["last_screenshot"] = latest
    if path:
        update["gallery_at"] = now
    counted = shown_upsert(screen, shown, now)
    rows.run_together(
        [
            rows.insert(
                Heartbeat,
                {
                    "screen": screen.pk,
                    "received_at": now,
                    "awake": status.get("display") != "asleep",
                    "showing": str(slide.get("description") or "")[:200],
                    "sequence": sequence
                    if isinstance(sequence, int) and abs(sequence) < 2**62
                    else None,
                    "content_age_seconds": age
                    if isinstance(age, int) and abs(age) < 2**31
                    else None,
                    "error": str(sync.get("last_error") or "")[:300],
                    "screenshot": path,
                },
            ),
            rows.update(Screen, screen.pk, update),
            *([counted] if counted is not None else []),
        ]
    )
