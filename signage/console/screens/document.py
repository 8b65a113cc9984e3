"""The settings document a screen fetches: its site's settings, its own on top, the
commands waiting for it; signed with the admins' key (``signage.remote.document`` is
what the screen checks)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from signage.console.screens.models import Screen, ScreenCommand, ScreenSettings
from signage.remote.document import COMMAND_TTL, FORMAT

LIST_SECTIONS = ("playlist",)


def effective(screen: Screen) -> tuple[dict[str, Any], int]:
    """The settings a screen runs with (site's, then its own, section by section), and
    their revision (milliseconds of the latest change: it only grows)."""
    rows = list(
        ScreenSettings.objects.filter(Q(site=screen.site, screen__isnull=True) | Q(screen=screen))
    )
    rows.sort(key=lambda r: r.screen_id is not None)  # the site's first
    settings: dict[str, Any] = {}
    for row in rows:
        for section, value in row.values.items():
            if section in LIST_SECTIONS or not isinstance(value, dict):
                settings[section] = value
            else:
                settings.setdefault(section, {}).update(value)
    settings["site"] = {**settings.get("site", {}), "id": screen.site}
    changes = [screen.changed_at, *(r.updated_at for r in rows)]
    return settings, int(max(changes).timestamp() * 1000)


def document_body(screen: Screen) -> bytes:
    settings, revision = effective(screen)
    since = timezone.now() - COMMAND_TTL + timedelta(seconds=5)
    waiting = ScreenCommand.objects.filter(
        screen=screen, done_at__isnull=True, requested_at__gte=since
    ).order_by("requested_at")
    document = {
        "format": FORMAT,
        "screen": screen.pk,
        "name": screen.name,
        "revision": revision,
        "settings": settings,
        "commands": [
            {"id": c.pk, "action": c.action, "issued_at": c.requested_at.isoformat()}
            for c in waiting
        ],
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode()


def etag(screen: Screen) -> str:
    """Its settings document's ETag: what makes the document, as a version
    (``screens.changes`` bumps it at every change)."""
    return f'"{FORMAT}.{screen.pk}.{screen.settings_version}"'
